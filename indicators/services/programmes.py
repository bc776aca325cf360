"""Writing Decent Work Country Programmes and country programme outcomes (CPOs), by hand or from a CSV file."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.selectors import user_scope
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import CountryProgramme, CountryProgrammeContribution, CountryProgrammeOutcome, Indicator
from indicators.parsers.programmes import PERIOD_REQUIRED, programme_outcome_table_parse
from indicators.rules import (
    CONTRIBUTION_INDICATOR_OUTCOME,
    CONTRIBUTION_WRONG_FRAMEWORK,
    CPO_EXISTS,
    PROGRAMME_OTHER_PLACE,
    PROGRAMME_YEARS,
    programme_outcome_code_problem,
    programme_scope_check,
)
from indicators.selectors.programmes import programme_framework_read
from outcomes.models import Biennium, Outcome
from places.models import Place
from places.selectors import place_index_build
from rbm.parsers import ImportRejected, Problem, text_file_read
from rbm.services import Changes, model_create, model_update, model_upsert, rows_sync
from rbm.translation import in_source_language

logger = logging.getLogger(__name__)

PROGRAMMES = "Decent Work Country Programmes"
OUTCOMES = "country programme outcomes"
CONTRIBUTIONS = "CPO contributions"


@dataclass(frozen=True)
class Contribution:
    """A CPO's contribution in one biennium to an outcome, under one of its indicators or none."""

    biennium: Biennium
    outcome: Outcome
    indicator: Indicator | None = None


def _contribution_check(contribution: Contribution) -> None:
    biennium, outcome, indicator = contribution.biennium, contribution.outcome, contribution.indicator
    if outcome.framework_id != biennium.framework_id:
        what = f"Outcome {outcome.number}"
        raise ValidationError({"contributions": CONTRIBUTION_WRONG_FRAMEWORK % {"what": what, "biennium": biennium}})
    if indicator is not None and indicator.outcome_id != outcome.pk:
        raise ValidationError(
            {
                "contributions": CONTRIBUTION_INDICATOR_OUTCOME
                % {"code": indicator.code, "indicator_outcome": indicator.outcome.number, "outcome": outcome.number}
            }
        )


@in_source_language
@transaction.atomic
def country_programme_save(
    *,
    user: User | None,
    place: Place,
    title: str,
    start_year: int,
    end_year: int,
    status: str = CountryProgramme.Status.ACTIVE,
    programme: CountryProgramme | None = None,
) -> CountryProgramme:
    """Create a Decent Work Country Programme for the place, or change `programme`; a user needs the place's region
    in scope (None: a command acting for nobody)."""
    if user is not None:
        programme_scope_check(scope=user_scope(user=user), place=place)
    if end_year < start_year:
        raise ValidationError({"end_year": PROGRAMME_YEARS % {"start": start_year, "end": end_year}})
    data = {"title": title.strip(), "start_year": start_year, "end_year": end_year, "status": status}
    if programme is None:
        return model_create(model=CountryProgramme, data={"place": place, **data}, user=user, reason="Recorded")
    if user is not None and programme.place_id != place.pk:
        programme_scope_check(scope=user_scope(user=user), place=programme.place)
    model_update(instance=programme, data={"place": place, **data}, user=user, reason="Edited")
    return programme


