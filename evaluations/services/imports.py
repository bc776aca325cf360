"""Importing published evaluation documents: governing-body summaries and synthesis reviews.

Both imports are all or nothing (every problem is reported with its line, and nothing is saved while
there is one) and idempotent: importing the same document again writes nothing, so no history rows
are added. What a user added since (links, stances, follow-up actions) survives a re-import.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, OfficeResponse, Recommendation, SynthesisCoverage, SynthesisFinding
from evaluations.parsers.gb_summary import gb_summary_parse
from evaluations.parsers.synthesis import synthesis_parse
from evaluations.parsers.text import Problem
from evaluations.services.common import Changes, assign, save, sync_links, sync_rows
from evaluations.services.evaluations import EvaluationInput, FindingInput, PlaceCovered, evaluation_write
from evaluations.services.recommendations import RecommendationInput, office_response_write, recommendation_write
from outcomes.models import Outcome, StrategicFramework
from places.selectors import place_index
from rbm.exceptions import ApplicationError

IMPORT_FAILED = _("The document was not imported: %(count)d problem(s) found; nothing was saved.")
OUTCOME_NOT_RECORDED = _(
    "Outcome %(number)s of the framework in force in %(year)s is not recorded yet; the evaluation was imported "
    "without it. Import it again once the outcome exists."
)
NO_FRAMEWORK = _("No strategic framework covers %(year)s; outcomes were not linked.")
REASON = "Imported from %s"


class ImportRejected(ApplicationError):
    """An import found problems; `problems` lists every one of them and nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(IMPORT_FAILED % {"count": len(problems)}, extra={"problems": [str(p) for p in problems]})
        self.problems = problems


@dataclass
class ImportResult:
    evaluation: Evaluation
    changes: Changes
    notes: list[str] = field(default_factory=list)


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


@transaction.atomic
def evaluation_summary_import(*, text: str, source: str = "", outcome_numbers: Sequence[str] = ()) -> ImportResult:
    """Import a governing-body evaluation summary (layout of seed 001), keyed by its symbol.

    `outcome_numbers` names the outcomes the evaluation concerns, in the strategic framework in force at
    the document's date; any not recorded yet is reported in the result's notes, not as a failure. The
    recommendations are linked to the same outcomes, so they appear in the report's annex.
    """
    parsed = gb_summary_parse(text=text, places=place_index())
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    reason = REASON % (source or parsed.symbol)
    notes: list[str] = []
    outcomes = _framework_outcomes(
        year=parsed.date.year if parsed.date else None, numbers=list(outcome_numbers), notes=notes
    )
    evaluation = Evaluation.objects.filter(symbol=parsed.symbol).first()
    creating = evaluation is None
    if evaluation is None:
        evaluation = Evaluation(
            status=Evaluation.Status.PUBLISHED, source=Evaluation.Source.IMPORT, source_document=source
        )
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
        status=evaluation.status,
        document_url=evaluation.document_url,
        timing=evaluation.timing,
        project_symbol=evaluation.project_symbol,
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
        if not creating
        else [],
    )
    changes = Changes()
    evaluation_write(evaluation=evaluation, data=data, user=None, changes=changes, reason=reason, replace_links=False)

    existing = {recommendation.number: recommendation for recommendation in evaluation.recommendations.all()}
    by_number = {}
    for parsed_recommendation in parsed.recommendations:
        recommendation = existing.get(parsed_recommendation.number) or Recommendation(evaluation=evaluation)
        current = recommendation
        by_number[parsed_recommendation.number] = recommendation_write(
            recommendation=recommendation,
            data=RecommendationInput(
                number=parsed_recommendation.number,
                text=parsed_recommendation.text,
                addressee=current.addressee,
                priority=current.priority,
                time_frame=current.time_frame,
                outcomes=outcomes,
                next_steps=parsed_recommendation.next_steps,
            ),
            user=None,
            changes=changes,
            reason=reason,
            replace_links=False,
        )
    responses = {response.position: response for response in evaluation.responses.all()}
    for position, parsed_response in enumerate(parsed.responses, start=1):
        response = responses.get(position) or OfficeResponse(evaluation=evaluation, position=position)
        office_response_write(
            response=response,
            heading=parsed_response.heading,
            text=parsed_response.text,
            answers=[(by_number[number], Recommendation.Stance.NOT_STATED) for number in parsed_response.numbers],
            user=None,
            changes=changes,
            reason=reason,
            keep_stances=True,
        )
    return ImportResult(evaluation=evaluation, changes=changes, notes=notes)


