import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, user_scope
from outcomes.models import Biennium, Outcome, OutcomeNarrative, SignificantOutput
from outcomes.narrative_text import paragraphs

_BIENNIUM_LABEL = re.compile(r"^\s*(\d{4})\s*[-\u2010-\u2015/]\s*(\d{2}|\d{4})\s*$")

BIENNIUM_LABEL_INVALID = _("“%(label)s” is not a biennium; write it as published, e.g. 2014-15.")
BIENNIUM_UNKNOWN = _("There is no biennium %(label)s.")


def biennium_list() -> QuerySet[Biennium]:
    return Biennium.objects.select_related("framework").order_by("start_year")


def biennium_get(*, label: str) -> Biennium:
    """Return the biennium a label such as "2014-15" (or "2014-2015") names."""
    match = _BIENNIUM_LABEL.match(label or "")
    if match is None:
        raise ValidationError({"biennium": BIENNIUM_LABEL_INVALID % {"label": label}})
    start_year, end = int(match.group(1)), match.group(2)
    if int(end[-2:]) != (start_year + 1) % 100:
        raise ValidationError({"biennium": BIENNIUM_LABEL_INVALID % {"label": label}})
    try:
        return biennium_list().get(start_year=start_year)
    except Biennium.DoesNotExist:
        raise ValidationError({"biennium": BIENNIUM_UNKNOWN % {"label": label}}) from None


def biennium_default() -> Biennium | None:
    """The latest biennium that has results or targets, else the latest one."""
    with_data = biennium_list().filter(targets__isnull=False).order_by("-start_year").first()
    return with_data or biennium_list().order_by("-start_year").first()


def outcome_list(*, biennium: Biennium) -> QuerySet[Outcome]:
    return Outcome.objects.filter(framework_id=biennium.framework_id).order_by("position", "number")


def outcome_get(*, biennium: Biennium, pk: int) -> Outcome:
    """The outcome with this id in the biennium's framework; raises Outcome.DoesNotExist otherwise."""
    return outcome_list(biennium=biennium).select_related("framework").get(pk=pk)


def narrative_can_edit(*, user: AnyUser, outcome: Outcome) -> bool:
    """Managers and administrators edit the narratives of the outcomes in their scope.

    A narrative speaks for the whole outcome, not one region, so only the outcome scope applies.
    """
    scope = user_scope(user=user)
    if scope.is_administrator:
        return True
    return scope.can_validate and (scope.outcome_ids is None or outcome.pk in scope.outcome_ids)


def outcome_narrative_get(*, outcome: Outcome, biennium: Biennium) -> OutcomeNarrative | None:
    return (
        OutcomeNarrative.objects.filter(outcome=outcome, biennium=biennium)
        .select_related("updated_by")
        .prefetch_related(Prefetch("outputs", queryset=SignificantOutput.objects.order_by("position")))
        .first()
    )


def outcome_narratives(*, biennium: Biennium, outcome_ids: list[int] | None = None) -> dict[int, OutcomeNarrative]:
    """The biennium's narratives by outcome id, with their outputs in order (two queries)."""
    narratives = OutcomeNarrative.objects.filter(biennium=biennium).prefetch_related(
        Prefetch("outputs", queryset=SignificantOutput.objects.order_by("position"))
    )
    if outcome_ids is not None:
        narratives = narratives.filter(outcome_id__in=outcome_ids)
    return {narrative.outcome_id: narrative for narrative in narratives}


def outputs_by_category(*, narrative: OutcomeNarrative | None) -> list[tuple[str, str, list[str]]]:
    """The significant-outputs table: (category, label, items) for every category, in published order."""
    items: dict[str, list[str]] = {value: [] for value in SignificantOutput.Category.values}
    if narrative is not None:
        for output in narrative.outputs.all():
            items[output.category].append(output.text)
    return [(value, str(label), items[value]) for value, label in SignificantOutput.Category.choices]


SECTION_HEADINGS = {
    "areas_of_focus": _(
        "How the strategy delivered on the two or three areas of focus identified in the programme and "
        "budget %(biennium)s"
    ),
    "support_to_constituents": _("How the strategy delivered support to constituents"),
    "gender_equality": _("How the strategy helped to address gender equality and non-discrimination"),
    "external_partnerships": _("Significant external partnerships that have helped in delivering the strategy"),
}
OUTPUTS_HEADING = _("Significant outputs")


@dataclass(frozen=True)
class NarrativeSection:
    name: str
    heading: str
    paragraphs: list[str]


def narrative_sections(*, narrative: OutcomeNarrative | None, biennium: Biennium) -> list[NarrativeSection]:
    """The four headed sections of an outcome's narrative, as the implementation report prints them."""
    return [
        NarrativeSection(
            name=name,
            heading=str(heading) % {"biennium": biennium.label} if name == "areas_of_focus" else str(heading),
            paragraphs=paragraphs(getattr(narrative, name) if narrative else ""),
        )
        for name, heading in SECTION_HEADINGS.items()
    ]


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    what: str
    reason: str


def narrative_history(*, narrative: OutcomeNarrative) -> list[HistoryEntry]:
    """Every change to a narrative and its outputs, newest first: who, when, what changed and why (two queries)."""
    actions: dict[str, str | Promise] = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries: list[HistoryEntry] = []
    records = list(narrative.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        what: str | Promise
        if previous is None:
            what = _("the narrative")
        else:
            changed = record.diff_against(previous).changed_fields
            # Every tracked name is a column of the narrative, never a reverse relation.
            fields = [cast(Field, OutcomeNarrative._meta.get_field(name)) for name in changed if name in _TRACKED]
            labels = [capfirst(str(field.verbose_name)) for field in fields]
            what = ", ".join(labels) or _("nothing in its text")
        entries.append(_entry(record, actions, what))
        previous = record
    output_records = SignificantOutput.history.filter(narrative_id=narrative.pk).select_related("history_user")
    for record in output_records:
        what = _("output %(position)d (%(category)s)") % {
            "position": record.position,
            "category": SignificantOutput.Category(record.category).label,
        }
        entries.append(_entry(record, actions, what))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


_TRACKED = {
    "areas_of_focus",
    "support_to_constituents",
    "gender_equality",
    "external_partnerships",
    "outputs_introduction",
    "source",
}


def _entry(record: Any, actions: dict[str, str | Promise], what: str | Promise) -> HistoryEntry:
    """`record` is a historical record of django-simple-history, whose classes are made at run time."""
    user = record.history_user
    who = (user.get_full_name() or user.get_username()) if user else _("system")
    return HistoryEntry(
        when=record.history_date,
        who=str(who),
        action=str(actions[record.history_type]),
        what=str(what),
        reason=record.history_change_reason or "",
    )