@in_source_language
@transaction.atomic
def programme_outcome_save(
    *,
    user: User | None,
    place: Place,
    code: str,
    title: str,
    programme: CountryProgramme | None = None,
    contributions: Sequence[Contribution] = (),
    programme_outcome: CountryProgrammeOutcome | None = None,
    changes: Changes | None = None,
) -> CountryProgrammeOutcome:
    """Create a CPO of the place (or change `programme_outcome`) with its contributions per biennium: the code
    starts with the place's ISO code and is the place's only one; the programme is the place's own."""
    if user is not None:
        programme_scope_check(scope=user_scope(user=user), place=place)
        if programme_outcome is not None and programme_outcome.place_id != place.pk:
            programme_scope_check(scope=user_scope(user=user), place=programme_outcome.place)
    code = code.strip().upper()
    if message := programme_outcome_code_problem(code=code, place=place):
        raise ValidationError({"code": message})
    others = CountryProgrammeOutcome.objects.filter(place=place, code=code)
    if programme_outcome is not None:
        others = others.exclude(pk=programme_outcome.pk)
    if others.exists():
        raise ValidationError({"code": CPO_EXISTS % {"place": place.name, "code": code}})
    if programme is not None and programme.place_id != place.pk:
        raise ValidationError({"programme": PROGRAMME_OTHER_PLACE % {"title": programme.title, "place": place.name}})
    for contribution in contributions:
        _contribution_check(contribution)
    changes = changes if changes is not None else Changes()
    data = {"title": title.strip(), "programme": programme}
    if programme_outcome is None:
        programme_outcome = model_create(
            model=CountryProgrammeOutcome, data={"place": place, "code": code, **data}, user=user, reason="Recorded"
        )
        changes.tally(OUTCOMES, "created")
    else:
        model_update(
            instance=programme_outcome,
            data={"place": place, "code": code, **data},
            user=user,
            reason="Edited",
            changes=changes,
            kind=OUTCOMES,
        )
    if changes.changed:  # a result's page and the results list show its CPO's code and title
        counts_cache_invalidate()
    desired = {
        (item.biennium.pk, item.outcome.pk, item.indicator.pk if item.indicator else None): {
            "biennium_id": item.biennium.pk,
            "outcome_id": item.outcome.pk,
            "indicator_id": item.indicator.pk if item.indicator else None,
        }
        for item in contributions
    }
    rows_sync(
        kind=CONTRIBUTIONS,
        model=CountryProgrammeContribution,
        parent={"programme_outcome": programme_outcome},
        key_fields=("biennium_id", "outcome_id", "indicator_id"),
        desired=list(desired.values()),
        changes=changes,
        user=user,
        reason="Edited",
    )
    return programme_outcome


@in_source_language
@transaction.atomic
def programme_outcomes_import(*, text: str, user: User | None = None) -> Changes:
    """Import CPOs (and their programmes and contributions) from CSV text: all rows or, on any problem, none.

    A CPO is found by its place and code, a programme by its place and title, so importing the same file
    again changes nothing."""
    table = programme_outcome_table_parse(text=text, index=place_index_build(), framework=programme_framework_read())
    if table.problems:
        logger.info("CPO import refused: %d problem(s)", len(table.problems))
        raise ImportRejected(sorted(table.problems, key=lambda problem: problem.line or 0))
    changes = Changes()
    for row in table.rows:
        programme = None
        if row.programme_title:
            lookup = {"place": row.place, "title": row.programme_title}
            existing = CountryProgramme.objects.filter(**lookup).first()
            start = row.programme_start or (existing.start_year if existing else None)
            end = row.programme_end or (existing.end_year if existing else None)
            if start is None or end is None:
                raise ImportRejected(
                    [Problem(line=row.line, message=str(PERIOD_REQUIRED % {"title": row.programme_title}))]
                )
            data = {"start_year": start, "end_year": end, "status": row.programme_status}
            try:
                programme, _ = model_upsert(
                    model=CountryProgramme,
                    lookup=lookup,
                    data=data,
                    user=user,
                    reason="Imported",
                    changes=changes,
                    kind=PROGRAMMES,
                )
            except ValidationError as error:
                raise ImportRejected([_problem(row.line, error)]) from None
        existing_outcome = CountryProgrammeOutcome.objects.filter(place=row.place, code=row.code).first()
        try:
            programme_outcome_save(
                user=None,
                place=row.place,
                code=row.code,
                title=row.title,
                programme=programme,
                contributions=[
                    Contribution(biennium=item.biennium, outcome=item.outcome, indicator=item.indicator)
                    for item in row.contributions
                ],
                programme_outcome=existing_outcome,
                changes=changes,
            )
        except ValidationError as error:
            raise ImportRejected([_problem(row.line, error)]) from None
    logger.info("CPO import: %d CPO(s) read, created %s, updated %s", len(table.rows), changes.created, changes.updated)
    return changes


def _problem(line: int, error: ValidationError) -> Problem:
    return Problem(line=line, message=" ".join(error.messages))


def programme_outcomes_import_file(*, path: str | Path, user: User | None = None) -> Changes:
    return programme_outcomes_import(text=text_file_read(path=path), user=user)
