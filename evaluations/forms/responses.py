"""The Office's response to recommendations, with its stance on each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import OfficeResponse, Recommendation
from rbm import limits

ANSWERED_ELSEWHERE = _("Answered by the response “%(heading)s”.")
NOT_ANSWERED_HERE = _("— not answered by this response —")


class OfficeResponseForm(forms.Form):
    """A heading and text, and the Office's stance on each recommendation this response answers."""

    heading = forms.CharField(
        label=_("Heading"),
        max_length=300,
        required=False,
        help_text=_("As published, e.g. “Increasing international collaboration”."),
    )
    text = forms.CharField(
        label=_("Response"), max_length=limits.RESPONSE_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, recommendations: list[Recommendation], response: OfficeResponse | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        self.response = response
        choices = [("", NOT_ANSWERED_HERE), *Recommendation.Stance.choices]
        for recommendation in recommendations:
            elsewhere = recommendation.response_id and (response is None or recommendation.response_id != response.pk)
            field = forms.ChoiceField(
                label=_("Recommendation %(number)d") % {"number": recommendation.number},
                choices=choices,
                required=False,
                disabled=bool(elsewhere),
                help_text=ANSWERED_ELSEWHERE % {"heading": recommendation.response} if elsewhere else "",
            )
            if response is not None and recommendation.response_id == response.pk:
                field.initial = recommendation.stance
            self.fields[f"stance_{recommendation.pk}"] = field

    @property
    def stance_fields(self):
        return [(recommendation, self[f"stance_{recommendation.pk}"]) for recommendation in self.recommendations]

    def answers(self) -> list[tuple[Recommendation, str]]:
        return [
            (recommendation, self.cleaned_data[f"stance_{recommendation.pk}"])
            for recommendation in self.recommendations
            if not self.fields[f"stance_{recommendation.pk}"].disabled
            and self.cleaned_data.get(f"stance_{recommendation.pk}")
        ]
