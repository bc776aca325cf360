from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import Recommendation
from indicators.models import Indicator
from outcomes.models import Biennium, Outcome
from plans.models import KeyOutputStatus
from plans.rules import EVIDENCE_LIMIT


class KeyOutputStatusForm(forms.Form):
    biennium = forms.ModelChoiceField(label=_("Biennium"), queryset=Biennium.objects.none(), to_field_name="start_year")
    status = forms.ChoiceField(label=_("Status"), choices=KeyOutputStatus.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=EVIDENCE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the key output is dropped."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=EVIDENCE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a document, a link, an event."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["biennium"].queryset = Biennium.objects.filter(
            end_year__gte=plan.period_start, start_year__lte=plan.period_end
        ).order_by("start_year")


class KeyOutputLinkForm(forms.Form):
    biennium = forms.ModelChoiceField(
        label=_("Biennium"), queryset=Biennium.objects.none(), to_field_name="start_year", required=False
    )
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=Outcome.objects.none(), required=False)
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none(), required=False)
    recommendation = forms.ModelChoiceField(
        label=_("Evaluation recommendation"), queryset=Recommendation.objects.none(), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["biennium"].queryset = Biennium.objects.filter(
            end_year__gte=plan.period_start, start_year__lte=plan.period_end
        ).order_by("start_year")
        self.fields["outcome"].queryset = Outcome.objects.select_related("framework").order_by("framework", "position")
        self.fields["indicator"].queryset = Indicator.objects.select_related("framework").order_by("framework", "code")
        self.fields["recommendation"].queryset = Recommendation.objects.select_related("evaluation").order_by(
            "evaluation", "number"
        )
