"""Importing a governing-body evaluation summary, and what both imports of published documents share.

Both imports (this one and `services/synthesis.py`) are all or nothing (every problem is reported with its
line, and nothing is saved while there is one) and idempotent: importing the same document again writes
nothing, so no history rows are added. What a user added since (links, stances, follow-up actions)
survives a re-import.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, Recommendation
from evaluations.parsers.gb_summary import gb_summary_parse
from evaluations.services.evaluations import EvaluationInput, FindingInput, PlaceCovered, evaluation_write
from evaluations.services.recommendations import RecommendationInput, recommendation_write
from evaluations.services.responses import office_response_write
from outcomes.models import Outcome, StrategicFramework
from places.selectors import place_index_build
from rbm.parsers import ImportRejected, Problem, text_file_read
from rbm.services import Changes
from rbm.translation import in_source_language

OUTCOME_NOT_RECORDED = _(
    "Outcome %(number)s of the framework in force in %(year)s is not recorded yet; the evaluation was imported "
    "without it. Import it again once the outcome exists."
)
NO_FRAMEWORK = _("No strategic framework covers %(year)s; outcomes were not linked.")
REASON = "Imported from %s"


logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    evaluation: Evaluation
    changes: Changes
    notes: list[str] = field(default_factory=list)


def _who(user: User | None) -> str:
    return user.get_username() if user is not None else "an import command"


def _tally(changes: Changes) -> str:
    """`evaluations 1 created, questions 7 created, ...`: what a write did, per kind of record."""
    parts = []
    for kind in changes.kinds:
        counts = [
            f"{count} {outcome}"
            for outcome in ("created", "updated", "deleted", "unchanged")
            if (count := getattr(changes, outcome).get(kind, 0))
        ]
        parts.append(f"{kind} {', '.join(counts)}")
    return "; ".join(parts) or "nothing"


def import_rejected_logged(*, what: str, source: str, user: User | None, problems: Sequence[Problem]) -> ImportRejected:
    logger.warning("%s %s rejected for %s: %d problem(s).", what, source or "(text)", _who(user), len(problems))
    return ImportRejected(list(problems))


def import_result_logged(*, what: str, source: str, user: User | None, result: ImportResult) -> ImportResult:
    logger.info(
        "%s %s imported by %s as evaluation %s: %s.",
        what,
        source or "(text)",
        _who(user),
        result.evaluation.pk,
        _tally(result.changes),
    )
    return result


def _framework_outcomes(*, year: int | None, numbers: list[str], notes: list[str]) -> list[Outcome]:
    if not numbers:
        return []
    framework = StrategicFramework.objects.filter(start_year__lte=year, end_year__gte=year).first() if year else None
    if framework is None:
        notes.append(str(NO_FRAMEWORK % {"year": year}))
        return []
    found = {outcome.number: outcome for outcome in Outcome.objects.filter(framework=framework, number__in=numbers)}
    for number in numbers:
        if number not in found:
            notes.append(str(OUTCOME_NOT_RECORDED % {"number": number, "year": year}))
    return [found[number] for number in numbers if number in found]


@in_source_language
@transaction.atomic
def evaluation_summary_import(
    *, text: str, source: str = "", outcome_numbers: Sequence[str] = (), user: User | None = None
) -> ImportResult:
    """Import a governing-body evaluation summary (layout of seed 001), keyed by its symbol.

    `outcome_numbers` names the outcomes the evaluation concerns, in the strategic framework in force at
    the document's date; any not recorded yet is reported in the result's notes, not as a failure. The
    recommendations are linked to the same outcomes, so they appear in the report's annex. `user`, when
    given, is who asked (history names them); an import command gives none.
    """
    parsed = gb_summary_parse(text=text, places=place_index_build())
    if parsed.problems:
        raise import_rejected_logged(what="Evaluation summary", source=source, user=user, problems=parsed.problems)
    reason = REASON % (source or parsed.symbol)
    notes: list[str] = []
    outcomes = _framework_outcomes(
        year=parsed.date.year if parsed.date else None, numbers=list(outcome_numbers), notes=notes
    )
    evaluation = Evaluation.objects.filter(symbol=parsed.symbol).first()
    # What the document does not say is kept as recorded (or as a new imported evaluation starts).
    current = evaluation or Evaluation(status=Evaluation.Status.PUBLISHED)
    independent = "independent" in parsed.title.casefold()
    data = EvaluationInput(
        title=parsed.title,
        kind=Evaluation.Kind.HIGH_LEVEL,
        symbol=parsed.symbol,
        session=parsed.session,
        date=parsed.date,
        year=parsed.date.year if parsed.date else None,
        independence=Evaluation.Independence.INDEPENDENT if independent else Evaluation.Independence.INTERNAL,
        period_start=parsed.period[0] if parsed.period else None,
        period_end=parsed.period[1] if parsed.period else None,
        summary=parsed.summary,
        office_comments=parsed.office_comments,
        status=current.status,
        document_url=current.document_url,
        timing=current.timing,
        project_symbol=current.project_symbol,
        places=[
            PlaceCovered(place=place.place, reported_name=place.reported_name, is_case_study=True)
            for place in parsed.case_studies
        ],
        outcomes=outcomes,
        questions=parsed.questions,
        findings=[
            FindingInput(criterion=finding.criterion, heading=finding.heading, text=finding.text)
            for finding in parsed.findings
        ],
        lessons=parsed.lessons,
        good_practices=[lesson.text for lesson in evaluation.lessons.filter(kind="good_practice")]
        if evaluation is not None
        else [],
    )
    changes = Changes()
    evaluation = evaluation_write(
        evaluation=evaluation,
        data=data,
        user=user,
        changes=changes,
        reason=reason,
        replace_links=False,
        new={"source": Evaluation.Source.IMPORT, "source_document": source},
    )

    existing = {recommendation.number: recommendation for recommendation in evaluation.recommendations.all()}
    by_number = {}
    for parsed_recommendation in parsed.recommendations:
        recommendation = existing.get(parsed_recommendation.number)
        by_number[parsed_recommendation.number] = recommendation_write(
            evaluation=evaluation,
            recommendation=recommendation,
            data=RecommendationInput(
                number=parsed_recommendation.number,
                text=parsed_recommendation.text,
                addressee=recommendation.addressee if recommendation else "",
                priority=recommendation.priority if recommendation else "",
                time_frame=recommendation.time_frame if recommendation else "",
                outcomes=outcomes,
                next_steps=parsed_recommendation.next_steps,
            ),
            user=user,
            changes=changes,
            reason=reason,
            replace_links=False,
        )
    responses = {response.position: response for response in evaluation.responses.all()}
    for position, parsed_response in enumerate(parsed.responses, start=1):
        office_response_write(
            response=responses.get(position),
            heading=parsed_response.heading,
            text=parsed_response.text,
            answers=[(by_number[number], Recommendation.Stance.NOT_STATED) for number in parsed_response.numbers],
            user=user,
            changes=changes,
            reason=reason,
            keep_stances=True,
            new={"evaluation": evaluation, "position": position},
        )
    result = ImportResult(evaluation=evaluation, changes=changes, notes=notes)
    return import_result_logged(what="Evaluation summary", source=source or parsed.symbol, user=user, result=result)


def evaluation_summary_import_file(
    *, path: str, outcome_numbers: Sequence[str] = (), user: User | None = None
) -> ImportResult:
    return evaluation_summary_import(
        text=text_file_read(path=path), source=Path(path).name, outcome_numbers=outcome_numbers, user=user
    )
