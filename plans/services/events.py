"""Importing the dated events per place that count towards a target: all or nothing, idempotent."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indicators.counts_cache import counts_cache_invalidate
from places.models import Place
from places.selectors import place_index_build, place_resolve, place_unknown_message
from plans.models import Plan, Target, TargetEvent
from plans.rules import (
    EVENT_BEFORE_1919,
    EVENT_COLUMNS,
    EVENT_DATE,
    EVENT_IN_FUTURE,
    EVENT_PLACE_EMPTY,
    EVENT_PLACE_UNKNOWN,
    EVENT_REFERENCE_TOO_LONG,
    EVENTS_FILE_EMPTY,
    NOT_MEMBER_STATE,
    PLAN_UNKNOWN,
    REFERENCE_LIMIT,
    TARGET_UNKNOWN,
)
from rbm.parsers import ImportRejected, Problem, text_file_read
from rbm.services import Actor, Changes, model_create, model_update

_HEADINGS = {"place", "country", "member state", "name"}
REASON = "import"


@dataclass
class EventsImport:
    target: Target
    changes: Changes = field(default_factory=Changes)
    duplicates: int = 0


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def events_read(*, text: str, kind: str) -> tuple[list[tuple[int, Place, datetime.date, str]], list[Problem]]:
    """The events of a `place,date[,reference]` file (a heading line is allowed), with every problem."""
    problems: list[Problem] = []
    events: list[tuple[int, Place, datetime.date, str]] = []
    index = place_index_build()
    today = timezone.localdate()
    reader = csv.reader(io.StringIO(text.replace("\x00", "")))
    try:
        rows = list(reader)
    except csv.Error as error:
        return [], [Problem(line=reader.line_num or None, message=str(error))]
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in _HEADINGS:
            continue
        if len(cells) not in (2, 3):
            problems.append(Problem(line=number, message=str(EVENT_COLUMNS % {"count": len(cells)})))
            continue
        name, value = cells[0], cells[1]
        reference = cells[2] if len(cells) == 3 else ""
        place = place_resolve(name=name, index=index) if name and len(name) <= 200 else None
        if not name:
            problems.append(Problem(line=number, column=1, message=str(EVENT_PLACE_EMPTY)))
        elif place is None:
            message = place_unknown_message(name=name[:80], index=index, unknown=EVENT_PLACE_UNKNOWN)
            problems.append(Problem(line=number, column=1, message=message))
        elif kind == Target.Kind.OBLIGATION and place.kind == Place.Kind.TERRITORY:
            problems.append(Problem(line=number, column=1, message=str(NOT_MEMBER_STATE % {"name": place.name})))
        date = _date(value)
        if date is None:
            problems.append(Problem(line=number, column=2, message=str(EVENT_DATE % {"value": value[:40]})))
        elif date.year < 1919:
            problems.append(Problem(line=number, column=2, message=str(EVENT_BEFORE_1919 % {"value": value})))
        elif date > today:
            problems.append(Problem(line=number, column=2, message=str(EVENT_IN_FUTURE % {"value": value})))
        if len(reference) > REFERENCE_LIMIT:
            problems.append(
                Problem(line=number, column=3, message=str(EVENT_REFERENCE_TOO_LONG % {"limit": REFERENCE_LIMIT}))
            )
        if place is not None and date is not None:
            events.append((number, place, date, reference))
    if not events and not problems:
        problems.append(Problem(line=None, message=str(EVENTS_FILE_EMPTY)))
    return events, problems


@transaction.atomic
def target_events_import(*, plan_symbol: str, target_ref: str, text: str, user: Actor = None) -> EventsImport:
    """Record the events of a file against a target. A place listed twice counts once, at its earliest
    date; an event already stored is updated only when the file says otherwise."""
    plan = Plan.objects.filter(symbol=plan_symbol.strip()).first()
    if plan is None:
        raise ImportRejected([Problem(line=None, message=str(PLAN_UNKNOWN % {"symbol": plan_symbol[:60]}))])
    target = plan.targets.filter(ref=target_ref.strip()).first()
    if target is None:
        raise ImportRejected(
            [Problem(line=None, message=str(TARGET_UNKNOWN % {"plan": plan.symbol, "ref": target_ref[:20]}))]
        )
    events, problems = events_read(text=text, kind=target.kind)
    if problems:
        raise ImportRejected(problems)
    earliest: dict[int, tuple[Place, datetime.date, str]] = {}
    duplicates = 0
    for _line, place, date, reference in events:
        if place.pk in earliest:
            duplicates += 1
            if date >= earliest[place.pk][1]:
                continue
        earliest[place.pk] = (place, date, reference)
    stored = {event.place_id: event for event in TargetEvent.objects.filter(target=target)}
    changes = Changes()
    for place_id, (place, date, reference) in earliest.items():
        event = stored.get(place_id)
        if event is None:
            model_create(
                model=TargetEvent,
                data={"target": target, "place": place, "date": date, "reference": reference},
                user=user,
                reason=REASON,
            )
            changes.tally("events", "created")
        else:
            model_update(
                instance=event,
                data={"date": date, "reference": reference or event.reference},
                user=user,
                reason=REASON,
                changes=changes,
                kind="events",
            )
    if changes.changed:  # the dashboard's plans section counts the events
        counts_cache_invalidate()
    return EventsImport(target=target, changes=changes, duplicates=duplicates)


def target_events_import_file(*, plan_symbol: str, target_ref: str, path: str, user: Actor = None) -> EventsImport:
    try:
        text = text_file_read(path=path)
    except ValidationError as error:
        raise ImportRejected([Problem(line=None, message=message) for message in error.messages]) from None
    return target_events_import(plan_symbol=plan_symbol, target_ref=target_ref, text=text, user=user)
