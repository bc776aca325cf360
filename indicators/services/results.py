"""Recording country results and moving them through validation: draft, submitted, returned, validated."""

from collections.abc import Sequence
from typing import TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import CountryProgrammeOutcome, Indicator, Result, ResultEvidence
from indicators.rules import (
    ResultAction,
    criteria_clean,
    framework_mismatch,
    programme_outcome_place_check,
    result_content_errors,
    result_transition_check,
    result_unique_check,
)
from indicators.services.common import result_fresh_check, result_lock, result_save, result_scope_check_for
from outcomes.models import Biennium
from outcomes.rules import biennium_ensure_open
from places.models import Place
from rbm.events import RESULT_SUBMITTED, event_announce
from rbm.services import history_mark

EVIDENCE_NEEDS_LINK_OR_FILE = _("Add a link or a file.")

EDITABLE_FIELDS = ("place", "entity_name", "description", "evidence", "criteria_met", "programme_outcome")


class ResultChanges(TypedDict, total=False):
    """What an edit of a result may change; a field left out keeps its value."""

    place: Place
    entity_name: str
    description: str
    evidence: str
    criteria_met: Sequence[int]
    programme_outcome: CountryProgrammeOutcome | None


def _content_check(
    *, indicator: Indicator, place: Place, entity_name: str, description: str, entity_unnamed: bool = False
) -> None:
    errors = result_content_errors(
        indicator=indicator,
        place_name=place.name,
        entity_name=entity_name,
        description=description,
        entity_unnamed=entity_unnamed,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def result_record(
    *,
    user: User,
    indicator: Indicator,
    biennium: Biennium,
    place: Place,
    description: str,
    entity_name: str = "",
    evidence: str = "",
    criteria_met: Sequence[int] = (),
    programme_outcome: CountryProgrammeOutcome | None = None,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
) -> Result:
    """Record a draft result for a place (or an entity in a place) under an indicator in a biennium, with its
    evidence links and files: all of it or, on any refusal, nothing."""
    biennium_ensure_open(biennium=biennium)
    result_scope_check_for(user=user, indicator=indicator, place=place)
    if mismatch := framework_mismatch(indicator=indicator, biennium=biennium):
        raise ValidationError({"indicator": mismatch})
    entity_name = entity_name.strip()
    _content_check(indicator=indicator, place=place, entity_name=entity_name, description=description)
    numbers = criteria_clean(indicator=indicator, criteria_met=criteria_met)
    programme_outcome_place_check(place=place, programme_outcome=programme_outcome)
    result_unique_check(indicator=indicator, biennium=biennium, place=place, entity_name=entity_name)

    result = Result(
        indicator=indicator,
        biennium=biennium,
        place=place,
        entity_name=entity_name,
        description=description.strip(),
        evidence=evidence.strip(),
        criteria_met=numbers,
        programme_outcome=programme_outcome,
        status=Result.Status.DRAFT,
        source=Result.Source.ENTRY,
        created_by=user,
        last_edited_by=user,
    )
    result.clean()
    result_save(result=result, user=user, reason="Recorded")
    for url in links:
        if url.strip():
            _evidence_create(result=result, user=user, url=url.strip())
    # Each file is a change of its own in the result's history, as when added from the result's page.
    for file in files:
        _evidence_attach(result=result, user=user, title=file.name or "", file=file)
    return result


@transaction.atomic
def result_update(
    *,
    user: User,
    result: Result,
    version: int,
    reason: str = "",
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    **changes: Unpack[ResultChanges],
) -> Result:
    """Change a draft or returned result and add evidence links and files; refused, with nothing saved, if
    someone else changed it since `version` was read."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"result_update cannot change {sorted(unknown)}")
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    result_fresh_check(result=current, version=version, editing=True)

    place = changes.get("place", current.place)
    if place.pk != current.place_id:
        result_scope_check_for(user=user, indicator=current.indicator, place=place)
    entity_name = changes.get("entity_name", current.entity_name).strip()
    # An entity a published table did not name stays unnamed until someone names it; once named, it is named.
    entity_unnamed = current.entity_unnamed and not entity_name
    description = changes.get("description", current.description)
    _content_check(
        indicator=current.indicator,
        place=place,
        entity_name=entity_name,
        description=description,
        entity_unnamed=entity_unnamed,
    )
    result_unique_check(
        indicator=current.indicator,
        biennium=current.biennium,
        place=place,
        entity_name=entity_name,
        exclude_pk=current.pk,
    )
    programme_outcome = changes.get("programme_outcome", current.programme_outcome)
    programme_outcome_place_check(place=place, programme_outcome=programme_outcome)
    values = {
        "place": place,
        "programme_outcome": programme_outcome,
        "entity_name": entity_name,
        "entity_unnamed": entity_unnamed,
        "description": description.strip(),
        "evidence": changes.get("evidence", current.evidence).strip(),
        "criteria_met": criteria_clean(
            indicator=current.indicator, criteria_met=changes.get("criteria_met", current.criteria_met)
        ),
    }
    if any(getattr(current, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.last_edited_by = user
        current.clean()
        result_save(result=current, user=user, reason=reason.strip() or "Edited")
    for url in links:
        if url.strip():
            _evidence_attach(result=current, user=user, url=url.strip())
    for file in files:
        _evidence_attach(result=current, user=user, title=file.name or "", file=file)
    return current


def _ensure_editable(result: Result) -> None:
    result_transition_check(action=ResultAction.EDIT, result=result)


@transaction.atomic
def result_submit(*, user: User, result: Result, version: int | None = None) -> Result:
    """Send a draft or returned result to the validators."""
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    result_fresh_check(result=current, version=version)
    result_transition_check(action=ResultAction.SUBMIT, result=current)
    current.status = Result.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    result_save(result=current, user=user, reason="Submitted")
    event_announce(name=RESULT_SUBMITTED, result=current, user=user)
    return current


@transaction.atomic
def result_withdraw(*, user: User, result: Result, version: int | None = None) -> Result:
    """Take a submitted result back from the validators, as a draft, to change it before they review it."""
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    result_fresh_check(result=current, version=version)
    result_transition_check(action=ResultAction.WITHDRAW, result=current)
    current.status = Result.Status.DRAFT
    current.submitted_at = None
    current.version += 1
    return result_save(result=current, user=user, reason="Withdrawn")


@transaction.atomic
def result_delete(*, user: User, result: Result) -> None:
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    result_transition_check(action=ResultAction.DELETE, result=current)
    history_mark(current, user=user, reason="Deleted")
    current.delete()
    counts_cache_invalidate()


def _evidence_create(
    *, result: Result, user: User, url: str = "", title: str = "", file: UploadedFile | None = None
) -> ResultEvidence:
    evidence = ResultEvidence(result=result, url=url, title=title.strip(), added_by=user)
    if file is not None:
        evidence.file.save(file.name or "evidence", file, save=False)
    evidence.full_clean(exclude=["result", "added_by"])
    history_mark(evidence, user=user)
    evidence.save()
    return evidence


@transaction.atomic
def result_evidence_add(
    *, user: User, result: Result, url: str = "", title: str = "", file: UploadedFile | None = None
) -> ResultEvidence:
    """Attach a link or a file to a draft or returned result."""
    if not url.strip() and file is None:
        raise ValidationError({"url": EVIDENCE_NEEDS_LINK_OR_FILE})
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    return _evidence_attach(result=current, user=user, url=url.strip(), title=title, file=file)


def _evidence_attach(
    *, result: Result, user: User, url: str = "", title: str = "", file: UploadedFile | None = None
) -> ResultEvidence:
    """Add evidence to a locked, editable result: a change of the result, with its own version and history."""
    evidence = _evidence_create(result=result, user=user, url=url, title=title, file=file)
    result.version += 1
    result.last_edited_by = user
    result_save(result=result, user=user, reason="Evidence added")
    return evidence


@transaction.atomic
def result_evidence_remove(*, user: User, evidence: ResultEvidence) -> None:
    current = result_lock(result=evidence.result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    history_mark(evidence, user=user)
    evidence.delete()
    current.version += 1
    current.last_edited_by = user
    result_save(result=current, user=user, reason="Evidence removed")
