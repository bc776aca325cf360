"""The French and Spanish names of the regions and places (places/data/place_names_fr_es.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "place_names_fr_es.csv"

# code: (name, short name) in French, then in Spanish, as the Office's French and Spanish documents name
# its regions; the short names shorten them as the English ones do ("Asia-Pacific").
REGIONS = {
    "africa": (("Afrique", "Afrique"), ("África", "África")),
    "americas": (("Amériques", "Amériques"), ("Américas", "Américas")),
    "arab-states": (("États arabes", "États arabes"), ("Estados Árabes", "Estados Árabes")),
    "asia-pacific": (("Asie et Pacifique", "Asie-Pacifique"), ("Asia y el Pacífico", "Asia-Pacífico")),
    "europe-central-asia": (
        ("Europe et Asie centrale", "Europe-Asie centrale"),
        ("Europa y Asia Central", "Europa-Asia Central"),
    ),
}


def load_names(apps, schema_editor):
    Region = apps.get_model("places", "Region")
    Place = apps.get_model("places", "Place")
    for code, ((name_fr, short_fr), (name_es, short_es)) in REGIONS.items():
        Region.objects.filter(code=code).update(
            name_fr=name_fr, short_name_fr=short_fr, name_es=name_es, short_name_es=short_es
        )
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for row in rows:
        Place.objects.filter(iso3=row["iso3"]).update(name_fr=row["name_fr"], name_es=row["name_es"])


def forget_names(apps, schema_editor):
    apps.get_model("places", "Region").objects.update(
        name_fr=None, short_name_fr=None, name_es=None, short_name_es=None
    )
    apps.get_model("places", "Place").objects.update(name_fr=None, name_es=None)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0005_content_in_every_language"),
    ]

    operations = [migrations.RunPython(load_names, forget_names)]
