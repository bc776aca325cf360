"""Who may see and change what. Every page, API view, import and task asks here."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, Profile, Role

_CACHE_ATTRIBUTE = "_rbm_scope"

# Whoever asks: a signed-in user, an anonymous visitor, or None for a command or an import acting for nobody.
AnyUser = User | AnonymousUser | None


@dataclass(frozen=True)
class Scope:
    """A user's role and the regions and outcomes they work on; None means every one."""

    user_id: int | None
    role: str | None
    region_ids: frozenset[int] | None = None
    outcome_ids: frozenset[int] | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def can_record(self) -> bool:
        return self.role in {Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR}

    @property
    def can_validate(self) -> bool:
        return self.role in {Role.MANAGER, Role.ADMINISTRATOR}

    @property
    def sees_unvalidated(self) -> bool:
        """Viewers and anonymous visitors see validated data only."""
        return self.can_record

    @property
    def visibility(self) -> tuple:
        """What decides which records the user sees (not who they are): a cache key part for what they read."""
        return (
            self.role,
            sorted(self.region_ids) if self.region_ids is not None else None,
            sorted(self.outcome_ids) if self.outcome_ids is not None else None,
        )

    def covers_region(self, region_id: int | None) -> bool:
        """Whether the region is one the user works on (administrators: every region)."""
        if self.is_administrator:
            return True
        return self.is_authenticated and (self.region_ids is None or region_id in self.region_ids)

    def covers_outcome(self, outcome_id: int | None) -> bool:
        """Whether the outcome is one the user works on (administrators: every outcome)."""
        if self.is_administrator:
            return True
        return self.is_authenticated and (self.outcome_ids is None or outcome_id in self.outcome_ids)

    def covers(self, *, region_id: int | None, outcome_id: int | None) -> bool:
        """Whether a record of one place (its region) under one outcome is within scope: a country result."""
        return self.covers_region(region_id) and self.covers_outcome(outcome_id)

    def covers_tags(self, *, region_ids: Iterable[int], outcome_ids: Iterable[int]) -> bool:
        """Whether a record tagged with regions and outcomes (an evaluation) lies wholly within scope.

        Every tag must be within scope; a record tagged with no region (or no outcome) is global on that
        dimension and needs an unrestricted scope there.
        """
        if self.is_administrator:
            return True
        if not self.is_authenticated:
            return False
        regions, outcomes = set(region_ids), set(outcome_ids)
        if self.region_ids is not None and (not regions or not regions <= self.region_ids):
            return False
        return self.outcome_ids is None or bool(outcomes and outcomes <= self.outcome_ids)

    def outcomes_within(self, outcome_ids: Iterable[int]) -> list[int]:
        """Those of the outcomes the user works on, in the order given."""
        return [outcome_id for outcome_id in outcome_ids if self.covers_outcome(outcome_id)]

    @property
    def restricts_outcomes(self) -> bool:
        """Whether the user works on some outcomes only."""
        return self.outcome_ids is not None and not self.is_administrator

    def filter(self, *, region_path: str | None, outcome_path: str | None) -> Q:
        """A filter selecting the rows within scope; `*_path` names the lookup to the region or outcome id.

        An unrestricted scope selects every row with a condition that is always true, not an empty Q:
        an empty Q vanishes when OR-ed (`Q(status=...) | Q()` is just `Q(status=...)`).
        """
        everything = Q(pk__isnull=False)
        if self.is_administrator:
            return everything
        if not self.is_authenticated:
            return Q(pk__in=[])
        condition = everything
        if self.region_ids is not None and region_path:
            condition &= Q(**{f"{region_path}__in": self.region_ids})
        if self.outcome_ids is not None and outcome_path:
            condition &= Q(**{f"{outcome_path}__in": self.outcome_ids})
        return condition


ANONYMOUS = Scope(user_id=None, role=None)


def user_scope(*, user: AnyUser) -> Scope:
    """Return the user's scope, read once per user object (two queries at most)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached: Scope | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(user_id=user.pk, role=Role.ADMINISTRATOR)
    else:
        profile = Profile.objects.filter(user=user).prefetch_related("regions", "outcomes").first()
        if profile is None:
            scope = Scope(user_id=user.pk, role=Role.VIEWER)
        else:
            region_ids = frozenset(region.pk for region in profile.regions.all())
            outcome_ids = frozenset(outcome.pk for outcome in profile.outcomes.all())
            scope = Scope(
                user_id=user.pk,
                role=profile.role,
                region_ids=region_ids or None,
                outcome_ids=outcome_ids or None,
            )
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def user_scope_forget(*, user: AnyUser) -> None:
    """Drop the cached scope, after the user's profile changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included (they say when they were revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; ApiToken.DoesNotExist for anybody else's."""
    return api_token_list(user=user).get(pk=pk)


def api_token_find(*, key_hash: str) -> ApiToken | None:
    """The token whose secret hashes to `key_hash`, with its user, or None."""
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash).first()


def two_factor_device(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator (TOTP) device, or None when they have not enrolled."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def two_factor_required(*, user: AnyUser) -> bool:
    """Whether the user must sign in with a second factor: administrators, managers and staff, when
    `RBM_REQUIRE_2FA` is on."""
    if not settings.RBM_REQUIRE_2FA or user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff) or user_scope(user=user).role in {Role.ADMINISTRATOR, Role.MANAGER}
