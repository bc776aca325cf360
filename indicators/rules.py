"""The rules of recording and reviewing country results, and their messages: one home for what the services,
the selectors (the actions a page offers) and the Excel bulk upload all check.

The services enforce these rules; selectors read them to offer only what the services would accept; the
bulk upload applies them row by row. Every message lives here once, so tests assert one text.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.selectors import Scope
from indicators.models import CountryProgrammeOutcome, Indicator, Result
from outcomes.models import Biennium, Outcome
from outcomes.selectors import edition_before
from places.models import Place
from rbm.exceptions import ApplicationError, NotAllowed

INDICATOR_UNKNOWN = _("There is no indicator %(code)s in %(biennium)s.")
ROLE_CANNOT_RECORD = _("Your role does not allow recording or changing results.")
ROLE_CANNOT_VALIDATE = _("Only a manager or an administrator can validate, return or reopen results.")
OUT_OF_SCOPE = _("%(place)s under indicator %(code)s is outside your scope.")
OUTCOME_OUT_OF_SCOPE = _("Indicator %(code)s is outside your scope: its outcome is not one you record results for.")
WRONG_FRAMEWORK = _("Indicator %(code)s is not part of the %(biennium)s framework.")
RESULT_EXISTS = _("A result for %(place)s is already recorded under indicator %(code)s for %(biennium)s.")
DESCRIPTION_REQUIRED = _("Describe what changed in %(place)s.")
ENTITY_REQUIRED = _("Name the %(unit)s this result is about.")
ENTITY_UNNAMED_HELP = _(
    "The published table lists %(place)s without naming the %(unit)s: give its name to replace the unnamed one."
)
ENTITY_NOT_ALLOWED = _("Indicator %(code)s counts places; leave the entity empty.")
UNKNOWN_CRITERIA = _("Indicator %(code)s has no criterion %(numbers)s.")
RESULT_LOCKED = _("This result is validated and locked; a manager must reopen it before it can change.")
RESULT_AWAITING_VALIDATION = _("This result is awaiting validation; it can change again if a manager returns it.")
CANNOT_SUBMIT = _("Only a draft or returned result can be submitted; this one is %(status)s.")
NOT_SUBMITTED = _("Only a submitted result can be validated or returned; this one is %(status)s.")
NOT_VALIDATED = _("Only a validated result can be reopened; this one is %(status)s.")
CANNOT_WITHDRAW = _("Only a submitted result can be withdrawn; this one is %(status)s.")
CANNOT_DELETE = _("Only a draft or returned result can be deleted; this one is %(status)s.")
RESTATEMENT_NEEDS_REASON = _(
    "An edition of %(biennium)s is published: give the reason for this change, so the restatement of the figure "
    "says why it moved."
)
SELF_VALIDATION = _("You recorded or last edited this result, so someone else must validate it.")
CPO_OTHER_PLACE = _(
    "CPO %(code)s is a country programme outcome of %(other)s, not of %(place)s; a result names a CPO of its own place."
)
CPO_UNKNOWN = _("%(place)s has no country programme outcome %(code)s.")
CPO_CODE_INVALID = _("“%(code)s” is not a CPO code: give the place's ISO code and a number, e.g. %(iso3)s101.")
CPO_CODE_PREFIX = _("CPO code %(code)s does not start with the ISO code of %(place)s (%(iso3)s).")
CPO_EXISTS = _("%(place)s already has a country programme outcome %(code)s.")
CPO_OUT_OF_SCOPE = _("%(place)s is outside your scope: you cannot change its country programme.")
PROGRAMME_OTHER_PLACE = _("The Decent Work Country Programme “%(title)s” is not one of %(place)s.")
PROGRAMME_UNKNOWN = _("%(place)s has no Decent Work Country Programme “%(title)s”.")
PROGRAMME_YEARS = _("A programme's last year (%(end)s) cannot come before its first (%(start)s).")
CONTRIBUTION_WRONG_FRAMEWORK = _("%(what)s is not part of the %(biennium)s framework.")
CONTRIBUTION_INDICATOR_OUTCOME = _(
    "Indicator %(code)s measures outcome %(indicator_outcome)s, not outcome %(outcome)s."
)

Status = Result.Status


class IndicatorNotFound(ApplicationError):
    """No indicator has the code asked for in the biennium's framework."""

    status_code = 404


class ResultAction(StrEnum):
    """What can be done to a result; the transition table says from which status."""

    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    DELETE = "delete"
    VALIDATE = "validate"
    RETURN = "return"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    """From which statuses an action is allowed, the status it leads to (None: unchanged or deleted), whether
    it is a reviewer's act, and the refusal when the status does not allow it (with `%(status)s`)."""

    sources: frozenset[str]
    target: str | None
    review: bool
    refused: Promise | None = None


EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
REVIEW_ACTIONS = (ResultAction.VALIDATE, ResultAction.RETURN, ResultAction.REOPEN)