@transaction.atomic
def synthesis_import(*, text: str, source: str = "") -> ImportResult:
    """Import a synthesis review (layout of seed 002): the review, the reports its annex lists, its findings.

    The review is keyed by its title; each report by its number in the review's annex.
    """
    parsed = synthesis_parse(text=text)
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    reason = REASON % (source or parsed.title)
    changes = Changes()
    synthesis = Evaluation.objects.filter(kind=Evaluation.Kind.SYNTHESIS, title=parsed.title).first()
    values = {
        "title": parsed.title,
        "kind": Evaluation.Kind.SYNTHESIS,
        "year": parsed.year,
        "period_start": parsed.period[0] if parsed.period else None,
        "period_end": parsed.period[1] if parsed.period else None,
        "summary": parsed.summary,
    }
    synthesis = _upsert_evaluation(synthesis, values, source=source, reason=reason, changes=changes)

    coverage = {link.report_number: link for link in SynthesisCoverage.objects.filter(synthesis=synthesis)}
    covered: dict[str, Evaluation] = {}
    for report in parsed.reports:
        link = coverage.get(report.report_number)
        values = {
            "title": report.title,
            "kind": report.kind,
            "timing": report.timing,
            "independence": report.independence,
            "project_symbol": report.project_symbol,
            "document_url": report.link,
        }
        evaluation = _upsert_evaluation(
            link.evaluation if link else None, values, source=source, reason=reason, changes=changes
        )
        covered[report.report_number] = evaluation
        if link is None:
            link = SynthesisCoverage(
                synthesis=synthesis, evaluation=evaluation, report_number=report.report_number, position=report.position
            )
            link.full_clean()
            link.save()
            changes.tally("reports covered", "created")
        elif assign(link, {"position": report.position}):
            link.save()
            changes.tally("reports covered", "updated")
    dropped = [link.pk for number, link in coverage.items() if number not in covered]
    if dropped:
        SynthesisCoverage.objects.filter(pk__in=dropped).delete()
        changes.tally("reports covered", "deleted", len(dropped))

    sync_rows(
        kind="synthesis findings",
        model=SynthesisFinding,
        parent={"synthesis": synthesis},
        key_fields=("position",),
        desired=[
            {"position": position, "kind": finding.kind, "heading": finding.heading, "text": finding.text}
            for position, finding in enumerate(parsed.findings, start=1)
        ],
        user=None,
        changes=changes,
        reason=reason,
    )
    findings = {finding.position: finding for finding in SynthesisFinding.objects.filter(synthesis=synthesis)}
    for position, parsed_finding in enumerate(parsed.findings, start=1):
        sync_links(
            kind="citations",
            manager=findings[position].cited,
            objects=[covered[number] for number in parsed_finding.cited],
            changes=changes,
        )
    return ImportResult(evaluation=synthesis, changes=changes)


def _upsert_evaluation(
    evaluation: Evaluation | None, values: dict[str, Any], *, source: str, reason: str, changes: Changes
) -> Evaluation:
    if evaluation is None:
        evaluation = Evaluation(
            **values, status=Evaluation.Status.PUBLISHED, source=Evaluation.Source.IMPORT, source_document=source
        )
        save(evaluation, user=None, reason=reason)
        changes.tally("evaluations", "created")
    elif assign(evaluation, values):
        save(evaluation, user=None, reason=reason)
        changes.tally("evaluations", "updated")
    else:
        changes.tally("evaluations", "unchanged")
    return evaluation


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError({"path": str(error)}) from error


def evaluation_summary_import_file(*, path: str, outcome_numbers: Sequence[str] = ()) -> ImportResult:
    return evaluation_summary_import(text=_read(path), source=Path(path).name, outcome_numbers=outcome_numbers)


def synthesis_import_file(*, path: str) -> ImportResult:
    return synthesis_import(text=_read(path), source=Path(path).name)
