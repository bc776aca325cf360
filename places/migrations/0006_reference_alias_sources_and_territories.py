from django.db import migrations

from places.reference import load_reference_places


def load(apps, schema_editor):
    """Load the reference places again: every alias gets its source and kind, abbreviations and former names
    of renamed countries join the aliases, and Hong Kong and Macau join the territories."""
    alias_model = apps.get_model("places", "PlaceAlias")
    load_reference_places(apps.get_model("places", "Region"), apps.get_model("places", "Place"), alias_model)
    # A spelling the data no longer lists (none carried a source before this migration) is dropped.
    alias_model.objects.filter(source="").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0005_alias_source_kind_history")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