RESULT_TRANSITIONS: dict[ResultAction, Transition] = {
    ResultAction.EDIT: Transition(sources=EDITABLE, target=None, review=False),
    ResultAction.SUBMIT: Transition(sources=EDITABLE, target=Status.SUBMITTED, review=False, refused=CANNOT_SUBMIT),
    ResultAction.WITHDRAW: Transition(
        sources=frozenset({Status.SUBMITTED}), target=Status.DRAFT, review=False, refused=CANNOT_WITHDRAW
    ),
    ResultAction.DELETE: Transition(sources=EDITABLE, target=None, review=False, refused=CANNOT_DELETE),
    ResultAction.VALIDATE: Transition(
        sources=frozenset({Status.SUBMITTED}), target=Status.VALIDATED, review=True, refused=NOT_SUBMITTED
    ),
    ResultAction.RETURN: Transition(
        sources=frozenset({Status.SUBMITTED}), target=Status.RETURNED, review=True, refused=NOT_SUBMITTED
    ),
    ResultAction.REOPEN: Transition(
        sources=frozenset({Status.VALIDATED}), target=Status.RETURNED, review=True, refused=NOT_VALIDATED
    ),
}


def result_action_allowed(*, action: ResultAction, status: str) -> bool:
    """Whether the transition table allows the action from this status."""
    return status in RESULT_TRANSITIONS[action].sources


def result_edit_refusal(*, status: str) -> str:
    """Why a result in this status cannot change ("" when it can): locked, or awaiting validation."""
    if status == Status.VALIDATED:
        return str(RESULT_LOCKED)
    if status == Status.SUBMITTED:
        return str(RESULT_AWAITING_VALIDATION)
    return ""


def result_transition_check(*, action: ResultAction, result: Result) -> None:
    """Refuse (ApplicationError) an action the result's status does not allow."""
    if result_action_allowed(action=action, status=result.status):
        return
    refused = RESULT_TRANSITIONS[action].refused
    if refused is None:
        raise ApplicationError(result_edit_refusal(status=result.status))
    raise ApplicationError(refused % {"status": result.get_status_display()})


def result_scope_check(*, scope: Scope, indicator: Indicator, place: Place, review: bool = False) -> None:
    """Refuse (NotAllowed) a user whose role cannot record (or, for `review`, validate) or whose scope does not
    cover the place's region and the indicator's outcome."""
    if review and not scope.can_validate:
        raise NotAllowed(ROLE_CANNOT_VALIDATE)
    if not review and not scope.can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD)
    if not scope.covers(region_id=place.region_id, outcome_id=indicator.outcome_id):
        raise NotAllowed(OUT_OF_SCOPE % {"place": place.name, "code": indicator.code})


def indicator_record_refusal(*, scope: Scope, indicator: Indicator) -> str:
    """Why the user may not record results under the indicator at all ("" when they may)."""
    if not scope.can_record:
        return str(ROLE_CANNOT_RECORD)
    if not scope.covers_outcome(indicator.outcome_id):
        return str(OUTCOME_OUT_OF_SCOPE % {"code": indicator.code})
    return ""


def self_validation(*, user_id: int | None, result: Result) -> bool:
    """Whether the user recorded or last edited the result: nobody validates their own work."""
    return user_id in {result.created_by_id, result.last_edited_by_id}


def framework_mismatch(*, indicator: Indicator, biennium: Biennium) -> str:
    """Why the indicator cannot take results in the biennium ("" when it belongs to its framework)."""
    if indicator.framework_id == biennium.framework_id:
        return ""
    return str(WRONG_FRAMEWORK % {"code": indicator.code, "biennium": biennium.label})


def result_content_errors(
    *, indicator: Indicator, place_name: str, entity_name: str, description: str, entity_unnamed: bool = False
) -> dict:
    """The content a result needs, by field: what changed, and the entity only for indicators counting entities
    (unless the result's entity is one a published table did not name, `entity_unnamed`, and it stays so)."""
    errors = {}
    if not description.strip():
        errors["description"] = str(DESCRIPTION_REQUIRED % {"place": place_name})
    if indicator.counts_places and entity_name.strip():
        errors["entity_name"] = str(ENTITY_NOT_ALLOWED % {"code": indicator.code})
    if not indicator.counts_places and not entity_name.strip() and not entity_unnamed:
        errors["entity_name"] = str(ENTITY_REQUIRED % {"unit": indicator.unit_singular})
    return errors


def criteria_unknown(*, indicator: Indicator, numbers: list[int], known: set[int]) -> str:
    """Why some of the numbers are not criteria of the indicator ("" when all are)."""
    unknown = [str(number) for number in numbers if number not in known]
    if not unknown:
        return ""
    return str(UNKNOWN_CRITERIA % {"code": indicator.code, "numbers": ", ".join(unknown)})


def criteria_clean(*, indicator: Indicator, criteria_met: Iterable[int | str]) -> list[int]:
    """The criteria met as sorted distinct numbers; a ValidationError naming any the indicator does not have."""
    numbers = sorted({int(number) for number in criteria_met})
    known = set(indicator.criteria.values_list("number", flat=True))
    if message := criteria_unknown(indicator=indicator, numbers=numbers, known=known):
        raise ValidationError({"criteria_met": message})
    return numbers


