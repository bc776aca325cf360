from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from places.normalize import normalize_name


class Region(models.Model):
    """One of the five ILO regions."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, help_text=_("Used in table headings."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position",)
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A member State, or a territory the Office reports results for."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("member State")
        TERRITORY = "territory", _("territory")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="places", verbose_name=_("region"))
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, blank=True)
    iso_numeric = models.CharField(_("ISO 3166 numeric code"), max_length=3, blank=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = (
            models.CheckConstraint(condition=models.Q(kind__in=["member_state", "territory"]), name="place_kind_valid"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def is_territory(self) -> bool:
        return self.kind == self.Kind.TERRITORY


class PlaceAlias(models.Model):
    """A spelling of a place's name as found in published documents, with where it was seen."""

    class Kind(models.TextChoices):
        NAME = "name", _("name")
        OFFICIAL_NAME = "official_name", _("official name")
        ABBREVIATION = "abbreviation", _("abbreviation")
        FORMER_NAME = "former_name", _("former name")
        OTHER_LANGUAGE = "other_language", _("other language")
        VARIANT = "variant", _("other spelling")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("place"))
    name = models.CharField(_("name"), max_length=200)
    normalized = models.CharField(_("normalized name"), max_length=200, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VARIANT)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Where the spelling is seen, e.g. ISO 3166, ILOSTAT, PIR 2014-15.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("normalized",)
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["name", "official_name", "abbreviation", "former_name", "other_language", "variant"]
                ),
                name="place_alias_kind_valid",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
