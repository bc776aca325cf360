from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationUpload(models.Model):
    """A translation file uploaded in the browser, kept from its preview until it is applied or discarded."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("waiting for confirmation")
        APPLIED = "applied", _("applied")
        DISCARDED = "discarded", _("discarded")

    language = models.CharField(_("language"), max_length=10)
    filename = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    plan = models.JSONField(
        _("preview"), default=dict, blank=True, help_text=_("The problems and the changes, as previewed.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ("-uploaded_at", "-id")
        verbose_name = _("translation upload")
        verbose_name_plural = _("translation uploads")

    def __str__(self) -> str:
        return f"{self.filename} ({self.language})"
