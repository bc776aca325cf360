"""Entering and editing a recommendation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import PlacesField, indicators_field, lines, outcomes_field
from evaluations.models import Recommendation
from evaluations.services import RecommendationInput
from rbm import limits
from rbm.translation import in_source_language


class RecommendationForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    text = forms.CharField(
        label=_("Recommendation"), max_length=limits.RECOMMENDATION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
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
    @in_source_language
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
