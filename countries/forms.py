"""The forms officers enter a place's Decent Work Country Programmes and CPOs with; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import CountryProgramme

YEAR_MIN, YEAR_MAX = 1990, 2100


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    start_year = forms.IntegerField(label=_("First year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    end_year = forms.IntegerField(label=_("Last year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    status = forms.ChoiceField(label=_("Status"), choices=CountryProgramme.Status.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProgrammeOutcomeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("The place's ISO code and a number, e.g. GHA101.")
    )
    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    programme = forms.ModelChoiceField(
        label=_("Decent Work Country Programme"),
        queryset=CountryProgramme.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    contributions = forms.CharField(
        label=_("Contributes to"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Per biennium, the indicators or outcomes it contributes to: e.g. 2014-15: 4.2 4.3; 2016-17: 4."),
    )

    def __init__(self, *args, programmes, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
