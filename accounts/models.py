from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("programme officer")
    MANAGER = "manager", _("manager")
    VIEWER = "viewer", _("viewer")
    ADMINISTRATOR = "administrator", _("administrator")


class Profile(models.Model):
    """A user's role and scope: the regions and outcomes they work on (none listed means all)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    unit = models.CharField(_("unit or office"), max_length=100, blank=True)
    regions = models.ManyToManyField(
        "places.Region",
        blank=True,
        related_name="+",
        verbose_name=_("regions"),
        help_text=_("Leave empty for all regions."),
    )
    outcomes = models.ManyToManyField(
        "outcomes.Outcome",
        blank=True,
        related_name="+",
        verbose_name=_("outcomes"),
        help_text=_("Leave empty for all outcomes."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in Role]), name="profile_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
