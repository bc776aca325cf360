"""What a user is told (in the site, and by email if they wish), and how each user wants to be told."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rbm import limits
from rbm.fields import BoundedTextField


class Notification(models.Model):
    """One thing a user is told: a result of theirs reviewed, a result to validate, an action falling due."""

    class Kind(models.TextChoices):
        RESULT_RETURNED = "result_returned", _("result returned")
        RESULT_VALIDATED = "result_validated", _("result validated")
        RESULT_SUBMITTED = "result_submitted", _("result submitted for validation")
        ACTION_DUE_SOON = "action_due_soon", _("follow-up action due soon")
        ACTION_OVERDUE = "action_overdue", _("follow-up action overdue")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    result = models.ForeignKey(
        "indicators.Result",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result"),
    )
    action = models.ForeignKey(
        "evaluations.FollowUpAction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up action"),
    )
    message = BoundedTextField(_("message"), blank=True, max_length=limits.NOTIFICATION_MESSAGE_MAX)
    # A reminder is sent once per action, kind and due date: the due date it was about.
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = (models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),)
        constraints = (
            models.UniqueConstraint(
                fields=["recipient", "kind", "action", "due_date"],
                condition=Q(action__isnull=False),
                name="notification_reminder_once",
            ),
            models.CheckConstraint(
                condition=Q(result__isnull=True) | Q(action__isnull=True), name="notification_one_subject"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """Which notifications a user also receives by email; every notification is shown in the site."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_reviews = models.BooleanField(
        _("my results validated or returned"),
        default=True,
        help_text=_("When a manager validates or returns a result you recorded or last edited."),
    )
    email_submissions = models.BooleanField(
        _("results submitted in my scope"),
        default=True,
        help_text=_("When a result in the regions and outcomes you validate is submitted (managers)."),
    )
    email_follow_up = models.BooleanField(
        _("follow-up actions due soon or overdue"),
        default=True,
        help_text=_("When a follow-up action you own (or your unit owns) falls due within a week, or is overdue."),
    )
    language = models.CharField(
        _("language of the emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the site's language."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
