import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Profile, Role
from accounts.selectors import user_scope_forget
from outcomes.models import Outcome
from places.models import Region

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
    regions: list[Region] | None = None,
    outcomes: list[Outcome] | None = None,
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
def profile_set(*, user: User, role: str, unit: str = "", regions: list[Region], outcomes: list[Outcome]) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.role = role
    profile.unit = unit
    profile.full_clean()
    profile.save()
    profile.regions.set(regions)
    profile.outcomes.set(outcomes)
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


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    regions: tuple[str, ...]
    first_name: str
    last_name: str
    unit: str


# Demo only: `make run` loads them so a newcomer can try the whole workflow; never load them in production.
DEMO_PASSWORD = "rbm-demo"  # noqa: S105 -- the published demo password, documented in the README
DEMO_ACCOUNTS = (
    DemoAccount("officer", Role.OFFICER, ("africa",), "Ama", "Mensah", "Regional Office for Africa"),
    DemoAccount(
        "officer-americas", Role.OFFICER, ("americas",), "Pedro", "Álvarez", "Regional Office for the Americas"
    ),
    DemoAccount("manager", Role.MANAGER, (), "Kofi", "Boateng", "Strategic Programming and Management"),
    DemoAccount("viewer", Role.VIEWER, (), "Vera", "Lind", "Evaluation Office"),
    DemoAccount("admin", Role.ADMINISTRATOR, (), "Ada", "Nwosu", "Information and Technology Management"),
)


@transaction.atomic
def demo_accounts_create(*, password: str = DEMO_PASSWORD) -> list[User]:
    """Create (or reset) the demo accounts, one per role plus an officer of a second region."""
    users = []
    regions = {region.code: region for region in Region.objects.all()}
    for account in DEMO_ACCOUNTS:
        user = get_user_model().objects.filter(username=account.username).first()
        if user is None:
            user = user_create(username=account.username, password=password, role=account.role)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.email = f"{account.username}@example.org"
        user.is_staff = user.is_superuser = account.role == Role.ADMINISTRATOR
        user.set_password(password)
        user.save()
        profile_set(
            user=user,
            role=account.role,
            unit=account.unit,
            regions=[regions[code] for code in account.regions],
            outcomes=[],
        )
        users.append(user)
    return users
