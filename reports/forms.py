from django import forms
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium, Outcome
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

    def __init__(self, *args, biennium: Biennium, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.biennium = biennium
        self.fields["outcomes"].queryset = outcomes


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
