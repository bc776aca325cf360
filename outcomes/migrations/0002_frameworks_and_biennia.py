from django.db import migrations

from outcomes.frameworks import load_frameworks


def load(apps, schema_editor):
    load_frameworks(apps.get_model("outcomes", "StrategicFramework"), apps.get_model("outcomes", "Biennium"))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
