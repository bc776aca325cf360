from django.db import migrations

from places.reference import load_reference_places


def load(apps, schema_editor):
    """Load the reference places again: Bolivia takes the short name the reports print (its official name,
    "Plurinational State of Bolivia", stays its official name and an alias)."""
    load_reference_places(
        apps.get_model("places", "Region"), apps.get_model("places", "Place"), apps.get_model("places", "PlaceAlias")
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0003_meta_ordering_tuple")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
