import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from outcomes.models import (
    Biennium,
    BienniumStatusChange,
    Edition,
    EditionFile,
    Outcome,
    OutcomeNarrative,
    SignificantOutput,
)
from outcomes.parsers.narrative import SECTION_FIELDS, paragraphs
from rbm.history import HistoryEntry, history_entries, history_merge
from rbm.replica import replica_read

_BIENNIUM_LABEL = re.compile(r"^\s*(\d{4})\s*[-\u2010-\u2015/]\s*(\d{2}|\d{4})\s*$")

BIENNIUM_LABEL_INVALID = _("“%(label)s” is not a biennium; write it as published, e.g. 2014-15.")
BIENNIUM_UNKNOWN = _("There is no biennium %(label)s.")


@replica_read
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


def biennium_status_list() -> QuerySet[Biennium]:
    """Every biennium with its closing and reopening log, newest change first (two queries)."""
    changes = BienniumStatusChange.objects.select_related("changed_by")
    return biennium_list().prefetch_related(Prefetch("status_changes", queryset=changes))


def biennium_default() -> Biennium | None:
    """The latest biennium that has results or targets, else the latest one."""
    with_data = biennium_list().filter(targets__isnull=False).order_by("-start_year").first()
    return with_data or biennium_list().order_by("-start_year").first()


def biennium_chosen(*, label: str | None) -> tuple[Biennium | None, str]:
    """The biennium a page's `?biennium=` names, else the default one, with the error when it names none."""
    if label:
        try:
            return biennium_get(label=label), ""
        except ValidationError as invalid:
            return biennium_default(), " ".join(invalid.message_dict["biennium"])
    return biennium_default(), ""


@replica_read
def outcome_list(*, biennium: Biennium) -> QuerySet[Outcome]:
    return Outcome.objects.filter(framework_id=biennium.framework_id).order_by("position", "number")


def outcome_get(*, biennium: Biennium, pk: int) -> Outcome:
    """The outcome with this id in the biennium's framework; raises Outcome.DoesNotExist otherwise."""
    return outcome_list(biennium=biennium).select_related("framework").get(pk=pk)


def outcome_narrative_get(*, outcome: Outcome, biennium: Biennium) -> OutcomeNarrative | None:
    return (
        OutcomeNarrative.objects.filter(outcome=outcome, biennium=biennium)
        .select_related("updated_by")
        .prefetch_related(Prefetch("outputs", queryset=SignificantOutput.objects.order_by("position")))
        .first()
    )


def outcome_narrative_map(*, biennium: Biennium, outcome_ids: list[int] | None = None) -> dict[int, OutcomeNarrative]:
    """The biennium's narratives by outcome id, with their outputs in order (two queries)."""
    narratives = OutcomeNarrative.objects.filter(biennium=biennium).prefetch_related(
        Prefetch("outputs", queryset=SignificantOutput.objects.order_by("position"))
    )
    if outcome_ids is not None:
        narratives = narratives.filter(outcome_id__in=outcome_ids)
    return {narrative.outcome_id: narrative for narrative in narratives}


def significant_output_table(*, narrative: OutcomeNarrative | None) -> list[tuple[str, str, list[str]]]:
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


def outcome_narrative_sections(*, narrative: OutcomeNarrative | None, biennium: Biennium) -> list[NarrativeSection]:
    """The four headed sections of an outcome's narrative, as the implementation report prints them."""
    return [
        NarrativeSection(
            name=name,
            heading=str(heading) % {"biennium": biennium.label} if name == "areas_of_focus" else str(heading),
            paragraphs=paragraphs(getattr(narrative, name) if narrative else ""),
        )
        for name, heading in SECTION_HEADINGS.items()
    ]


# The narrative's own text and where it came from; who saved it last and when are the entry itself.
NARRATIVE_HISTORY_FIELDS = (*SECTION_FIELDS, "outputs_introduction", "source")


def outcome_narrative_history(*, narrative: OutcomeNarrative) -> list[HistoryEntry]:
    """Every change to a narrative and its outputs, newest first: who, when, what changed and why (two queries)."""
    narrative_records = narrative.history.select_related("history_user")
    output_records = SignificantOutput.history.filter(narrative_id=narrative.pk).select_related("history_user")
    return history_merge(
        history_entries(narrative_records, what=str(_("the narrative")), fields=NARRATIVE_HISTORY_FIELDS),
        history_entries(output_records, what=_output_label, fields=("category", "text")),
    )


def _output_label(record: Any) -> str:
    """`record` is a historical record of django-simple-history, whose classes are made at run time."""
    return _("output %(position)d (%(category)s)") % {
        "position": record.position,
        "category": SignificantOutput.Category(record.category).label,
    }


def edition_list(*, biennium: Biennium | None = None) -> QuerySet[Edition]:
    """Editions, a biennium's (or every biennium's) in the order published, with who published them and their
    files (two queries)."""
    editions = Edition.objects.select_related("biennium", "published_by").prefetch_related(
        Prefetch("files", queryset=EditionFile.objects.order_by("language", "format"))
    )
    if biennium is not None:
        editions = editions.filter(biennium=biennium)
    return editions.order_by("biennium__start_year", "number")


def edition_get(*, biennium: Biennium, number: int) -> Edition:
    """A biennium's edition by its number; raises Edition.DoesNotExist."""
    return edition_list(biennium=biennium).get(number=number)


def edition_before(*, biennium: Biennium, moment: datetime | None = None) -> Edition | None:
    """The biennium's last edition whose figures are as of a moment before `moment` (or the last one at all)."""
    editions = Edition.objects.select_related("biennium").filter(biennium=biennium)
    if moment is not None:
        editions = editions.filter(as_of__lt=moment)
    return editions.order_by("-as_of", "-number").first()
