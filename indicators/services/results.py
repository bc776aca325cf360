"""Recording country results and moving them through validation: draft, submitted, returned, validated."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.models import Indicator, Result, ResultEvidence
from indicators.rules import (
    SELF_VALIDATION,
    ResultAction,
    criteria_clean,
    framework_mismatch,
    result_content_errors,
    result_scope_check,
    result_transition_check,
    result_unique_check,
    self_validation,
)
from indicators.selectors.results import result_changes_since
from indicators.services.framework import biennium_ensure_open
from outcomes.models import Biennium
from places.models import Place
from rbm.exceptions import ConflictError, NotAllowed

STALE_EDIT = _(
    "%(who)s changed this result on %(when)s, after you opened it; your changes were not saved. "
    "Review what changed and apply yours again."
)
RETURN_NEEDS_MESSAGE = _("Say why the result is returned, so the officer knows what to fix.")
REOPEN_NEEDS_REASON = _("Give the reason for reopening this validated result.")
EVIDENCE_NEEDS_LINK_OR_FILE = _("Add a link or a file.")

EDITABLE_FIELDS = ("place", "entity_name", "description", "evidence", "criteria_met")


def _scope_check(*, user, indicator: Indicator, place: Place, review: bool = False) -> None:
    result_scope_check(scope=user_scope(user=user), indicator=indicator, place=place, review=review)


def _content_check(*, indicator: Indicator, place: Place, entity_name: str, description: str) -> None:
    errors = result_content_errors(
        indicator=indicator, place_name=place.name, entity_name=entity_name, description=description
    )
    if errors:
        raise ValidationError(errors)


def _save(result: Result, *, user, reason: str) -> Result:
    result._history_user = user
    result._change_reason = reason
    result.save()
    return result


def _locked(result: Result) -> Result:
    """Re-read the result under a row lock, so two concurrent writers are serialised."""
    return Result.objects.select_for_update().select_related("indicator", "biennium", "place").get(pk=result.pk)


@transaction.atomic
def result_record(
    *,
    user,
    indicator: Indicator,
    biennium: Biennium,
    place: Place,
    description: str,
    entity_name: str = "",
    evidence: str = "",
    criteria_met: list[int] | tuple = (),
    links: list[str] | tuple = (),
) -> Result:
    """Record a draft result for a place (or an entity in a place) under an indicator in a biennium."""
    biennium_ensure_open(biennium=biennium)
    _scope_check(user=user, indicator=indicator, place=place)
    if mismatch := framework_mismatch(indicator=indicator, biennium=biennium):
        raise ValidationError({"indicator": mismatch})
    entity_name = entity_name.strip()
    _content_check(indicator=indicator, place=place, entity_name=entity_name, description=description)
    numbers = criteria_clean(indicator=indicator, criteria_met=criteria_met)
    result_unique_check(indicator=indicator, biennium=biennium, place=place, entity_name=entity_name)

    result = Result(
        indicator=indicator,
        biennium=biennium,
        place=place,
        entity_name=entity_name,
        description=description.strip(),
        evidence=evidence.strip(),
        criteria_met=numbers,
        status=Result.Status.DRAFT,
        source=Result.Source.ENTRY,
        created_by=user,
        last_edited_by=user,
    )
    result.clean()
    _save(result, user=user, reason="Recorded")
    for url in links:
        if url.strip():
            _evidence_create(result=result, user=user, url=url.strip())
    return result


@transaction.atomic
def result_update(*, user, result: Result, version: int, reason: str = "", **changes) -> Result:
    """Change a draft or returned result; refused if someone else changed it since `version` was read."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"result_update cannot change {sorted(unknown)}")
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    _ensure_fresh(current, version=version)

    place = changes.get("place", current.place)
    if place.pk != current.place_id:
        _scope_check(user=user, indicator=current.indicator, place=place)
    entity_name = changes.get("entity_name", current.entity_name).strip()
    description = changes.get("description", current.description)
    _content_check(indicator=current.indicator, place=place, entity_name=entity_name, description=description)
    result_unique_check(
        indicator=current.indicator,
        biennium=current.biennium,
        place=place,
        entity_name=entity_name,
        exclude_pk=current.pk,
    )
    values = {
        "place": place,
        "entity_name": entity_name,
        "description": description.strip(),
        "evidence": changes.get("evidence", current.evidence).strip(),
        "criteria_met": criteria_clean(
            indicator=current.indicator, criteria_met=changes.get("criteria_met", current.criteria_met)
        ),
    }
    if all(getattr(current, name) == value for name, value in values.items()):
        return current
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.last_edited_by = user
    current.clean()
    return _save(current, user=user, reason=reason.strip() or "Edited")


