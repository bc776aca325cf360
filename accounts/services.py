from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Profile, Role
from accounts.selectors import user_scope_forget
from outcomes.models import Outcome
from places.models import Region


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
):
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
def profile_set(*, user, role: str, unit: str = "", regions: list[Region], outcomes: list[Outcome]) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.role = role
    profile.unit = unit
    profile.full_clean()
    profile.save()
    profile.regions.set(regions)
    profile.outcomes.set(outcomes)
    user_scope_forget(user=user)
    return profile
