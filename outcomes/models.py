from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rbm import limits
from rbm.fields import BoundedTextField


class StrategicFramework(models.Model):
    """A strategic plan spanning one or more biennia; outcome and indicator numbering is its own."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ("start_year",)
        verbose_name = _("strategic framework")
        verbose_name_plural = _("strategic frameworks")
        constraints = (
            models.CheckConstraint(condition=Q(end_year__gt=F("start_year")), name="framework_years_ordered"),
        )

    def __str__(self) -> str:
        return self.name


class Biennium(models.Model):
    """Two budget years, labelled as published: "2014-15"."""

    framework = models.ForeignKey(
        StrategicFramework, on_delete=models.PROTECT, related_name="biennia", verbose_name=_("strategic framework")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    end_year = models.PositiveSmallIntegerField(_("second year"))
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ("start_year",)
        verbose_name = _("biennium")
        verbose_name_plural = _("biennia")
        constraints = (
            models.CheckConstraint(condition=Q(end_year=F("start_year") + 1), name="biennium_spans_two_years"),
        )

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year % 100:02d}"


class BienniumStatusChange(models.Model):
    """Who closed or reopened a biennium, when and why."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")

    biennium = models.ForeignKey(Biennium, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = BoundedTextField(_("reason"), blank=True, max_length=limits.BIENNIUM_REASON_MAX)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ("-changed_at", "-id")
        verbose_name = _("biennium status change")
        verbose_name_plural = _("biennium status changes")

    def __str__(self) -> str:
        return f"{self.biennium} {self.action}"


class Outcome(models.Model):
    """An outcome of a strategic framework: "Outcome 4: More people have access to ..."."""

    framework = models.ForeignKey(
        StrategicFramework, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("strategic framework")
    )
    number = models.CharField(_("number"), max_length=10)
    statement = BoundedTextField(_("statement"), max_length=limits.STATEMENT_MAX)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ("framework__start_year", "position", "number")
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = (
            models.UniqueConstraint(fields=["framework", "number"], name="outcome_number_unique_in_framework"),
        )

    def __str__(self) -> str:
        return f"Outcome {self.number}: {self.statement}"


class OutcomeNarrative(models.Model):
    """An outcome's narrative in a biennial implementation report: how its strategy delivered.

    Each section is plain text, one paragraph per block separated by a blank line.
    """

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("outcome"))
    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="narratives", verbose_name=_("biennium")
    )
    areas_of_focus = BoundedTextField(
        _("how the strategy delivered on its areas of focus"),
        blank=True,
        help_text=_("The two or three areas of focus identified in the programme and budget."),
        max_length=limits.NARRATIVE_SECTION_MAX,
    )
    support_to_constituents = BoundedTextField(
        _("how the strategy delivered support to constituents"), blank=True, max_length=limits.NARRATIVE_SECTION_MAX
    )
    gender_equality = BoundedTextField(
        _("how the strategy helped to address gender equality and non-discrimination"),
        blank=True,
        max_length=limits.NARRATIVE_SECTION_MAX,
    )
    external_partnerships = BoundedTextField(
        _("significant external partnerships that helped in delivering the strategy"),
        blank=True,
        max_length=limits.NARRATIVE_SECTION_MAX,
    )
    outputs_introduction = BoundedTextField(
        _("significant outputs: introduction"), blank=True, max_length=limits.NARRATIVE_SECTION_MAX
    )
    source = models.CharField(_("source document"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("biennium__start_year", "outcome__position", "outcome__number")
        verbose_name = _("outcome narrative")
        verbose_name_plural = _("outcome narratives")
        constraints = (
            models.UniqueConstraint(fields=["outcome", "biennium"], name="narrative_unique_per_outcome_biennium"),
        )

    def __str__(self) -> str:
        return f"Outcome {self.outcome.number} {self.biennium}"

    def clean(self) -> None:
        if self.outcome_id and self.biennium_id and self.outcome.framework_id != self.biennium.framework_id:
            raise ValidationError({"biennium": _("The outcome does not belong to this biennium's framework.")})


class SignificantOutput(models.Model):
    """One item of the "Significant outputs" table of an outcome's narrative, under its category."""

    class Category(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge generation and management")
        POLICY_ADVICE = "policy_advice", _("Upstream policy advice")
        CAPACITY = "capacity", _("Capacity development")
        NORMATIVE = "normative", _("Strategic normative support")

    narrative = models.ForeignKey(
        OutcomeNarrative, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("narrative")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Order in the table, across categories.")
    )
    text = BoundedTextField(_("text"), max_length=limits.OUTPUT_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("narrative", "position")
        verbose_name = _("significant output")
        verbose_name_plural = _("significant outputs")
        constraints = (
            models.UniqueConstraint(fields=["narrative", "position"], name="significant_output_position_unique"),
            models.CheckConstraint(
                condition=Q(category__in=["knowledge", "policy_advice", "capacity", "normative"]),
                name="significant_output_category_valid",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.position}"


class Edition(models.Model):
    """A published edition of a biennium's implementation report, frozen: what was published, as of when.

    Written once, complete, by the publishing service (`reports.services.editions`) and never changed: the
    report files in every language, the derived figures of every indicator, when the data was read, the
    moment the figures are as of and the content hash.
    """

    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="editions", verbose_name=_("biennium")
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1 for a biennium's first edition, and on."))
    title = models.CharField(_("title"), max_length=300)
    as_of = models.DateTimeField(_("figures as of"))
    data_read_at = models.DateTimeField(_("data read at"))
    content_hash = models.CharField(
        _("content hash (SHA-256)"), max_length=64, help_text=_("Of the report's content in the site's language.")
    )
    hashes = models.JSONField(_("content hash per language"), default=dict)
    languages = models.JSONField(_("languages"), default=list)
    figures = models.JSONField(_("derived figures"), default=list, help_text=_("The counts object of every indicator."))
    content = models.JSONField(_("report content"), default=dict, help_text=_("What the report showed, per language."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ("biennium__start_year", "number")
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = (
            models.UniqueConstraint(fields=["biennium", "number"], name="edition_number_unique_per_biennium"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_number_positive"),
        )

    def __str__(self) -> str:
        return f"{self.biennium} edition {self.number}: {self.title}"


def edition_file_path(instance: "EditionFile", filename: str) -> str:
    return f"editions/{instance.edition.biennium.label}/{instance.edition.number}/{instance.language}/{filename}"


class EditionFile(models.Model):
    """One document of an edition, in one language and format."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files", verbose_name=_("edition"))
    language = models.CharField(_("language"), max_length=10)
    format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to=edition_file_path, max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)

    class Meta:
        ordering = ("edition", "language", "format")
        verbose_name = _("edition file")
        verbose_name_plural = _("edition files")
        constraints = (models.UniqueConstraint(fields=["edition", "language", "format"], name="edition_file_unique"),)

    def __str__(self) -> str:
        return f"{self.edition} ({self.language}, {self.format})"
