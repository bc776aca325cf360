"""Writes for accounts: users and their role and scope, personal API tokens.

Scope is kept as regions (`places.Region`) and outcomes (`outcomes.Outcome`), both higher layers: these
services take their instances and never import those apps.
"""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, Profile, Role
from accounts.rules import TWO_FACTOR_CODE_WRONG, TWO_FACTOR_THROTTLED
from accounts.selectors import user_scope_forget

API_KEY_MARK = "rbm_"
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str = Role.VIEWER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    unit: str = "",
    regions: Sequence[models.Model] | None = None,
    outcomes: Sequence[models.Model] | None = None,
) -> User:
    user = get_user_model()(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMINISTRATOR,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    profile_set(user=user, role=role, unit=unit, regions=regions or [], outcomes=outcomes or [])
    return user


@transaction.atomic
def profile_set(
    *, user: User, role: str, unit: str = "", regions: Sequence[models.Model], outcomes: Sequence[models.Model]
) -> Profile:
    """Give the user a role and a scope: `regions` (places.Region) and `outcomes` (outcomes.Outcome), none for all."""
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.role = role
    profile.unit = unit
    profile.full_clean()
    profile.save()
    profile.regions.set([region.pk for region in regions])
    profile.outcomes.set([outcome.pk for outcome in outcomes])
    user_scope_forget(user=user)
    return profile


@dataclass(frozen=True)
class IssuedToken:
    """A newly created token with its secret: the only moment the secret exists outside the client."""

    token: ApiToken
    secret: str


def api_token_hash(*, secret: str) -> str:
    """The stored form of a secret. The secret is 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, access: str = ApiToken.Access.READ) -> IssuedToken:
    """Issue a personal API token; its secret is returned once and never stored."""
    secret = API_KEY_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        access=access,
        prefix=secret[: len(API_KEY_MARK) + 8],
        key_hash=api_token_hash(secret=secret),
    )
    token.full_clean(exclude=["user"])
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once. Revoking it again changes nothing."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if current.revoked_at is not None:
        return current
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    return current


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> None:
    """Record that a token was used, at most once a minute so reads stay reads."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at > API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- Two-factor sign-in (TOTP) ---------------------------------------------------------------------

TWO_FACTOR_DEVICE_NAME = "authenticator app"


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's authenticator device waiting for its first code: the one already started, else a new
    secret. A confirmed device is never offered again (its secret was shown once, at enrolment)."""
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=TWO_FACTOR_DEVICE_NAME, confirmed=False)


def two_factor_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the pending device with a code from the app; ValidationError when the code is wrong.

    Any earlier device of the user is removed: one authenticator per person, the latest enrolled. The
    check itself is outside the transaction, so that a wrong code still counts towards throttling."""
    current = TOTPDevice.objects.get(pk=device.pk, user=user, confirmed=False)
    if not two_factor_code_valid(device=current, code=code):
        raise ValidationError({"code": TWO_FACTOR_CODE_WRONG})
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user).exclude(pk=current.pk).delete()
        current.confirmed = True
        current.save(update_fields=["confirmed"])
    return current


def two_factor_code_valid(*, device: TOTPDevice, code: str) -> bool:
    """Whether `code` is the device's current one, counting the attempt for django-otp's throttling.

    Refused (ValidationError) while the device is throttled after wrong codes."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"code": TWO_FACTOR_THROTTLED})
    return bool(device.verify_token("".join(code.split())))


@transaction.atomic
def two_factor_disable(*, user: User) -> int:
    """Remove the user's authenticator devices; return how many there were."""
    deleted: int = TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()[0]
    return deleted
