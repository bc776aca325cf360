"""Recommendations and the Office's response to them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import PlacesField, indicators_field, lines, outcomes_field
from evaluations.models import OfficeResponse, Recommendation
from evaluations.services import RecommendationInput

ANSWERED_ELSEWHERE = _("Answered by the response “%(heading)s”.")
NOT_ANSWERED_HERE = _("— not answered by this response —")


class RecommendationForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(
        label=_("Suggested next steps"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line."),
    )
    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("not stated")), *Recommendation.Priority.choices], required=False
    )
    time_frame = forms.CharField(
        label=_("Time frame"), max_length=100, required=False, help_text=_("e.g. within six months")
    )
    outcomes = outcomes_field(_("Recommendations linked to an outcome appear in its annex of the biennial report."))
    indicators = indicators_field()
    places = PlacesField(label=_("Places"), help_text=_("One per line."))

    @classmethod
    def initial_from(cls, recommendation: Recommendation) -> dict:
        return {
            "number": recommendation.number,
            "text": recommendation.text,
            "next_steps": "\n".join(step.text for step in recommendation.next_steps.all()),
            "addressee": recommendation.addressee,
            "priority": recommendation.priority,
            "time_frame": recommendation.time_frame,
            "outcomes": list(recommendation.outcomes.all()),
            "indicators": list(recommendation.indicators.all()),
            "places": "\n".join(place.name for place in recommendation.places.all()),
        }

    def to_input(self) -> RecommendationInput:
        data = self.cleaned_data
        return RecommendationInput(
            number=data["number"],
            text=data["text"],
            addressee=data["addressee"],
            priority=data["priority"],
            time_frame=data["time_frame"],
            outcomes=list(data["outcomes"]),
            indicators=list(data["indicators"]),
            places=[place for _name, place in data["places"]],
            next_steps=lines(data["next_steps"]),
        )


class OfficeResponseForm(forms.Form):
    """A heading and text, and the Office's stance on each recommendation this response answers."""

    heading = forms.CharField(
        label=_("Heading"),
        max_length=300,
        required=False,
        help_text=_("As published, e.g. “Increasing international collaboration”."),
    )
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 6}))

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
