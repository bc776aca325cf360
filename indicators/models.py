from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outcomes.models import Biennium, Outcome, StrategicFramework
from places.models import Place
from rbm import limits
from rbm.fields import BoundedTextField
from rbm.history import IndexedHistoricalRecords


class Indicator(models.Model):
    """A measure of an outcome, numbered within its strategic framework ("4.2")."""

    class UnitKind(models.TextChoices):
        PLACES = "places", _("places (member States and territories)")
        ENTITIES = "entities", _("entities located in places")

    class CriteriaRule(models.TextChoices):
        ALL = "all", _("all of the criteria")
        AT_LEAST = "at_least", _("at least a number of the criteria")

    framework = models.ForeignKey(
        StrategicFramework, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("strategic framework")
    )
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("outcome"))
    code = models.CharField(_("code"), max_length=20)
    statement = BoundedTextField(_("statement"), max_length=limits.STATEMENT_MAX)
    unit = models.CharField(_("unit"), max_length=100, default="member States", help_text=_("Plural, as published."))
    unit_singular = models.CharField(_("unit (singular)"), max_length=100, default="member State")
    unit_kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices, default=UnitKind.PLACES)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("continues indicator"),
        help_text=_("The indicator of an earlier framework that this one continues."),
    )
    criteria_rule = models.CharField(
        _("criteria rule"),
        max_length=20,
        choices=CriteriaRule.choices,
        default=CriteriaRule.AT_LEAST,
    )
    criteria_minimum = models.PositiveSmallIntegerField(
        _("criteria to meet"), default=1, help_text=_("With “at least”: how many criteria a result must meet.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ("framework__start_year", "position", "code")
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = (
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique_in_framework"),
        )

    def __str__(self) -> str:
        return f"{self.code}: {self.statement}"

    def clean(self) -> None:
        if self.outcome_id and self.framework_id and self.outcome.framework_id != self.framework_id:
            raise ValidationError({"outcome": _("The outcome belongs to another strategic framework.")})
        if self.predecessor_id and self.predecessor_id == self.pk:
            raise ValidationError({"predecessor": _("An indicator cannot continue itself.")})

    @property
    def counts_places(self) -> bool:
        return self.unit_kind == self.UnitKind.PLACES


class MeasurementCriterion(models.Model):
    """A numbered criterion a result must meet to count under its indicator."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("indicator")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("text"), max_length=limits.CRITERION_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("indicator", "number")
        verbose_name = _("measurement criterion")
        verbose_name_plural = _("measurement criteria")
        constraints = (
            models.UniqueConstraint(fields=["indicator", "number"], name="criterion_number_unique_per_indicator"),
        )

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.number}) {self.text}"


class Target(models.Model):
    """What an indicator aims for in one biennium ("12 member States")."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    biennium = models.ForeignKey(Biennium, on_delete=models.PROTECT, related_name="targets", verbose_name=_("biennium"))
    value = models.PositiveIntegerField(_("value"))
    text = models.CharField(_("text as published"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("biennium__start_year", "indicator__code")
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = (
            models.UniqueConstraint(fields=["indicator", "biennium"], name="target_unique_per_indicator_biennium"),
        )

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.biennium}: {self.text or self.value}"


class PublishedFigure(models.Model):
    """The result figure a published report gave, kept beside the one derived from stored results."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="published_figures", verbose_name=_("indicator")
    )
    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="published_figures", verbose_name=_("biennium")
    )
    text = models.CharField(_("text as published"), max_length=200)
    value = models.PositiveIntegerField(_("total"))
    member_states = models.PositiveIntegerField(_("member States"), null=True, blank=True)
    territories = models.PositiveIntegerField(_("territories"), default=0)
    source = models.CharField(_("source document"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = (models.UniqueConstraint(fields=["indicator", "biennium"], name="published_figure_unique"),)

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.biennium}: {self.text}"


class Result(models.Model):
    """A country result: where, in a biennium, an indicator's result was achieved, with its evidence."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        VALIDATED = "validated", _("validated")

    class Source(models.TextChoices):
        ENTRY = "entry", _("entered")
        IMPORT = "import", _("imported from a published table")

    # No index of their own: the unique constraint's (indicator, ...) and the (biennium, ...) indexes serve
    # their lookups, and each index is one more written for every result.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="results", verbose_name=_("indicator"), db_index=False
    )
    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="results", verbose_name=_("biennium"), db_index=False
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="results", verbose_name=_("place"))
    entity_name = models.CharField(
        _("entity"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("For indicators counting something other than places: the organization or body concerned."),
    )
    entity_unnamed = models.BooleanField(
        _("entity not named in the source"),
        default=False,
        help_text=_(
            "The published table lists the place but does not name the entity; naming it later clears this mark."
        ),
    )
    programme_outcome = models.ForeignKey(
        "CountryProgrammeOutcome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("country programme outcome"),
        help_text=_("The CPO of the same place this result is reported against."),
    )
    reported_name = models.CharField(
        _("name as reported"), max_length=200, blank=True, help_text=_("The place's spelling in the source document.")
    )
    description = BoundedTextField(_("what changed"), blank=True, max_length=limits.RESULT_DESCRIPTION_MAX)
    evidence = BoundedTextField(_("evidence"), blank=True, max_length=limits.RESULT_EVIDENCE_MAX)
    criteria_met = models.JSONField(_("criteria met"), default=list, blank=True, help_text=_("Criterion numbers."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ENTRY)
    review_message = BoundedTextField(
        _("message from the validator"),
        blank=True,
        help_text=_("Why the result was returned or reopened."),
        max_length=limits.REVIEW_MESSAGE_MAX,
    )
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Raised by every change."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated or returned by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("validated or returned at"), null=True, blank=True)
    # The newest change of one biennium's results (the lists' Last-Modified) is found from the end of that
    # biennium's history, not by walking back through the other biennia's changes. The history is read by
    # result, date, biennium, indicator and place, never by who recorded, edited or validated: those columns
    # get no index (an import writes every index of a history row: 12 took 0.25 s per 10,000 rows, 6 took 0.13).
    history = IndexedHistoricalRecords(
        indexes=[models.Index(fields=["biennium", "history_date"], name="result_history_biennium_idx")],
        no_db_index=["biennium", "created_by", "last_edited_by", "reviewed_by", "programme_outcome", "history_user"],
    )

    class Meta:
        ordering = ("biennium__start_year", "indicator__code", "place__name", "entity_name")
        verbose_name = _("country result")
        verbose_name_plural = _("country results")
        constraints = (
            models.UniqueConstraint(
                fields=["indicator", "biennium", "place", "entity_name"], name="result_unique_per_place"
            ),
            # An entity marked as not named has no name; a named one is not marked.
            models.CheckConstraint(
                condition=models.Q(entity_unnamed=False) | models.Q(entity_name=""), name="result_unnamed_entity_blank"
            ),
        )
        indexes = (
            models.Index(fields=["biennium", "status", "indicator"], name="result_biennium_status_idx"),
            models.Index(fields=["status", "updated_at"], name="result_status_updated_idx"),
            # The validation queue pages through submitted results oldest first.
            models.Index(fields=["status", "submitted_at", "id"], name="result_status_submitted_idx"),
            # Lists page through a biennium's results in id order (cursor pagination).
            models.Index(fields=["biennium", "id"], name="result_biennium_id_idx"),
        )

    def __str__(self) -> str:
        who = f"{self.entity_name} ({self.place})" if self.entity_name else str(self.place)
        return f"{self.indicator.code} {self.biennium}: {who}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:result-detail", args=[self.pk])

    def clean(self) -> None:
        if self.indicator_id and self.biennium_id and self.indicator.framework_id != self.biennium.framework_id:
            raise ValidationError({"biennium": _("The indicator does not belong to this biennium's framework.")})
        if self.indicator_id and not self.indicator.counts_places and not self.entity_name and not self.entity_unnamed:
            raise ValidationError({"entity_name": _("Name the entity this result is about.")})
        if self.indicator_id and self.indicator.counts_places and (self.entity_name or self.entity_unnamed):
            raise ValidationError({"entity_name": _("This indicator counts places; leave the entity empty.")})

    @property
    def display_name(self) -> str:
        """The entity, else the place's one name (as every page and report shows it; the spelling of the source
        document stays in `reported_name`, shown on the result's own page)."""
        return self.entity_name or self.place.name

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.VALIDATED


class ResultTally(models.Model):
    """How many results an indicator has in a biennium, a place and a status: kept by the database itself.

    Triggers on the results table (migration 0016) add and take away on every insert, update and delete,
    whatever writes it (a service, a COPY of an upload, a queryset update), in the same transaction; a
    tally that reaches zero is removed. The pages that aggregate results now (counts, the dashboard's
    pipeline, trends and places) read these instead, so their time follows the number of indicators and
    places, not of results: an indicator with thousands of entities in a place is one row here. Results as
    they stood at a past moment are still aggregated from their history.

    No foreign-key constraints: a tally follows its results and is removed with the last of them, and it
    must never stop an indicator, a biennium or a place from being deleted.
    """

    # The unique constraint's index (biennium and status first, as every reader filters) is the only one.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    biennium = models.ForeignKey(
        Biennium, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    place = models.ForeignKey(Place, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    status = models.CharField(max_length=20, choices=Result.Status.choices)
    results = models.IntegerField(help_text="Results with these four values.")
    unnamed = models.IntegerField(help_text="Of them, entity results whose entity the source left unnamed.")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["biennium", "status", "indicator", "place"], name="indicators_resulttally_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.biennium_id}/{self.place_id}/{self.status}: {self.results}"


def evidence_upload_path(instance: "ResultEvidence", filename: str) -> str:
    return f"evidence/{instance.result_id}/{filename}"


class ResultEvidence(models.Model):
    """A link or an uploaded file supporting a result (the written evidence is on the result itself)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("result"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_path, max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("added_at", "id")
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = (models.CheckConstraint(condition=~models.Q(url="", file=""), name="evidence_has_link_or_file"),)

    def __str__(self) -> str:
        return self.title or self.url or self.file.name


class ResultUpload(models.Model):
    """An Excel workbook of results for one indicator and biennium, kept from its preview to its commit."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("waiting for confirmation")
        COMMITTED = "committed", _("committed")
        DISCARDED = "discarded", _("discarded")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("indicator")
    )
    biennium = models.ForeignKey(Biennium, on_delete=models.PROTECT, related_name="+", verbose_name=_("biennium"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("workbook"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    plan = models.JSONField(
        _("preview"), default=dict, blank=True, help_text=_("Each row's action, changes and errors, as previewed.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)

    class Meta:
        ordering = ("-uploaded_at", "-id")
        verbose_name = _("results upload")
        verbose_name_plural = _("results uploads")

    def __str__(self) -> str:
        return f"{self.filename} ({self.indicator.code} {self.biennium})"


class CountryProgramme(models.Model):
    """A Decent Work Country Programme: what the Office and a member State's constituents agreed for a period."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("in preparation")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="country_programmes", verbose_name=_("place")
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ("place__name", "start_year", "title")
        verbose_name = _("Decent Work Country Programme")
        verbose_name_plural = _("Decent Work Country Programmes")
        constraints = (
            models.UniqueConstraint(fields=["place", "title"], name="country_programme_title_unique_per_place"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="country_programme_years_ordered"
            ),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class CountryProgrammeOutcome(models.Model):
    """A country programme outcome (CPO, "GHA101"): what a country result is reported against."""

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="programme_outcomes", verbose_name=_("place")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    programme = models.ForeignKey(
        CountryProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_outcomes",
        verbose_name=_("Decent Work Country Programme"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("place__name", "code")
        verbose_name = _("country programme outcome")
        verbose_name_plural = _("country programme outcomes")
        constraints = (models.UniqueConstraint(fields=["place", "code"], name="cpo_code_unique_per_place"),)

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class CountryProgrammeContribution(models.Model):
    """What a CPO contributes to in one biennium: an outcome, and the indicator it is reported under (if any)."""

    programme_outcome = models.ForeignKey(
        CountryProgrammeOutcome,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("country programme outcome"),
    )
    biennium = models.ForeignKey(Biennium, on_delete=models.PROTECT, related_name="+", verbose_name=_("biennium"))
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+", verbose_name=_("outcome"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("indicator")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("biennium__start_year", "outcome__position", "indicator__code")
        verbose_name = _("CPO contribution")
        verbose_name_plural = _("CPO contributions")
        constraints = (
            models.UniqueConstraint(
                fields=["programme_outcome", "biennium", "indicator"],
                condition=models.Q(indicator__isnull=False),
                name="cpo_contribution_unique_indicator",
            ),
            models.UniqueConstraint(
                fields=["programme_outcome", "biennium", "outcome"],
                condition=models.Q(indicator__isnull=True),
                name="cpo_contribution_unique_outcome",
            ),
        )

    def __str__(self) -> str:
        return (
            f"{self.programme_outcome.code} {self.biennium}: {self.indicator.code if self.indicator else self.outcome}"
        )
