"""Importing a synthesis review: the review, the reports its annex lists, its findings and what they cite."""

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from evaluations.models import Evaluation, SynthesisCoverage, SynthesisFinding
from evaluations.parsers.synthesis import synthesis_parse
from evaluations.services.imports import REASON, ImportResult, import_rejected_logged, import_result_logged
from rbm.parsers import text_file_read
from rbm.services import Changes, links_sync, model_create, model_update, rows_sync
from rbm.translation import in_source_language


@in_source_language
@transaction.atomic
def synthesis_import(*, text: str, source: str = "", user: User | None = None) -> ImportResult:
    """Import a synthesis review (layout of seed 002): the review, the reports its annex lists, its findings.

    The review is keyed by its title; each report by its number in the review's annex.
    """
    parsed = synthesis_parse(text=text)
    if parsed.problems:
        raise import_rejected_logged(what="Synthesis review", source=source, user=user, problems=parsed.problems)
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
    synthesis = _evaluation_upsert(synthesis, values, source=source, user=user, reason=reason, changes=changes)

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
        evaluation = _evaluation_upsert(
            link.evaluation if link else None, values, source=source, user=user, reason=reason, changes=changes
        )
        covered[report.report_number] = evaluation
        if link is None:
            model_create(
                model=SynthesisCoverage,
                data={
                    "synthesis": synthesis,
                    "evaluation": evaluation,
                    "report_number": report.report_number,
                    "position": report.position,
                },
            )
            changes.tally("reports covered", "created")
        elif model_update(instance=link, data={"position": report.position})[1]:
            changes.tally("reports covered", "updated")
    dropped = [link.pk for number, link in coverage.items() if number not in covered]
    if dropped:
        SynthesisCoverage.objects.filter(pk__in=dropped).delete()
        changes.tally("reports covered", "deleted", len(dropped))

    rows_sync(
        kind="synthesis findings",
        model=SynthesisFinding,
        parent={"synthesis": synthesis},
        key_fields=("position",),
        desired=[
            {"position": position, "kind": finding.kind, "heading": finding.heading, "text": finding.text}
            for position, finding in enumerate(parsed.findings, start=1)
        ],
        user=user,
        changes=changes,
        reason=reason,
    )
    findings = {finding.position: finding for finding in SynthesisFinding.objects.filter(synthesis=synthesis)}
    for position, parsed_finding in enumerate(parsed.findings, start=1):
        links_sync(
            kind="citations",
            manager=findings[position].cited,
            objects=[covered[number] for number in parsed_finding.cited],
            changes=changes,
        )
    result = ImportResult(evaluation=synthesis, changes=changes)
    return import_result_logged(what="Synthesis review", source=source or parsed.title, user=user, result=result)


def _evaluation_upsert(
    evaluation: Evaluation | None, values: dict, *, source: str, user: User | None, reason: str, changes: Changes
) -> Evaluation:
    if evaluation is None:
        new = {"status": Evaluation.Status.PUBLISHED, "source": Evaluation.Source.IMPORT, "source_document": source}
        evaluation = model_create(model=Evaluation, data={**values, **new}, user=user, reason=reason)
        changes.tally("evaluations", "created")
    else:
        _, updated = model_update(instance=evaluation, data=values, user=user, reason=reason)
        changes.tally("evaluations", "updated" if updated else "unchanged")
    return evaluation


def synthesis_import_file(*, path: str, user: User | None = None) -> ImportResult:
    return synthesis_import(text=text_file_read(path=path), source=Path(path).name, user=user)
