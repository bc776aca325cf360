"""Regions and places carry the organisation's French and Spanish names, loaded by migration."""

import csv

from django.conf import settings
from django.utils import translation

from places.models import Place, Region
from places.selectors import region_list

NAMES = settings.BASE_DIR / "places" / "data" / "place_names_fr_es.csv"


def test_every_place_has_a_french_and_a_spanish_name_from_the_committed_file(db):
    with NAMES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))

    assert len(rows) == Place.objects.count() == 191
    assert Place.objects.filter(name_fr__isnull=True).count() == 0
    assert Place.objects.filter(name_es__isnull=True).count() == 0


def test_place_names_read_in_reading_order_and_as_the_organisation_writes_them(db):
    korea = Place.objects.get(iso3="KOR")
    palestine = Place.objects.get(iso3="PSE")

    with translation.override("fr"):
        assert (korea.name, palestine.name) == ("République de Corée", "Territoire palestinien occupé")
    with translation.override("es"):
        assert (korea.name, palestine.name) == ("República de Corea", "Territorio Palestino Ocupado")
    with translation.override("en"):
        assert (korea.name, palestine.name) == ("Republic of Korea", "Occupied Palestinian Territory")


def test_region_headings_in_french_and_spanish(db):
    with translation.override("fr"):
        assert [region.name for region in region_list()] == [
            "Afrique",
            "Amériques",
            "États arabes",
            "Asie et Pacifique",
            "Europe et Asie centrale",
        ]
    with translation.override("es"):
        assert Region.objects.get(code="asia-pacific").short_name == "Asia-Pacífico"
        assert [region.name for region in region_list()][-1] == "Europa y Asia Central"
