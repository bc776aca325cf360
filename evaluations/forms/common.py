"""What the entry forms share: reading lines, showing service errors, choosing outcomes, indicators and places."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.filters import OUTCOME_CHOICE
from indicators.models import Indicator
from outcomes.models import Outcome
from places.selectors import PlaceIndex, place_index_build, place_suggest

UNKNOWN_PLACES = _("Not a known member State or territory: %(names)s. Write one place per line, as published.")
UNKNOWN_PLACE_CLOSEST = _("%(name)s (did you mean %(names)s?)")


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.framework.name} · {obj.code}: {obj.statement[:90]}"


class OutcomesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Outcome) -> str:
        return f"{OUTCOME_CHOICE % {'framework': obj.framework.name, 'number': obj.number}}: {obj.statement[:80]}"


def outcomes_field(help_text: str) -> OutcomesField:
    return OutcomesField(
        queryset=Outcome.objects.select_related("framework").order_by("framework__start_year", "position", "number"),
        required=False,
        label=_("Outcomes"),
        help_text=help_text,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


def indicators_field() -> IndicatorChoiceField:
    return IndicatorChoiceField(
        queryset=Indicator.objects.select_related("framework").order_by("framework__start_year", "position", "code"),
        required=False,
        label=_("Indicators"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class PlacesField(forms.CharField):
    """Place names, one per line, resolved by the one place-name resolver into (name as typed, place) pairs."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        names = lines(super().clean(value))
        if not names:
            return []
        index = place_index_build()
        resolved = [(name, index.resolve(name)) for name in names]
        unknown = [_unknown(name=name, index=index) for name, place in resolved if place is None]
        if unknown:
            raise ValidationError(UNKNOWN_PLACES % {"names": "; ".join(unknown)})
        return resolved


def _unknown(*, name: str, index: PlaceIndex) -> str:
    """An unknown name as typed, with the closest known names when there are any."""
    closest = place_suggest(name=name, index=index)
    if not closest:
        return name
    return str(UNKNOWN_PLACE_CLOSEST % {"name": name, "names": ", ".join(f"“{item}”" for item in closest)})
