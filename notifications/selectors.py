"""Reading notifications: a user's list and unread count, what each says, who is told, and their email choices."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.formats import date_format

from accounts.models import Role
from accounts.selectors import AnyUser
from indicators.models import Result
from notifications.models import Notification, NotificationPreference
from notifications.rules import EMAIL_CHOICE, SUBJECTS, TEXTS


def notification_list(*, user: AnyUser) -> QuerySet[Notification]:
    """The user's notifications, newest first, with what their sentences name (none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related(
        "actor", "result__place", "result__indicator", "result__biennium", "action"
    )


def notification_unread_count(*, user: AnyUser) -> int:
    """How many of the user's notifications are unread: one COUNT query."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _person(user: User | None) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _parameters(notification: Notification) -> dict[str, str]:
    values = {"actor": _person(notification.actor)}
    if notification.result is not None:
        result = notification.result
        values |= {"result": result.display_name, "code": result.indicator.code, "biennium": result.biennium.label}
    if notification.action is not None:
        action = notification.action
        due = notification.due_date or action.due_date
        values |= {
            "action": action.description if len(action.description) <= 120 else action.description[:119] + "…",
            "unit": action.unit,
            "due": date_format(due) if due else "—",
        }
    return values


def notification_text(*, notification: Notification) -> str:
    """The sentence the notification shows, in the active language."""
    return str(TEXTS[notification.kind] % _parameters(notification))


def notification_subject(*, notification: Notification) -> str:
    """The subject line of the notification's email, in the active language."""
    return str(SUBJECTS[notification.kind] % _parameters(notification))


def notification_target(*, notification: Notification) -> str:
    """The page the notification is about (the result, the action); the list itself when that is gone."""
    if notification.result is not None:
        return notification.result.get_absolute_url()
    if notification.action is not None:
        return notification.action.get_absolute_url()
    return ""


def notification_preference_get(*, user: User) -> NotificationPreference:
    """The user's email choices: their saved ones, else the defaults (every kind by email), unsaved."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def notification_wants_email(*, notification: Notification) -> bool:
    """Whether the recipient has an address and chose to receive this kind of notification by email."""
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    return bool(getattr(notification_preference_get(user=recipient), EMAIL_CHOICE[notification.kind]))


def result_reviewers(*, result: Result) -> QuerySet[User]:
    """The active managers whose scope covers the result's region and outcome (no region or outcome: all)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__role=Role.MANAGER)
        .filter(Q(profile__regions__isnull=True) | Q(profile__regions=result.place.region_id))
        .filter(Q(profile__outcomes__isnull=True) | Q(profile__outcomes=result.indicator.outcome_id))
        .distinct()
        .order_by("username")
    )


def result_officers(*, result: Result) -> list[User]:
    """Who recorded and who last edited the result (once each), active users only."""
    people = [person for person in (result.created_by, result.last_edited_by) if person is not None]
    unique = {person.pk: person for person in people if person.is_active}
    return list(unique.values())
