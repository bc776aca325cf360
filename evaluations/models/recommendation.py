"""Recommendations, their suggested next steps, and the Office's response to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rbm import limits
from rbm.fields import BoundedTextField

RESPONSE_OF_ANOTHER_EVALUATION = _("This response answers recommendations of another evaluation.")
STANCE_WITHOUT_RESPONSE = _("A stance is recorded with the response that answers the recommendation.")
RESPONSE_WITHOUT_STANCE = _("Give the Office's stance on this recommendation.")


class OfficeResponse(models.Model):
    """The Office's response to one or more recommendations of an evaluation, under one heading.

    Published responses group recommendations ("Recommendations 1 and 11"); each recommendation is
    answered by at most one response, which `Recommendation.response` holds.
    """

    evaluation = models.ForeignKey(
        "evaluations.Evaluation", on_delete=models.CASCADE, related_name="responses", verbose_name=_("evaluation")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = BoundedTextField(_("response"), max_length=limits.RESPONSE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("Office response")
        verbose_name_plural = _("Office responses")

    def __str__(self) -> str:
        return self.heading or self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation-detail", kwargs={"pk": self.evaluation_id}) + f"#response-{self.pk}"


class Recommendation(models.Model):
    """A recommendation, numbered within its evaluation."""

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    class Stance(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        NOT_STATED = "not_stated", _("responded, no stance stated")

    evaluation = models.ForeignKey(
        "evaluations.Evaluation",
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("evaluation"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("recommendation"), max_length=limits.RECOMMENDATION_MAX)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    time_frame = models.CharField(_("time frame"), max_length=100, blank=True, help_text=_("e.g. within six months"))
    outcomes = models.ManyToManyField(
        "outcomes.Outcome", blank=True, related_name="recommendations", verbose_name=_("outcomes")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="recommendations", verbose_name=_("indicators")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="recommendations", verbose_name=_("places")
    )
    response = models.ForeignKey(
        OfficeResponse,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("answered by"),
    )
    stance = models.CharField(_("the Office's stance"), max_length=20, choices=Stance.choices, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("evaluation", "number")
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = (
            models.UniqueConstraint(fields=["evaluation", "number"], name="recommendation_number_unique"),
            models.CheckConstraint(
                condition=Q(response__isnull=True, stance="") | (Q(response__isnull=False) & ~Q(stance="")),
                name="recommendation_stance_with_response",
                violation_error_message=RESPONSE_WITHOUT_STANCE,
            ),
        )

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:recommendation-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.response_id and self.response.evaluation_id != self.evaluation_id:
            raise ValidationError({"response": RESPONSE_OF_ANOTHER_EVALUATION})
        if self.stance and not self.response_id:
            raise ValidationError({"stance": STANCE_WITHOUT_RESPONSE})
        if self.response_id and not self.stance:
            raise ValidationError({"stance": RESPONSE_WITHOUT_STANCE})


class NextStep(models.Model):
    """A suggested next step listed under a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="next_steps", verbose_name=_("recommendation")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = BoundedTextField(_("suggested next step"), max_length=limits.RECOMMENDATION_MAX)
    history = HistoricalRecords()

    class Meta:
        ordering = ("position",)
        verbose_name = _("suggested next step")
        verbose_name_plural = _("suggested next steps")
        constraints = (
            models.UniqueConstraint(fields=["recommendation", "position"], name="next_step_position_unique"),
        )

    def __str__(self) -> str:
        return self.text[:80]
