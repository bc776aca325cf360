"""Restatements: every change to what a biennium's figures count made after one of its editions was published.

Read from the results' kept history: a change is a restatement when a result starts or stops counting (it is
validated, reopened, or deleted while validated) after the edition's moment. Each says who, when, why (the
reason kept in full with the change), and which indicator's figure moved from what to what, the figure walked
from the count as of the edition. A fixed number of queries, whatever the number of changes.
"""

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from indicators.models import Result
from indicators.selectors.counts import results_validated
from outcomes.models import Biennium, Edition
from rbm.template_library import person

VALIDATED = Result.Status.VALIDATED
DELETED = "-"

CHANGE_COUNTED = _("now counts")
CHANGE_UNCOUNTED = _("no longer counts")


@dataclass(frozen=True)
class Restatement:
    """One change after an edition: whose result, who changed it, when, why, and the figure it moved."""

    when: datetime
    who: str
    reason: str
    indicator: str
    result_id: int
    place: str
    iso3: str
    status_before: str
    status_after: str
    counted: bool  # the result counts after the change (it did not before)
    figure_before: int
    figure_after: int

    def as_json(self) -> dict[str, Any]:
        return {
            "when": self.when.isoformat(),
            "who": self.who,
            "reason": self.reason,
            "indicator": self.indicator,
            "result": self.result_id,
            "place": self.place,
            "iso3": self.iso3,
            "status_before": self.status_before,
            "status_after": self.status_after,
            "change": str(CHANGE_COUNTED if self.counted else CHANGE_UNCOUNTED),
            "figure_before": self.figure_before,
            "figure_after": self.figure_after,
        }


def _changes(*, biennium: Biennium, since: datetime, until: datetime | None) -> QuerySet[Any]:
    records: QuerySet[Any] = Result.history.model.objects.all()
    # History ids grow with every record written, so the record before another of a result has the next lower id.
    previous = records.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by("-history_id")
    changes: QuerySet[Any] = (
        records.filter(biennium=biennium, history_date__gt=since)
        .annotate(status_before=Subquery(previous.values("status")[:1]))
        .select_related("history_user", "place", "indicator")
        .order_by("history_date", "history_id")
    )
    if until is not None:
        changes = changes.filter(history_date__lte=until)
    return changes


def restatement_list(*, biennium: Biennium, since: datetime, until: datetime | None = None) -> list[Restatement]:
    """The changes to what the biennium's figures count made after `since` (an edition's moment), up to `until`,
    oldest first: three queries (the changes, and each indicator's count as of `since`)."""
    base = Counter(
        {
            row["indicator_id"]: row["units"]
            for row in results_validated(biennium=biennium, as_of=since)
            .values("indicator_id")
            .annotate(units=Count("id"))
            .order_by()
        }
    )
    running = Counter(base)
    restatements = []
    for record in _changes(biennium=biennium, since=since, until=until):
        was = record.status_before == VALIDATED
        now = record.status == VALIDATED and record.history_type != DELETED
        if was == now:
            continue
        before = running[record.indicator_id]
        running[record.indicator_id] += 1 if now else -1
        user = record.history_user
        restatements.append(
            Restatement(
                when=record.history_date,
                who=person(user) if user is not None else "",
                reason=record.review_message or record.history_change_reason or "",
                indicator=record.indicator.code,
                result_id=record.id,
                place=record.reported_name or record.place.name,
                iso3=record.place.iso3,
                status_before=record.status_before or "",
                status_after=DELETED if record.history_type == DELETED else record.status,
                counted=now,
                figure_before=before,
                figure_after=running[record.indicator_id],
            )
        )
    return restatements


@dataclass
class EditionRestatements:
    """An edition and the restatements made after it (and before the next edition's moment)."""

    edition: Edition
    restatements: list[Restatement] = field(default_factory=list)


def restatements_by_edition(*, biennium: Biennium, until: datetime | None = None) -> list[EditionRestatements]:
    """Every edition of the biennium (as of before `until`, if given) in the order of their moments, each with the
    changes made after it up to the next one: four queries, whatever the number of editions and changes."""
    editions = Edition.objects.filter(biennium=biennium).select_related("biennium").order_by("as_of", "number")
    if until is not None:
        editions = editions.filter(as_of__lt=until)
    groups = [EditionRestatements(edition=edition) for edition in editions]
    if not groups:
        return []
    moments = [group.edition.as_of for group in groups]
    for item in restatement_list(biennium=biennium, since=moments[0], until=until):
        groups[bisect_left(moments, item.when) - 1].restatements.append(item)
    return groups
