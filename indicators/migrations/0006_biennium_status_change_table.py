"""The biennium log moves to outcomes, where Biennium lives: first its table takes outcomes' name.

Three steps keep every row (Django's recipe for moving a model between apps): this migration renames the
table; outcomes' 0005 takes the model into its state on that table; 0007 here drops it from indicators'
state. Nothing is copied.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_meta_ordering_tuple"),
    ]

    operations = [
        migrations.AlterModelTable(name="bienniumstatuschange", table="outcomes_bienniumstatuschange"),
    ]
