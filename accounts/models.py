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
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.VIEWER)
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
        constraints = (
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in Role]), name="profile_role_valid"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A personal token for REST clients. Only a hash of the secret is kept; the secret is shown once."""

    class Access(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “regional dashboard”."))
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.READ)
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("The first characters of the secret."))
    key_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = (
            models.CheckConstraint(condition=models.Q(access__in=["read", "write"]), name="api_token_access_valid"),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def allows_writes(self) -> bool:
        return self.access == self.Access.WRITE
