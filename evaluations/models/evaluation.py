"""The evaluation register: an evaluation, what it covers, what it asked and what it found."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rbm import limits
from rbm.fields import BoundedTextField

PERIOD_ORDER = _("The period cannot end before it starts.")
YEAR_NOT_DATE = _("The year must be the year of the date (%(year)d).")
INTERNAL_NOT_INDEPENDENT = _("An internal evaluation is not independent.")


class Evaluation(models.Model):
    """An evaluation report: a high-level, project, thematic or internal evaluation, or a synthesis review."""

    class Kind(models.TextChoices):
        HIGH_LEVEL = "high_level", _("high-level strategy or policy evaluation")
        PROJECT = "project", _("project evaluation")
        THEMATIC = "thematic", _("thematic or regional evaluation")
        SYNTHESIS = "synthesis", _("synthesis review")
        INTERNAL = "internal", _("internal evaluation")

    class Timing(models.TextChoices):
        MID_TERM = "mid_term", _("mid-term")
        INTERIM = "interim", _("interim")
        FINAL = "final", _("final")

    class Independence(models.TextChoices):
        INDEPENDENT = "independent", _("independent")
        INTERNAL = "internal", _("internal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Source(models.TextChoices):
        ENTRY = "entry", _("entered")
        IMPORT = "import", _("imported from a published document")

    title = models.CharField(_("title"), max_length=500)
    symbol = models.CharField(
        _("document symbol"), max_length=60, blank=True, help_text=_("As published, e.g. GB.309/PFA/5/4.")
    )
    session = models.CharField(
        _("session"), max_length=200, blank=True, help_text=_("e.g. 309th Session, Geneva, November 2010.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Year of completion or publication.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    timing = models.CharField(_("timing"), max_length=20, choices=Timing.choices, blank=True)
    independence = models.CharField(_("independence"), max_length=20, choices=Independence.choices, blank=True)
    project_symbol = models.CharField(
        _("project symbol"), max_length=60, blank=True, help_text=_("Technical cooperation symbol, e.g. RAF/13/04/IRL.")
    )
    period_start = models.PositiveSmallIntegerField(_("period covered: first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period covered: last year"), null=True, blank=True)
    summary = BoundedTextField(_("summary"), blank=True, max_length=limits.EVALUATION_SUMMARY_MAX)
    office_comments = BoundedTextField(
        _("comments from the Office"),
        blank=True,
        help_text=_("The Office's general comments on the evaluation."),
        max_length=limits.EVALUATION_COMMENTS_MAX,
    )
    document_url = models.URLField(_("document link"), max_length=500, blank=True)
    document_file = models.FileField(_("document file"), upload_to="evaluations/%Y/", blank=True)
    regions = models.ManyToManyField(
        "places.Region", blank=True, related_name="evaluations", verbose_name=_("regions covered")
    )
    places = models.ManyToManyField(
        "places.Place",
        through="EvaluationPlace",
        blank=True,
        related_name="evaluations",
        verbose_name=_("places covered"),
    )
    outcomes = models.ManyToManyField(
        "outcomes.Outcome", blank=True, related_name="evaluations", verbose_name=_("outcomes concerned")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="evaluations", verbose_name=_("indicators concerned")
    )
    covered = models.ManyToManyField(
        "self",
        through="SynthesisCoverage",
        symmetrical=False,
        blank=True,
        related_name="syntheses",
        verbose_name=_("evaluations covered"),
        help_text=_("For a synthesis review: the evaluation reports it reviewed."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ENTRY)
    source_document = models.CharField(_("source document"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("-year", "-date", "title")
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = (
            models.UniqueConstraint(
                fields=["symbol"],
                condition=~Q(symbol=""),
                name="evaluation_symbol_unique_when_given",
                violation_error_message=_("Another evaluation already has this symbol."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="evaluation_period_ordered",
                violation_error_message=PERIOD_ORDER,
            ),
            models.CheckConstraint(
                condition=~Q(kind="internal") | ~Q(independence="independent"),
                name="evaluation_internal_not_independent",
                violation_error_message=INTERNAL_NOT_INDEPENDENT,
            ),
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="evaluation_status_valid"),
        )
        indexes = (models.Index(fields=["status", "kind", "year"], name="evaluation_register_idx"),)

    def __str__(self) -> str:
        return f"{self.symbol}: {self.title}" if self.symbol else self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = PERIOD_ORDER
        if self.date and self.year and self.year != self.date.year:
            errors["year"] = YEAR_NOT_DATE % {"year": self.date.year}
        if self.kind == self.Kind.INTERNAL and self.independence == self.Independence.INDEPENDENT:
            errors["independence"] = INTERNAL_NOT_INDEPENDENT
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        """The period as published: "2005-09", "2012-18", or one year."""
        if not self.period_start:
            return ""
        if not self.period_end or self.period_end == self.period_start:
            return str(self.period_start)
        end = self.period_end % 100 if self.period_end // 100 == self.period_start // 100 else self.period_end
        return f"{self.period_start}-{end:02d}"

    @property
    def is_synthesis(self) -> bool:
        return self.kind == self.Kind.SYNTHESIS

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def document(self) -> str:
        """Where to read the report: the uploaded file (served with the evaluation's visibility), else the link."""
        if self.document_file:
            return reverse("evaluations:evaluation-document", kwargs={"pk": self.pk})
        return self.document_url


class EvaluationPlace(models.Model):
    """A place an evaluation covers, as the report names it; case-study countries are flagged."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="place_links", verbose_name=_("evaluation")
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="evaluation_links", verbose_name=_("place")
    )
    reported_name = models.CharField(_("name as reported"), max_length=200, blank=True)
    is_case_study = models.BooleanField(_("case study"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "place__name")
        verbose_name = _("place covered")
        verbose_name_plural = _("places covered")
        constraints = (models.UniqueConstraint(fields=["evaluation", "place"], name="evaluation_place_unique"),)

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.place}"


class EvaluationQuestion(models.Model):
    """One of the questions an evaluation set out to answer, numbered as published."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="questions", verbose_name=_("evaluation")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("question"), max_length=limits.QUESTION_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("number",)
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        constraints = (
            models.UniqueConstraint(fields=["evaluation", "number"], name="evaluation_question_number_unique"),
        )

    def __str__(self) -> str:
        return f"({self.number}) {self.text}"


class Criterion(models.TextChoices):
    """The evaluation criteria findings are grouped by."""

    RELEVANCE = "relevance", _("relevance")
    EFFECTIVENESS = "effectiveness", _("effectiveness")
    COHERENCE = "coherence", _("coherence")
    EFFICIENCY = "efficiency", _("efficiency")
    COORDINATION = "coordination", _("internal coordination and management")
    IMPACT = "impact", _("impact")
    SUSTAINABILITY = "sustainability", _("sustainability")


class Finding(models.Model):
    """What an evaluation found under one criterion, with the heading the report gave it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="findings", verbose_name=_("evaluation")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion)
    heading = models.CharField(_("heading as published"), max_length=200, blank=True)
    text = BoundedTextField(_("findings"), max_length=limits.FINDING_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("evaluation", "id")
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = (
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="finding_unique_per_criterion"),
        )

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.get_criterion_display()}"


class Lesson(models.Model):
    """A lesson learned or an emerging good practice drawn by an evaluation."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("lesson learned")
        GOOD_PRACTICE = "good_practice", _("emerging good practice")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("evaluation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LESSON)
    position = models.PositiveSmallIntegerField(_("position"))
    text = BoundedTextField(_("text"), max_length=limits.LESSON_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("kind", "position")
        verbose_name = _("lesson or good practice")
        verbose_name_plural = _("lessons and good practices")
        constraints = (
            models.UniqueConstraint(fields=["evaluation", "kind", "position"], name="lesson_position_unique"),
        )

    def __str__(self) -> str:
        return self.text[:80]
