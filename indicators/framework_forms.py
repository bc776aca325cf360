"""Forms of the framework editor: they read and check input; the framework services decide the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, MeasurementCriterion, PublishedFigure, Target
from indicators.rules import PUBLISHED_FIGURE_INCOMPLETE, REASON_MAX_LENGTH, TARGET_INCOMPLETE
from indicators.services.framework import FigureInput, TargetInput
from outcomes.models import Outcome
from rbm.translation import in_source_language

# The largest count a PostgreSQL integer column holds.
COUNT_MAX = 2**31 - 1
REASON_HELP = _("Required once results are recorded; kept in the history with your name.")
NEW_CRITERIA_HELP = _("One criterion per line; each gets the next number.")
CRITERION_HELP = _("Clear the text to remove this criterion.")


def _count(label, *, required: bool = False, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=COUNT_MAX, help_text=help_text)


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=REASON_MAX_LENGTH, required=False, help_text=REASON_HELP
    )


class OutcomeFrameworkForm(ReasonMixin):
    number = forms.CharField(label=_("Number"), max_length=Outcome._meta.get_field("number").max_length)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(
        label=_("Position"), min_value=0, max_value=32767, initial=0, help_text=_("Order among the outcomes.")
    )
    field_order = ("number", "statement", "position", "reason")

    @classmethod
    @in_source_language
    def initial_for(cls, outcome: Outcome) -> dict:
        return {"number": outcome.number, "statement": outcome.statement, "position": outcome.position}


class IndicatorFrameworkForm(ReasonMixin):
    """An indicator's definition, its criteria (one field per existing criterion, plus new ones), and its target
    and published figure for the biennium being edited."""

    code = forms.CharField(label=_("Code"), max_length=Indicator._meta.get_field("code").max_length)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.CharField(
        label=_("Unit"), max_length=Indicator._meta.get_field("unit").max_length, help_text=_("Plural, as published.")
    )
    unit_singular = forms.CharField(
        label=_("Unit (singular)"), max_length=Indicator._meta.get_field("unit_singular").max_length
    )
    unit_kind = forms.ChoiceField(label=_("What it counts"), choices=Indicator.UnitKind.choices)
    predecessor = forms.ModelChoiceField(
        label=_("Continues indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("(none: a new indicator)"),
        help_text=_("The indicator of an earlier strategic framework that this one continues."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)
    criteria_rule = forms.ChoiceField(label=_("A result counts when it meets"), choices=Indicator.CriteriaRule.choices)
    criteria_minimum = forms.IntegerField(
        label=_("Criteria to meet"),
        min_value=1,
        max_value=32767,
        initial=1,
        help_text=_("With “at least”: how many criteria a result must meet."),
    )
    new_criteria = forms.CharField(
        label=_("New criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=NEW_CRITERIA_HELP
    )
    target_value = _count(_("Target"), help_text=_("Leave empty when the biennium sets no target."))
    target_text = forms.CharField(
        label=_("Target as published"), required=False, max_length=Target._meta.get_field("text").max_length
    )
    published_text = forms.CharField(
        label=_("Published result"),
        required=False,
        max_length=PublishedFigure._meta.get_field("text").max_length,
        help_text=_("As the implementation report printed it: “24 member States and 1 territory”."),
    )
    published_value = _count(_("Published total"))
    published_member_states = _count(_("Of which member States"))
    published_territories = _count(_("Of which territories"))
    published_source = forms.CharField(
        label=_("Source document"), required=False, max_length=PublishedFigure._meta.get_field("source").max_length
    )

    def __init__(self, *args, criteria: list[MeasurementCriterion], predecessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = predecessors
        self.fields["predecessor"].label_from_instance = lambda item: f"{item.framework}: {item.code} {item.statement}"
        self.criterion_numbers = [criterion.number for criterion in criteria]
        for criterion in criteria:
            self.fields[f"criterion_{criterion.number}"] = forms.CharField(
                label=_("Criterion %(number)d") % {"number": criterion.number},
                required=False,
                initial=criterion.text,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=CRITERION_HELP,
            )

    @classmethod
    @in_source_language
    def initial_for(cls, indicator: Indicator, *, target: Target | None, published: PublishedFigure | None) -> dict:
        initial = {name: getattr(indicator, name) for name in ("code", "statement", "unit", "unit_singular")}
        initial |= {
            "unit_kind": indicator.unit_kind,
            "criteria_rule": indicator.criteria_rule,
            "criteria_minimum": indicator.criteria_minimum,
            "predecessor": indicator.predecessor_id,
            "position": indicator.position,
        }
        if target is not None:
            initial |= {"target_value": target.value, "target_text": target.text}
        if published is not None:
            initial |= {
                "published_text": published.text,
                "published_value": published.value,
                "published_member_states": published.member_states,
                "published_territories": published.territories,
                "published_source": published.source,
            }
        return initial

    def definition_fields(self) -> list:
        names = ("code", "statement", "unit", "unit_singular", "unit_kind", "predecessor", "position")
        return [self[name] for name in names]

    def criterion_fields(self) -> list:
        return [self[f"criterion_{number}"] for number in self.criterion_numbers]

    def clean(self):
        data = super().clean()
        if data.get("target_value") is None and data.get("target_text"):
            self.add_error("target_value", TARGET_INCOMPLETE)
        if bool(data.get("published_text")) != (data.get("published_value") is not None):
            self.add_error("published_text", PUBLISHED_FIGURE_INCOMPLETE)
        return data

    def definition(self) -> dict:
        names = ("code", "statement", "unit", "unit_singular", "unit_kind", "criteria_rule", "criteria_minimum")
        return {
            **{name: self.cleaned_data[name] for name in names},
            "predecessor": self.cleaned_data["predecessor"],
            "position": self.cleaned_data["position"],
        }

    def criteria(self) -> dict[int, str]:
        """Each kept criterion's number and text, then the new ones numbered after the highest."""
        kept = {number: self.cleaned_data.get(f"criterion_{number}", "") for number in self.criterion_numbers}
        following = max(self.criterion_numbers, default=0) + 1
        new = [line.strip() for line in self.cleaned_data.get("new_criteria", "").splitlines() if line.strip()]
        return {**kept, **{following + offset: text for offset, text in enumerate(new)}}

    def target(self) -> TargetInput | None:
        value = self.cleaned_data.get("target_value")
        return None if value is None else TargetInput(value=value, text=self.cleaned_data.get("target_text", ""))

    def published(self) -> FigureInput | None:
        value = self.cleaned_data.get("published_value")
        if value is None:
            return None
        return FigureInput(
            text=self.cleaned_data["published_text"],
            value=value,
            member_states=self.cleaned_data.get("published_member_states"),
            territories=self.cleaned_data.get("published_territories") or 0,
            source=self.cleaned_data.get("published_source", ""),
        )


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Show a framework service's field errors on the form's fields, or above it for other keys."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