def result_unique_check(
    *, indicator: Indicator, biennium: Biennium, place: Place, entity_name: str, exclude_pk: int | None = None
) -> None:
    """Refuse a second result for the same indicator, biennium, place and entity."""
    duplicates = Result.objects.filter(indicator=indicator, biennium=biennium, place=place, entity_name=entity_name)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        name = f"{entity_name} ({place.name})" if entity_name else place.name
        raise ValidationError(
            {"place": RESULT_EXISTS % {"place": name, "code": indicator.code, "biennium": biennium.label}}
        )


# --- The framework editor: who may change outcomes, indicators, criteria, targets and published figures ----

FRAMEWORK_NOT_ALLOWED = _("Only administrators, and managers for their own outcomes, may edit the results framework.")
OUTCOME_CREATE_NOT_ALLOWED = _("Only an administrator can add an outcome to the results framework.")
FRAMEWORK_OUTCOME_NOT_ALLOWED = _("Outcome %(number)s is outside your scope; you cannot edit it or its indicators.")
FRAMEWORK_REASON_REQUIRED = _("Results are already recorded under %(what)s: give the reason for this change.")
FRAMEWORK_CLOSED_RESULTS = _(
    "Indicator %(code)s has results in the closed biennium %(biennium)s; its definition cannot change."
)
CRITERION_IN_USE = _(
    "Criterion %(number)s of indicator %(code)s is ticked by %(count)d result(s); it cannot be removed."
)
CRITERIA_MINIMUM_TOO_HIGH = _("At least %(minimum)d criteria cannot be met: indicator %(code)s has %(count)d.")
PREDECESSOR_NOT_EARLIER = _("An indicator can only continue an indicator of an earlier strategic framework.")
OUTCOME_NUMBER_TAKEN = _("Outcome %(number)s already exists in this strategic framework.")
INDICATOR_CODE_TAKEN = _("Indicator %(code)s already exists in this strategic framework.")
PUBLISHED_FIGURE_INCOMPLETE = _("Give both the published text and its total, or leave both empty.")
TARGET_INCOMPLETE = _("Give the target's value, or leave its text empty too.")
# django-simple-history keeps a change's reason in 100 characters.
REASON_MAX_LENGTH = 100
REASON_TOO_LONG = _("Keep the reason to %(limit)d characters (it has %(length)d).")
TERRITORIES_EXCEED_TOTAL = _("The member States and territories cannot add up to more than the total.")


def framework_edit_refusal(*, scope: Scope, outcome: Outcome | None = None) -> str:
    """Why the user may not edit the framework (or, with `outcome`, that outcome and its indicators); "" when
    they may. Administrators edit everything; managers the outcomes in their scope; nobody else anything."""
    if not scope.can_validate:
        return str(FRAMEWORK_NOT_ALLOWED)
    if outcome is not None and not scope.covers_outcome(outcome.pk):
        return str(FRAMEWORK_OUTCOME_NOT_ALLOWED % {"number": outcome.number})
    return ""


def outcome_create_refusal(*, scope: Scope) -> str:
    """Why the user may not add an outcome ("" for an administrator)."""
    return "" if scope.is_administrator else str(OUTCOME_CREATE_NOT_ALLOWED)


def programme_outcome_place_check(*, place: Place, programme_outcome: CountryProgrammeOutcome | None) -> None:
    """Refuse (ValidationError on the CPO) a result naming a CPO of another place."""
    if programme_outcome is None or programme_outcome.place_id == place.pk:
        return
    raise ValidationError(
        {
            "programme_outcome": CPO_OTHER_PLACE
            % {"code": programme_outcome.code, "other": programme_outcome.place.name, "place": place.name}
        }
    )


def programme_outcome_code_problem(*, code: str, place: Place) -> str:
    """Why a code cannot be a CPO of the place ("" when it can): the place's ISO code, then digits."""
    code = code.strip().upper()
    if len(code) < 4 or len(code) > 20 or not code[:3].isalpha() or not code[3:].isalnum():
        return str(CPO_CODE_INVALID % {"code": code[:40], "iso3": place.iso3})
    if code[:3] != place.iso3:
        return str(CPO_CODE_PREFIX % {"code": code, "place": place.name, "iso3": place.iso3})
    return ""


def programme_scope_check(*, scope: Scope, place: Place) -> None:
    """Refuse (NotAllowed) a user who cannot record or whose regions do not include the place's."""
    if not scope.can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD)
    if not scope.covers_region(place.region_id):
        raise NotAllowed(CPO_OUT_OF_SCOPE % {"place": place.name})


def restatement_reason_required(*, biennium: Biennium) -> bool:
    """Once an edition of the biennium is published, a change to what its figures count needs a reason."""
    return edition_before(biennium=biennium) is not None


def restatement_reason_check(*, biennium: Biennium, reason: str, field: str) -> None:
    """Refuse (ValidationError on `field`) a change without a reason to a biennium with a published edition."""
    if not reason.strip() and restatement_reason_required(biennium=biennium):
        raise ValidationError({field: RESTATEMENT_NEEDS_REASON % {"biennium": biennium.label}})
