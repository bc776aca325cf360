from django import forms
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium
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
