"""Plans of action: the strategy above the biennia, its activity matrix, targets and monitoring.

A plan (GB.312/POL/2, 2011-19) is published as revisions of its activity matrix: the matrix as first
endorsed and each revised matrix (GB.316/INS/5/1 reproduces it with a column on Recommendation No. 202).
Every revision keeps its own categories, activities, means of action and key outputs, so what a revision
added or changed is read by comparing it with the revision it revises. Targets and the dated events that
count towards them belong to the plan and outlive its revisions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rbm import limits
from rbm.fields import BoundedTextField

PERIOD_ORDER = _("The period cannot end before it starts.")
REASON_REQUIRED = _("Say why the key output was dropped.")
LINK_ONE_SOURCE = _("A link starts from one activity or one key output.")
LINK_ONE_TARGET = _("A link names an outcome, an indicator or a recommendation.")


class Plan(models.Model):
    """A plan of action adopted by a governing body, e.g. the social security plan of action 2011-19."""

    symbol = models.CharField(_("document symbol"), max_length=60, unique=True, help_text=_("e.g. GB.312/POL/2."))
    title = models.CharField(_("title"), max_length=500)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    author_unit = models.CharField(_("author unit"), max_length=200, blank=True)
    endorsed_by = models.CharField(
        _("endorsed by"), max_length=200, blank=True, help_text=_("The governing body session, e.g. 312th Session.")
    )
    endorsed_on = models.CharField(_("endorsed in"), max_length=100, blank=True, help_text=_("e.g. November 2011."))
    source_document = models.CharField(_("source document"), max_length=255, blank=True)
    outcome = models.ForeignKey(
        "outcomes.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("outcome"),
        help_text=_("The outcome whose managers and officers monitor the plan."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("period_start", "symbol")
        verbose_name = _("plan of action")
        verbose_name_plural = _("plans of action")
        constraints = (
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        )

    def __str__(self) -> str:
        return f"{self.symbol}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": PERIOD_ORDER})

    @property
    def period(self) -> str:
        return f"{self.period_start}–{str(self.period_end)[-2:]}"


class Revision(models.Model):
    """One published activity matrix of a plan: the one first endorsed, or a revised one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    symbol = models.CharField(_("document symbol"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)
    session = models.CharField(_("session"), max_length=200, blank=True)
    matrix_title = models.CharField(_("matrix title"), max_length=500, blank=True)
    extra_column = models.CharField(
        _("added column"),
        max_length=500,
        blank=True,
        help_text=_("The heading of the column the revision added, e.g. activities specific to a Recommendation."),
    )
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revised_by",
        verbose_name=_("revises"),
    )
    source_document = models.CharField(_("source document"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ("plan", "number")
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = (models.UniqueConstraint(fields=("plan", "number"), name="revision_number_unique"),)

    def __str__(self) -> str:
        return f"{self.symbol} ({self.plan.symbol} #{self.number})"


class Category(models.Model):
    """A category of activities (I to V), or the cross-cutting line (gender) that has no numeral."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="categories", verbose_name=_("revision")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("I, II, … or G for the cross-cutting line."))
    title = BoundedTextField(_("title"), max_length=limits.PLAN_TITLE_MAX)
    position = models.PositiveSmallIntegerField(_("position"))
    cross_cutting = models.BooleanField(_("cross-cutting"), default=False)

    class Meta:
        ordering = ("revision", "position")
        verbose_name = _("category of activities")
        verbose_name_plural = _("categories of activities")
        constraints = (models.UniqueConstraint(fields=("revision", "code"), name="category_code_unique"),)

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Activity(models.Model):
    """An activity, numbered within its category, with the paragraphs of the mandate that call for it."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="activities", verbose_name=_("category")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("activity"), max_length=limits.PLAN_CELL_MAX)

    class Meta:
        ordering = ("category__position", "number")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = (models.UniqueConstraint(fields=("category", "number"), name="activity_number_unique"),)

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:80]}"

    @property
    def ref(self) -> str:
        return f"{self.category.code}.{self.number}"


