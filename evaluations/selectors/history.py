"""What changed, when and by whom, read from the history kept for every record users edit."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Field, ForeignKey, Model, QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    Evaluation,
    EvaluationQuestion,
    Finding,
    FollowUpAction,
    Lesson,
    NextStep,
    OfficeResponse,
    ProgressUpdate,
    Recommendation,
)

_NOT_COMPARED = {
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "recorded_by",
    "evaluation",
    "recommendation",
    "action",
    "position",
    "source",
    "source_document",
    "overdue_notice_for",
}
HISTORY_KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object
    what: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


# Historical records and their models are django-simple-history's classes, made at run time: typed Any.
def _display(record: Any, model_field: Field) -> str:
    if model_field.choices:
        return str(getattr(record, f"get_{model_field.name}_display")())
    value = getattr(record, model_field.name)
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _entries(records: QuerySet, label: Callable) -> list[HistoryEntry]:
    """One entry per historical record, with the fields that differ from the object's previous record."""
    model = records.model.instance_type
    compared = [
        model_field
        for model_field in records.model._meta.fields
        if model_field.name not in _NOT_COMPARED
        and not model_field.name.startswith("history_")
        and model_field.name in {f.name for f in model._meta.fields}
    ]
    entries = []
    previous_by_object: dict[int, Any] = {}
    for record in records.order_by("id", "history_date", "history_id"):
        previous = previous_by_object.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":
            for model_field in compared:
                old, new = _display(previous, model_field), _display(record, model_field)
                if old != new:
                    changes.append(FieldChange(field=str(model_field.verbose_name), old=old, new=new))
        previous_by_object[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                what=label(record),
                kind=str(HISTORY_KINDS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _related(history_model: type[Model]) -> list[str]:
    names = ["history_user"]
    for model_field in history_model._meta.fields:
        if isinstance(model_field, ForeignKey) and model_field.name in {"response", "owner"}:
            names.append(model_field.name)
    return names


def _history(model: type[Model]) -> QuerySet[Any]:
    # django-simple-history adds `history` to the models it tracks; no stub declares it.
    manager = model.history  # type: ignore[attr-defined]
    records: QuerySet[Any] = manager.select_related(*_related(manager.model))
    return records


def evaluation_history(*, evaluation: Evaluation) -> list[HistoryEntry]:
    """Every recorded change to an evaluation and what it holds, newest first; one query per kind of record."""
    recommendation_ids = Recommendation.history.filter(evaluation_id=evaluation.pk).values("id")
    action_ids = FollowUpAction.history.filter(recommendation_id__in=recommendation_ids).values("id")
    numbers: dict[int, int] = {}

    def recommendation_label(record: Any) -> str:
        numbers[record.id] = record.number
        return _("Recommendation %(number)d") % {"number": record.number}

    recommendations = _entries(_history(Recommendation).filter(evaluation_id=evaluation.pk), recommendation_label)
    entries = [
        *_entries(_history(Evaluation).filter(id=evaluation.pk), lambda record: str(_("Evaluation"))),
        *_entries(
            _history(EvaluationQuestion).filter(evaluation_id=evaluation.pk),
            lambda record: _("Question %(number)d") % {"number": record.number},
        ),
        *_entries(
            _history(Finding).filter(evaluation_id=evaluation.pk),
            lambda record: _("Findings on %(criterion)s") % {"criterion": record.get_criterion_display()},
        ),
        *_entries(
            _history(Lesson).filter(evaluation_id=evaluation.pk),
            lambda record: f"{record.get_kind_display()} {record.position}",
        ),
        *recommendations,
        *_entries(
            _history(NextStep).filter(recommendation_id__in=recommendation_ids),
            lambda record: (
                _("Next step %(position)d of recommendation %(number)s")
                % {"position": record.position, "number": numbers.get(record.recommendation_id, "?")}
            ),
        ),
        *_entries(
            _history(OfficeResponse).filter(evaluation_id=evaluation.pk),
            lambda record: _("Response “%(heading)s”") % {"heading": record.heading or record.text[:60]},
        ),
        *_entries(
            _history(FollowUpAction).filter(id__in=action_ids),
            lambda record: _("Action “%(what)s”") % {"what": record.description[:60]},
        ),
        *_entries(
            _history(ProgressUpdate).filter(action_id__in=action_ids),
            lambda record: _("Progress update of %(date)s") % {"date": record.date.isoformat()},
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def follow_up_action_history(*, action: FollowUpAction) -> list[HistoryEntry]:
    entries = [
        *_entries(_history(FollowUpAction).filter(id=action.pk), lambda record: str(_("Action"))),
        *_entries(
            _history(ProgressUpdate).filter(action_id=action.pk),
            lambda record: _("Progress update of %(date)s") % {"date": record.date.isoformat()},
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def recommendation_history(*, recommendation: Recommendation) -> list[HistoryEntry]:
    entries = [
        *_entries(
            _history(Recommendation).filter(id=recommendation.pk),
            lambda record: _("Recommendation %(number)d") % {"number": record.number},
        ),
        *_entries(
            _history(NextStep).filter(recommendation_id=recommendation.pk),
            lambda record: _("Next step %(position)d") % {"position": record.position},
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