def _ensure_editable(result: Result) -> None:
    result_transition_check(action=ResultAction.EDIT, result=result)


def _ensure_fresh(result: Result, *, version: int | None) -> None:
    if version is None or int(version) == result.version:
        return
    changes = result_changes_since(result=result, version=int(version))
    latest = result.history.select_related("history_user").first()
    who = latest.history_user if latest and latest.history_user else _("Someone")
    when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M") if latest else ""
    raise ConflictError(
        STALE_EDIT % {"who": who, "when": when},
        extra={"version": result.version, "changes": changes},
    )


@transaction.atomic
def result_submit(*, user, result: Result, version: int | None = None) -> Result:
    """Send a draft or returned result to the validators."""
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_fresh(current, version=version)
    result_transition_check(action=ResultAction.SUBMIT, result=current)
    current.status = Result.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    return _save(current, user=user, reason="Submitted")


def _review(*, user, result: Result, version: int | None) -> Result:
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place, review=True)
    _ensure_fresh(current, version=version)
    return current


@transaction.atomic
def result_validate(*, user, result: Result, message: str = "", version: int | None = None) -> Result:
    """Validate a submitted result, so that it counts. Nobody validates what they recorded or last edited."""
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.VALIDATE, result=current)
    if self_validation(user_id=user.pk, result=current):
        raise NotAllowed(SELF_VALIDATION)
    current.status = Result.Status.VALIDATED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return _save(current, user=user, reason=message.strip() or "Validated")


@transaction.atomic
def result_return(*, user, result: Result, message: str, version: int | None = None) -> Result:
    """Return a submitted result to its officer with a message saying what to fix."""
    if not message.strip():
        raise ValidationError({"message": RETURN_NEEDS_MESSAGE})
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.RETURN, result=current)
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return _save(current, user=user, reason=message.strip())


@transaction.atomic
def result_reopen(*, user, result: Result, reason: str, version: int | None = None) -> Result:
    """Unlock a validated result so it can be corrected; it stops counting until validated again."""
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.REOPEN, result=current)
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = reason.strip()
    current.version += 1
    return _save(current, user=user, reason=reason.strip())


@transaction.atomic
def result_delete(*, user, result: Result) -> None:
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    result_transition_check(action=ResultAction.DELETE, result=current)
    current._history_user = user
    current._change_reason = "Deleted"
    current.delete()


def _evidence_create(*, result: Result, user, url: str = "", title: str = "", file=None) -> ResultEvidence:
    evidence = ResultEvidence(result=result, url=url, title=title.strip(), added_by=user)
    if file is not None:
        evidence.file.save(file.name, file, save=False)
    evidence.full_clean(exclude=["result", "added_by"])
    evidence._history_user = user
    evidence.save()
    return evidence


@transaction.atomic
def result_evidence_add(
    *, user, result: Result, url: str = "", title: str = "", file: UploadedFile | None = None
) -> ResultEvidence:
    """Attach a link or a file to a draft or returned result."""
    if not url.strip() and file is None:
        raise ValidationError({"url": EVIDENCE_NEEDS_LINK_OR_FILE})
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    evidence = _evidence_create(result=current, user=user, url=url.strip(), title=title, file=file)
    current.version += 1
    current.last_edited_by = user
    _save(current, user=user, reason="Evidence added")
    return evidence


@transaction.atomic
def result_evidence_remove(*, user, evidence: ResultEvidence) -> None:
    current = _locked(evidence.result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    evidence._history_user = user
    evidence.delete()
    current.version += 1
    current.last_edited_by = user
    _save(current, user=user, reason="Evidence removed")
