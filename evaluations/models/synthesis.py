"""A synthesis review: the evaluation reports it covers, and its findings with the reports they cite."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluations.models.evaluation import Evaluation
from rbm import limits
from rbm.fields import BoundedTextField


class SynthesisCoverage(models.Model):
    """An evaluation report a synthesis review covers, under the report number the review gives it."""

    synthesis = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="coverage", verbose_name=_("synthesis review")
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="coverage_in", verbose_name=_("evaluation covered")
    )
    report_number = models.CharField(_("report number"), max_length=20, help_text=_("As the review lists it: E12."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position",)
        verbose_name = _("evaluation covered by a synthesis")
        verbose_name_plural = _("evaluations covered by syntheses")
        constraints = (
            models.UniqueConstraint(fields=["synthesis", "report_number"], name="synthesis_report_number_unique"),
            models.UniqueConstraint(fields=["synthesis", "evaluation"], name="synthesis_evaluation_unique"),
            models.CheckConstraint(condition=~Q(synthesis=F("evaluation")), name="synthesis_not_self"),
        )

    def __str__(self) -> str:
        return f"{self.report_number}: {self.evaluation.title}"


class SynthesisFinding(models.Model):
    """A finding of a synthesis review (what works, for whom, why) with the reports it cites."""

    class Kind(models.TextChoices):
        WHAT_WORKS = "what_works", _("what works")
        FOR_WHOM = "for_whom", _("for whom")
        SUCCESS_FACTOR = "success_factor", _("why: success factor")
        OBSTACLE = "obstacle", _("why: obstacle")

    synthesis = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="synthesis_findings", verbose_name=_("synthesis review")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=300)
    text = BoundedTextField(_("text"), blank=True, max_length=limits.FINDING_MAX)
    cited = models.ManyToManyField(
        Evaluation, blank=True, related_name="cited_by_findings", verbose_name=_("evaluations cited")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("position",)
        verbose_name = _("synthesis finding")
        verbose_name_plural = _("synthesis findings")
        constraints = (
            models.UniqueConstraint(fields=["synthesis", "position"], name="synthesis_finding_position_unique"),
        )

    def __str__(self) -> str:
        return self.heading

    @property
    def citations(self) -> list[tuple[str, Evaluation]]:
        """(report number, evaluation) of each report the finding cites, in the order of the review's annex.

        Reads the review's coverage and the citations as prefetched with the review's page.
        """
        coverage = {link.evaluation_id: (link.position, link.report_number) for link in self.synthesis.coverage.all()}
        cited = sorted(self.cited.all(), key=lambda covered: coverage.get(covered.pk, (0, ""))[0])
        return [(coverage.get(covered.pk, (0, ""))[1], covered) for covered in cited]
