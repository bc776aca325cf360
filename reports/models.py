from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium, Outcome


class ReportFormat(models.TextChoices):
    HTML = "html", _("web page")
    DOCX = "docx", _("Word")
    XLSX = "xlsx", _("Excel")
    PDF = "pdf", _("PDF")


class ReportJob(models.Model):
    """A request to build the biennial implementation report, and what became of it.

    The row is written before any work starts, so nothing the user asked for is lost when the broker
    is down: the job stays queued with a note until a periodic task hands it to a worker.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="report_jobs", verbose_name=_("biennium")
    )
    outcomes = models.ManyToManyField(
        Outcome,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("outcomes"),
        help_text=_("Empty: every outcome of the biennium."),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("plan of action"),
        help_text=_("Set for a revised activity matrix; the biennium is then the one its status column reports on."),
    )
    formats = models.JSONField(_("formats"), default=list)
    language = models.CharField(_("language"), max_length=10, default="en")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    queue_note = models.CharField(_("queue note"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    restarts = models.PositiveSmallIntegerField(
        _("restarts"), default=0, help_text=_("Times the job was taken back from a worker that stopped answering.")
    )
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True, help_text=_("Written every few seconds by the building worker.")
    )
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("handed to the queue at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data_read_at = models.DateTimeField(_("data read at"), null=True, blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True)
    files_purged_at = models.DateTimeField(_("files purged at"), null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = (
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "succeeded", "failed"]), name="report_job_state_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_percent"),
        )
        indexes = (models.Index(fields=["state", "requested_at"], name="report_job_state_idx"),)

    def __str__(self) -> str:
        if self.plan_id:
            return f"Revised matrix {self.pk} ({self.biennium}, {self.get_state_display()})"
        return f"Report {self.pk} ({self.biennium}, {self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


def report_file_path(instance: "ReportFile", filename: str) -> str:
    return f"reports/{instance.job_id}/{filename}"


class ReportFile(models.Model):
    """One built document of a report job."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="files", verbose_name=_("job"))
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    build_seconds = models.FloatField(_("build time (s)"), default=0)
    created_at = models.DateTimeField(_("built at"), auto_now_add=True)

    class Meta:
        ordering = ("job", "format")
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = (
            models.UniqueConstraint(fields=["job", "format"], name="report_file_unique_format"),
            models.CheckConstraint(condition=Q(format__in=["html", "docx", "xlsx", "pdf"]), name="report_file_format"),
        )

    def __str__(self) -> str:
        return f"{self.job_id}.{self.format}"
