"""Follow-up to recommendations: actions owned by units, and their dated progress updates."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rbm import limits
from rbm.fields import BoundedTextField

CANCELLED_NEEDS_REASON = _("Say why the action was cancelled.")
REASON_ONLY_WHEN_CANCELLED = _("A cancellation reason is kept only for a cancelled action.")
COMPLETED_NEEDS_DATE = _("Give the date the action was completed.")
COMPLETED_DATE_ONLY_WHEN_COMPLETED = _("Only a completed action has a completion date.")


class FollowUpState(models.TextChoices):
    """Where the follow-up to a recommendation stands, derived from its actions (never stored).

    No actions: not started; any action overdue: overdue; every action completed or cancelled: done;
    otherwise open.
    """

    NOT_STARTED = "not started", _("not started")
    OPEN = "open", _("open")
    OVERDUE = "overdue", _("overdue")
    DONE = "done", _("done")


class FollowUpAction(models.Model):
    """What a unit does about a recommendation, by when; overdue is derived from the due date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.COMPLETED, Status.CANCELLED)

    recommendation = models.ForeignKey(
        "evaluations.Recommendation",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("recommendation"),
    )
    description = BoundedTextField(_("what"), max_length=limits.ACTION_DESCRIPTION_MAX)
    unit = models.CharField(_("unit"), max_length=100, help_text=_("The unit or office responsible, e.g. SOCPRO."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("owner"),
        help_text=_("Who is notified when the action is overdue; without one, the unit's members are."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    cancellation_reason = BoundedTextField(
        _("reason for cancelling"), blank=True, max_length=limits.CANCELLATION_REASON_MAX
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    overdue_notice_for = models.DateField(
        _("overdue notice sent for due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The due date the owners were last told was missed; a new due date re-arms the notice."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "overdue_notice_for"])

    class Meta:
        ordering = ("due_date", "id")
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = (
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="action_cancelled_has_reason",
                violation_error_message=CANCELLED_NEEDS_REASON,
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="action_completed_has_date",
                violation_error_message=COMPLETED_NEEDS_DATE,
            ),
        )
        indexes = (
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
            models.Index(fields=["unit"], name="action_unit_idx"),
            # The follow-up tracker pages through every action in this order.
            models.Index(fields=["due_date", "id"], name="action_due_date_idx"),
        )

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("evaluations:action-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = CANCELLED_NEEDS_REASON
        if self.status != self.Status.CANCELLED and self.cancellation_reason.strip():
            errors["cancellation_reason"] = REASON_ONLY_WHEN_CANCELLED
        if self.status == self.Status.COMPLETED and not self.completed_on:
            errors["completed_on"] = COMPLETED_NEEDS_DATE
        if self.status != self.Status.COMPLETED and self.completed_on:
            errors["completed_on"] = COMPLETED_DATE_ONLY_WHEN_COMPLETED
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def latest_update(self) -> "ProgressUpdate | None":
        """The most recent progress update, read from the prefetched updates when the selector fetched them."""
        updates = list(self.updates.all())
        return updates[-1] if updates else None


class ProgressUpdate(models.Model):
    """A dated account of progress on an action, with its evidence."""

    action = models.ForeignKey(
        FollowUpAction, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    date = models.DateField(_("date"))
    text = BoundedTextField(_("progress"), max_length=limits.PROGRESS_MAX)
    evidence = BoundedTextField(
        _("evidence"), blank=True, help_text=_("What shows it: documents, references."), max_length=limits.PROGRESS_MAX
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    status_after = models.CharField(
        _("status after this update"), max_length=20, choices=FollowUpAction.Status.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("date", "id")
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"