class MandateReference(models.Model):
    """A paragraph of the mandate an activity cites: "para. 35(l)" is paragraph 35, clause l."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="mandate_references", verbose_name=_("activity")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    clause = models.CharField(_("clause"), max_length=10, blank=True)
    label = models.CharField(_("as printed"), max_length=60)

    class Meta:
        ordering = ("activity", "position")
        verbose_name = _("mandate reference")
        verbose_name_plural = _("mandate references")

    def __str__(self) -> str:
        return self.label


class Means(models.Model):
    """A means of action of an activity, numbered (i), (ii)… when there are several; its ref is I.4.ii."""

    class TimingKind(models.TextChoices):
        YEARS = "years", _("years")
        BIENNIUM = "biennium", _("biennium")
        DEADLINE = "deadline", _("deadline")
        TEXT = "text", _("as published")
        NONE = "none", _("none")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="means", verbose_name=_("activity"))
    numeral = models.CharField(_("numeral"), max_length=10, blank=True, help_text=_("i, ii, … or empty."))
    position = models.PositiveSmallIntegerField(_("position"))
    text = BoundedTextField(_("means of action"), max_length=limits.PLAN_CELL_MAX)
    timing_text = models.CharField(_("timing as published"), max_length=200, blank=True)
    timing_kind = models.CharField(_("timing"), max_length=10, choices=TimingKind.choices, default=TimingKind.NONE)
    timing_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    timing_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    extra_text = BoundedTextField(
        _("added column"),
        blank=True,
        max_length=limits.PLAN_CELL_MAX,
        help_text=_("The revision's added column for this means of action."),
    )

    class Meta:
        ordering = ("activity__category__position", "activity__number", "position")
        verbose_name = _("means of action")
        verbose_name_plural = _("means of action")
        constraints = (
            models.UniqueConstraint(fields=("activity", "position"), name="means_position_unique"),
            models.CheckConstraint(
                condition=Q(timing_end__isnull=True)
                | Q(timing_start__isnull=True)
                | Q(timing_end__gte=models.F("timing_start")),
                name="means_timing_order",
            ),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:80]}"

    @property
    def ref(self) -> str:
        activity = self.activity
        base = f"{activity.category.code}.{activity.number}"
        return f"{base}.{self.numeral}" if self.numeral else base


class CrossReference(models.Model):
    """A means of action that points elsewhere in the matrix ("See capacity building (see IV below)")."""

    means = models.ForeignKey(
        Means, on_delete=models.CASCADE, related_name="cross_references", verbose_name=_("means of action")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("as printed"), max_length=60)
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("activity")
    )
    target = models.ForeignKey(
        Means, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("means of action")
    )

    class Meta:
        ordering = ("means", "position")
        verbose_name = _("cross reference")
        verbose_name_plural = _("cross references")

    def __str__(self) -> str:
        return self.label


class KeyOutput(models.Model):
    """A key output a means of action promises (printed in bold in the matrix)."""

    means = models.ForeignKey(
        Means, on_delete=models.CASCADE, related_name="key_outputs", verbose_name=_("means of action")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("key output"), max_length=500)

    class Meta:
        ordering = ("means", "position")
        verbose_name = _("key output")
        verbose_name_plural = _("key outputs")
        constraints = (models.UniqueConstraint(fields=("means", "position"), name="key_output_position_unique"),)

    def __str__(self) -> str:
        return self.text


class KeyOutputStatus(models.Model):
    """Where a key output stands in a biennium, said by someone with evidence; the latest one counts.

    Statuses are never edited: each report is a new record, so the records are the history.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_WAY = "under_way", _("under way")
        DELIVERED = "delivered", _("delivered")
        DROPPED = "dropped", _("dropped")

    key_output = models.ForeignKey(
        KeyOutput, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("key output")
    )
    biennium = models.ForeignKey(
        "outcomes.Biennium", on_delete=models.PROTECT, related_name="+", verbose_name=_("biennium")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = BoundedTextField(_("reason"), blank=True, max_length=limits.KEY_OUTPUT_STATUS_MAX)
    evidence = BoundedTextField(_("evidence"), blank=True, max_length=limits.KEY_OUTPUT_STATUS_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("said by")
    )
    recorded_at = models.DateTimeField(_("said on"), auto_now_add=True)

    class Meta:
        ordering = ("key_output", "biennium", "-recorded_at", "-pk")
        verbose_name = _("key output status")
        verbose_name_plural = _("key output statuses")
        constraints = (
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(reason=""), name="key_output_status_dropped_reason"
            ),
        )

    def __str__(self) -> str:
        return f"{self.key_output}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.status == self.Status.DROPPED and not self.reason.strip():
            raise ValidationError({"reason": REASON_REQUIRED})


