import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0014_result_status_submitted_index"),
        ("outcomes", "0010_content_in_every_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalresult",
            name="biennium",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="outcomes.biennium",
                verbose_name="biennium",
            ),
        ),
        migrations.AlterField(
            model_name="historicalresult",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalresult",
            name="last_edited_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="last edited by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalresult",
            name="programme_outcome",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="The CPO of the same place this result is reported against.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="indicators.countryprogrammeoutcome",
                verbose_name="country programme outcome",
            ),
        ),
        migrations.AlterField(
            model_name="historicalresult",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="validated or returned by",
            ),
        ),
        # Only the indexes go: Django's own AlterField would also drop and re-add these foreign keys, checking
        # every row again under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "indicators_historicalresult_history_user_id_a3837d23"',
                    reverse_sql='CREATE INDEX "indicators_historicalresult_history_user_id_a3837d23" ON "indicators_historicalresult" ("history_user_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "indicators_result_biennium_id_ecf7b24a"',
                    reverse_sql='CREATE INDEX "indicators_result_biennium_id_ecf7b24a" ON "indicators_result" ("biennium_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "indicators_result_indicator_id_4572795a"',
                    reverse_sql='CREATE INDEX "indicators_result_indicator_id_4572795a" ON "indicators_result" ("indicator_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalresult",
                    name="history_user",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="result",
                    name="biennium",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="results",
                        to="outcomes.biennium",
                        verbose_name="biennium",
                    ),
                ),
                migrations.AlterField(
                    model_name="result",
                    name="indicator",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="results",
                        to="indicators.indicator",
                        verbose_name="indicator",
                    ),
                ),
            ],
        ),
    ]
