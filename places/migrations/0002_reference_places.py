from django.db import migrations

from places.reference import load_reference_places


def load(apps, schema_editor):
    load_reference_places(
        apps.get_model("places", "Region"), apps.get_model("places", "Place"), apps.get_model("places", "PlaceAlias")
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
