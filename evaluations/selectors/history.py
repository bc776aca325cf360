"""What changed, when and by whom in an evaluation and what it holds, read with `rbm.history`."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
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
from rbm.history import HistoryEntry, history_entries, history_merge

# Links to the parent record and bookkeeping, never shown as a change.
NOT_COMPARED = (
    "created_by",
    "recorded_by",
    "evaluation",
    "recommendation",
    "action",
    "position",
    "source",
    "source_document",
    "overdue_notice_for",
)
# Foreign keys a history entry shows by name, read with the records.
SHOWN_RELATIONS = ("response", "owner")


# Historical records and their models are django-simple-history's classes, made at run time: typed Any.
def _records(model: type[Model]) -> QuerySet[Any]:
    manager = model.history  # type: ignore[attr-defined]  # simple-history adds it; no stub declares it
    shown = [name for name in SHOWN_RELATIONS if any(field.name == name for field in manager.model._meta.fields)]
    records: QuerySet[Any] = manager.select_related("history_user", *shown)
    return records


def _entries(records: QuerySet[Any], what: str | Callable[[Any], str]) -> list[HistoryEntry]:
    return history_entries(records, what=what, exclude=NOT_COMPARED)


def _recommendation_label(record: Any) -> str:
    return _("Recommendation %(number)d") % {"number": record.number}


def _action_label(record: Any) -> str:
    return _("Action “%(what)s”") % {"what": record.description[:60]}


def _progress_label(record: Any) -> str:
    return _("Progress update of %(date)s") % {"date": record.date.isoformat()}


def evaluation_history(*, evaluation: Evaluation) -> list[HistoryEntry]:
    """Every recorded change to an evaluation and what it holds, newest first; one query per kind of record."""
    recommendation_ids = Recommendation.history.filter(evaluation_id=evaluation.pk).values("id")
    action_ids = FollowUpAction.history.filter(recommendation_id__in=recommendation_ids).values("id")
    numbers: dict[int, int] = {}

    def recommendation_label(record: Any) -> str:
        numbers[record.id] = record.number
        return _recommendation_label(record)

    # Recommendations first: their numbers label their next steps.
    recommendations = _entries(_records(Recommendation).filter(evaluation_id=evaluation.pk), recommendation_label)
    return history_merge(
        _entries(_records(Evaluation).filter(id=evaluation.pk), str(_("Evaluation"))),
        _entries(
            _records(EvaluationQuestion).filter(evaluation_id=evaluation.pk),
            lambda record: _("Question %(number)d") % {"number": record.number},
        ),
        _entries(
            _records(Finding).filter(evaluation_id=evaluation.pk),
            lambda record: _("Findings on %(criterion)s") % {"criterion": record.get_criterion_display()},
        ),
        _entries(
            _records(Lesson).filter(evaluation_id=evaluation.pk),
            lambda record: f"{record.get_kind_display()} {record.position}",
        ),
        recommendations,
        _entries(
            _records(NextStep).filter(recommendation_id__in=recommendation_ids),
            lambda record: (
                _("Next step %(position)d of recommendation %(number)s")
                % {"position": record.position, "number": numbers.get(record.recommendation_id, "?")}
            ),
        ),
        _entries(
            _records(OfficeResponse).filter(evaluation_id=evaluation.pk),
            lambda record: _("Response “%(heading)s”") % {"heading": record.heading or record.text[:60]},
        ),
        _entries(_records(FollowUpAction).filter(id__in=action_ids), _action_label),
        _entries(_records(ProgressUpdate).filter(action_id__in=action_ids), _progress_label),
    )


def follow_up_action_history(*, action: FollowUpAction) -> list[HistoryEntry]:
    """Every recorded change to an action and its progress updates, newest first."""
    return history_merge(
        _entries(_records(FollowUpAction).filter(id=action.pk), str(_("Action"))),
        _entries(_records(ProgressUpdate).filter(action_id=action.pk), _progress_label),
    )


def recommendation_history(*, recommendation: Recommendation) -> list[HistoryEntry]:
    """Every recorded change to a recommendation and its next steps, newest first."""
    return history_merge(
        _entries(_records(Recommendation).filter(id=recommendation.pk), _recommendation_label),
        _entries(
            _records(NextStep).filter(recommendation_id=recommendation.pk),
            lambda record: _("Next step %(position)d") % {"position": record.position},
        ),
    )
