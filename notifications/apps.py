from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The services that change results live below this app and announce what happened by name.
        from notifications.services import notifications_listen

        notifications_listen()
