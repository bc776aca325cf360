from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class StrategicFramework(models.Model):
    """A strategic plan spanning one or more biennia; outcome and indicator numbering is its own."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("strategic framework")
        verbose_name_plural = _("strategic frameworks")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gt=F("start_year")), name="framework_years_ordered"),
        ]

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
        ordering = ["start_year"]
        verbose_name = _("biennium")
        verbose_name_plural = _("biennia")
        constraints = [
            models.CheckConstraint(condition=Q(end_year=F("start_year") + 1), name="biennium_spans_two_years"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year % 100:02d}"


class Outcome(models.Model):
    """An outcome of a strategic framework: "Outcome 4: More people have access to ..."."""

    framework = models.ForeignKey(
        StrategicFramework, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("strategic framework")
    )
    number = models.CharField(_("number"), max_length=10)
    statement = models.TextField(_("statement"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework__start_year", "position", "number"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="outcome_number_unique_in_framework"),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.number}: {self.statement}"