class PlanLink(models.Model):
    """An activity or key output tied to an outcome or indicator of a biennium's programme and budget, or
    to an evaluation recommendation."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="links", verbose_name=_("activity")
    )
    key_output = models.ForeignKey(
        KeyOutput, on_delete=models.CASCADE, null=True, blank=True, related_name="links", verbose_name=_("key output")
    )
    biennium = models.ForeignKey(
        "outcomes.Biennium",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("biennium"),
    )
    outcome = models.ForeignKey(
        "outcomes.Outcome", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("outcome")
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    recommendation = models.ForeignKey(
        "evaluations.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommendation"),
    )

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = (
            models.CheckConstraint(
                condition=Q(activity__isnull=True, key_output__isnull=False)
                | Q(activity__isnull=False, key_output__isnull=True),
                name="plan_link_one_source",
            ),
            models.CheckConstraint(
                condition=Q(outcome__isnull=False) | Q(indicator__isnull=False) | Q(recommendation__isnull=False),
                name="plan_link_some_target",
            ),
        )

    def __str__(self) -> str:
        return f"{self.activity or self.key_output} → {self.outcome or self.indicator or self.recommendation}"

    def clean(self) -> None:
        if (self.activity_id is None) == (self.key_output_id is None):
            raise ValidationError(LINK_ONE_SOURCE)
        if not (self.outcome_id or self.indicator_id or self.recommendation_id):
            raise ValidationError(LINK_ONE_TARGET)


class Target(models.Model):
    """A numeric target of the plan, or an obligation of member States with a due date.

    Progress is never typed: it is counted from the dated events per place (`TargetEvent`) added to the
    baseline. An obligation (submit the Recommendation by a date) has no value: every member State owes it.
    """

    class Kind(models.TextChoices):
        TARGET = "target", _("target")
        OBLIGATION = "obligation", _("obligation of member States")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    ref = models.CharField(_("reference"), max_length=20, help_text=_("The means of action's reference, e.g. I.4.ii."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TARGET)
    text = BoundedTextField(_("target"), max_length=limits.PLAN_CELL_MAX)
    event_label = models.CharField(
        _("what counts"), max_length=100, help_text=_("What one event is, e.g. ratification of Convention No. 102.")
    )
    baseline = models.PositiveIntegerField(_("baseline"), default=0)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_source = BoundedTextField(_("baseline as published"), blank=True, max_length=limits.PLAN_CELL_MAX)
    value = models.PositiveIntegerField(_("target value"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    history = HistoricalRecords()

    class Meta:
        ordering = ("plan", "ref")
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = (models.UniqueConstraint(fields=("plan", "ref"), name="target_ref_unique"),)

    def __str__(self) -> str:
        return f"{self.ref}: {self.text}"


class TargetEvent(models.Model):
    """A dated event in a place that counts towards a target: a ratification, a submission."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="events", verbose_name=_("target"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=300, blank=True)

    class Meta:
        ordering = ("target", "date", "place__name")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = (models.UniqueConstraint(fields=("target", "place"), name="target_event_place_unique"),)

    def __str__(self) -> str:
        return f"{self.place} {self.date}"
