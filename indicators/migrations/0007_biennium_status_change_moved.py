"""The biennium log now belongs to outcomes (its 0005): indicators forgets the model, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_biennium_status_change_table"),
        ("outcomes", "0005_biennium_status_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BienniumStatusChange")],
            database_operations=[],
        ),
    ]
