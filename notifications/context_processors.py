"""The unread count every page's header shows beside the notifications link."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import notification_unread_count


def unread(request) -> dict:
    """`notifications_unread`: the signed-in user's unread notifications, counted only when a template asks."""
    return {
        "notifications_unread": SimpleLazyObject(lambda: notification_unread_count(user=getattr(request, "user", None)))
    }
