"""Recording country results and moving them through validation: draft, submitted, returned, validated."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.models import Indicator, Result, ResultEvidence
from indicators.selectors.results import result_changes_since
from indicators.services.framework import biennium_ensure_open
from outcomes.models import Biennium
from places.models import Place
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

ROLE_CANNOT_RECORD = _("Your role does not allow recording or changing results.")
ROLE_CANNOT_VALIDATE = _("Only a manager or an administrator can validate, return or reopen results.")
OUT_OF_SCOPE = _("%(place)s under indicator %(code)s is outside your scope.")
WRONG_FRAMEWORK = _("Indicator %(code)s is not part of the %(biennium)s framework.")
RESULT_EXISTS = _("A result for %(place)s is already recorded under indicator %(code)s for %(biennium)s.")
DESCRIPTION_REQUIRED = _("Describe what changed in %(place)s.")
ENTITY_REQUIRED = _("Name the %(unit)s this result is about.")
ENTITY_NOT_ALLOWED = _("Indicator %(code)s counts places; leave the entity empty.")
UNKNOWN_CRITERIA = _("Indicator %(code)s has no criterion %(numbers)s.")
RESULT_LOCKED = _("This result is validated and locked; a manager must reopen it before it can change.")
RESULT_AWAITING_VALIDATION = _("This result is awaiting validation; it can change again if a manager returns it.")
STALE_EDIT = _(
    "%(who)s changed this result on %(when)s, after you opened it; your changes were not saved. "
    "Review what changed and apply yours again."
)
CANNOT_SUBMIT = _("Only a draft or returned result can be submitted; this one is %(status)s.")
NOT_SUBMITTED = _("Only a submitted result can be validated or returned; this one is %(status)s.")
NOT_VALIDATED = _("Only a validated result can be reopened; this one is %(status)s.")
SELF_VALIDATION = _("You recorded or last edited this result, so someone else must validate it.")
RETURN_NEEDS_MESSAGE = _("Say why the result is returned, so the officer knows what to fix.")
REOPEN_NEEDS_REASON = _("Give the reason for reopening this validated result.")
EVIDENCE_NEEDS_LINK_OR_FILE = _("Add a link or a file.")
CANNOT_DELETE = _("Only a draft or returned result can be deleted; this one is %(status)s.")

EDITABLE_FIELDS = ("place", "entity_name", "description", "evidence", "criteria_met")


def _scope_check(*, user: User, indicator: Indicator, place: Place, validating: bool = False) -> None:
    scope = user_scope(user=user)
    if validating and not scope.can_validate:
        raise NotAllowed(ROLE_CANNOT_VALIDATE)
    if not validating and not scope.can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD)
    if not scope.covers(region_id=place.region_id, outcome_id=indicator.outcome_id):
        raise NotAllowed(OUT_OF_SCOPE % {"place": place.name, "code": indicator.code})


def _clean_criteria(*, indicator: Indicator, criteria_met: Iterable[int | str]) -> list[int]:
    numbers = sorted({int(number) for number in criteria_met})
    known = set(indicator.criteria.values_list("number", flat=True))
    unknown = [str(number) for number in numbers if number not in known]
    if unknown:
        raise ValidationError(
            {"criteria_met": UNKNOWN_CRITERIA % {"code": indicator.code, "numbers": ", ".join(unknown)}}
        )
    return numbers


def _check_content(*, indicator: Indicator, place: Place, entity_name: str, description: str) -> None:
    errors = {}
    if not description.strip():
        errors["description"] = DESCRIPTION_REQUIRED % {"place": place.name}
    if indicator.counts_places and entity_name.strip():
        errors["entity_name"] = ENTITY_NOT_ALLOWED % {"code": indicator.code}
    if not indicator.counts_places and not entity_name.strip():
        errors["entity_name"] = ENTITY_REQUIRED % {"unit": indicator.unit_singular}
    if errors:
        raise ValidationError(errors)


def _check_unique(
    *, indicator: Indicator, biennium: Biennium, place: Place, entity_name: str, exclude_pk: int | None = None
) -> None:
    duplicates = Result.objects.filter(indicator=indicator, biennium=biennium, place=place, entity_name=entity_name)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        name = f"{entity_name} ({place.name})" if entity_name else place.name
        raise ValidationError(
            {"place": RESULT_EXISTS % {"place": name, "code": indicator.code, "biennium": biennium.label}}
        )


def _save(result: Result, *, user: User, reason: str) -> Result:
    # django-simple-history reads these attributes when the result is saved; no stub declares them.
    result._history_user = user  # type: ignore[attr-defined]
    result._change_reason = reason  # type: ignore[attr-defined]
    result.save()
    return result


def _locked(result: Result) -> Result:
    """Re-read the result under a row lock, so two concurrent writers are serialised."""
    return Result.objects.select_for_update().select_related("indicator", "biennium", "place").get(pk=result.pk)


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
    criteria_met: list[int] | tuple = (),
    links: list[str] | tuple = (),
) -> Result:
    """Record a draft result for a place (or an entity in a place) under an indicator in a biennium."""
    biennium_ensure_open(biennium=biennium)
    _scope_check(user=user, indicator=indicator, place=place)
    if indicator.framework_id != biennium.framework_id:
        raise ValidationError({"indicator": WRONG_FRAMEWORK % {"code": indicator.code, "biennium": biennium.label}})
    entity_name = entity_name.strip()
    _check_content(indicator=indicator, place=place, entity_name=entity_name, description=description)
    numbers = _clean_criteria(indicator=indicator, criteria_met=criteria_met)
    _check_unique(indicator=indicator, biennium=biennium, place=place, entity_name=entity_name)

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
def result_update(*, user: User, result: Result, version: int, reason: str = "", **changes: Any) -> Result:
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
    _check_content(indicator=current.indicator, place=place, entity_name=entity_name, description=description)
    _check_unique(
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
        "criteria_met": _clean_criteria(
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
    if result.status == Result.Status.VALIDATED:
        raise ApplicationError(RESULT_LOCKED)
    if result.status == Result.Status.SUBMITTED:
        raise ApplicationError(RESULT_AWAITING_VALIDATION)


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
def result_submit(*, user: User, result: Result, version: int | None = None) -> Result:
    """Send a draft or returned result to the validators."""
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_fresh(current, version=version)
    if current.status not in (Result.Status.DRAFT, Result.Status.RETURNED):
        raise ApplicationError(CANNOT_SUBMIT % {"status": current.get_status_display()})
    current.status = Result.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    return _save(current, user=user, reason="Submitted")


def _review(*, user: User, result: Result, version: int | None) -> Result:
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place, validating=True)
    _ensure_fresh(current, version=version)
    return current


@transaction.atomic
def result_validate(*, user: User, result: Result, message: str = "", version: int | None = None) -> Result:
    """Validate a submitted result, so that it counts. Nobody validates what they recorded or last edited."""
    current = _review(user=user, result=result, version=version)
    if current.status != Result.Status.SUBMITTED:
        raise ApplicationError(NOT_SUBMITTED % {"status": current.get_status_display()})
    if user.pk in {current.created_by_id, current.last_edited_by_id}:
        raise NotAllowed(SELF_VALIDATION)
    current.status = Result.Status.VALIDATED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return _save(current, user=user, reason=message.strip() or "Validated")


@transaction.atomic
def result_return(*, user: User, result: Result, message: str, version: int | None = None) -> Result:
    """Return a submitted result to its officer with a message saying what to fix."""
    if not message.strip():
        raise ValidationError({"message": RETURN_NEEDS_MESSAGE})
    current = _review(user=user, result=result, version=version)
    if current.status != Result.Status.SUBMITTED:
        raise ApplicationError(NOT_SUBMITTED % {"status": current.get_status_display()})
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return _save(current, user=user, reason=message.strip())


@transaction.atomic
def result_reopen(*, user: User, result: Result, reason: str, version: int | None = None) -> Result:
    """Unlock a validated result so it can be corrected; it stops counting until validated again."""
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    current = _review(user=user, result=result, version=version)
    if current.status != Result.Status.VALIDATED:
        raise ApplicationError(NOT_VALIDATED % {"status": current.get_status_display()})
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = reason.strip()
    current.version += 1
    return _save(current, user=user, reason=reason.strip())


@transaction.atomic
def result_delete(*, user: User, result: Result) -> None:
    current = _locked(result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    if current.status not in (Result.Status.DRAFT, Result.Status.RETURNED):
        raise ApplicationError(CANNOT_DELETE % {"status": current.get_status_display()})
    current._history_user = user  # type: ignore[attr-defined]  # read by django-simple-history on delete
    current._change_reason = "Deleted"  # type: ignore[attr-defined]
    current.delete()


def _evidence_create(
    *, result: Result, user: User, url: str = "", title: str = "", file: UploadedFile | None = None
) -> ResultEvidence:
    evidence = ResultEvidence(result=result, url=url, title=title.strip(), added_by=user)
    if file is not None:
        evidence.file.save(file.name or "evidence", file, save=False)  # an upload always has a name
    evidence.full_clean(exclude=["result", "added_by"])
    evidence._history_user = user  # type: ignore[attr-defined]  # read by django-simple-history on save
    evidence.save()
    return evidence


@transaction.atomic
def result_evidence_add(
    *, user: User, result: Result, url: str = "", title: str = "", file: UploadedFile | None = None
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
def result_evidence_remove(*, user: User, evidence: ResultEvidence) -> None:
    current = _locked(evidence.result)
    biennium_ensure_open(biennium=current.biennium)
    _scope_check(user=user, indicator=current.indicator, place=current.place)
    _ensure_editable(current)
    evidence._history_user = user  # type: ignore[attr-defined]  # read by django-simple-history on delete
    evidence.delete()
    current.version += 1
    current.last_edited_by = user
    _save(current, user=user, reason="Evidence removed")
