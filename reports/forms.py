from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium, Outcome
from rbm.moments import moment_parse
from reports.models import ReportFormat
from reports.rules import REPORT_NO_FORMAT


class OutcomeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, outcome: Outcome) -> str:
        return _("Outcome %(number)s: %(statement)s") % {"number": outcome.number, "statement": outcome.statement}


class ReportRequestForm(forms.Form):
    """Which outcomes of a biennium, in which formats; the biennium is chosen before, in the page's URL."""

    outcomes = OutcomeChoiceField(
        label=_("Outcomes"),
        queryset=Outcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every outcome you may report on."),
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        initial=ReportFormat.values,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": REPORT_NO_FORMAT},
    )

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The whole report in this language; a text not yet translated is printed in English."),
    )

    def __init__(self, *args, biennium: Biennium, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.biennium = biennium
        self.fields["outcomes"].queryset = outcomes
        self.fields["language"].initial = (get_language() or "en").split("-")[0]


class EditionPublishForm(forms.Form):
    """The title of the edition to publish and, optionally, the past moment its figures are frozen as of."""

    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("As it will be published, e.g. “Programme implementation report 2014–15”."),
    )
    at = forms.CharField(
        label=_("Figures as of"),
        required=False,
        max_length=40,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to publish the figures as they are now; a past moment freezes them as they stood."),
    )

    def clean_at(self):
        text = self.cleaned_data["at"]
        if not text:
            return None
        try:
            return moment_parse(text, field="at")
        except ValidationError as invalid:
            raise forms.ValidationError(invalid.message_dict["at"]) from None


class PlanMatrixRequestForm(forms.Form):
    """The biennium the revised matrix's status column reports on, and the formats."""

    biennium = forms.ModelChoiceField(
        label=_("Status in the biennium"), queryset=Biennium.objects.none(), to_field_name="start_year"
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        initial=ReportFormat.values,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": REPORT_NO_FORMAT},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["biennium"].queryset = Biennium.objects.filter(
            end_year__gte=plan.period_start, start_year__lte=plan.period_end
        ).order_by("start_year")
