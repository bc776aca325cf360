"""The biennium log (who closed or reopened a biennium) joins Biennium in outcomes, on the table indicators'
0006 renamed: the rows stay where they are. Its content type follows, so permissions granted on it stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_move(apps, schema_editor, *, source: str = "indicators", target: str = "outcomes") -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=target, model="bienniumstatuschange").exists():
        content_types.filter(app_label=source, model="bienniumstatuschange").update(app_label=target)


def content_type_move_back(apps, schema_editor) -> None:
    content_type_move(apps, schema_editor, source="outcomes", target="indicators")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outcomes", "0004_meta_ordering_tuple"),
        ("indicators", "0006_biennium_status_change_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BienniumStatusChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[("closed", "closed"), ("reopened", "reopened")],
                                max_length=20,
                                verbose_name="action",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="changed at")),
                        (
                            "biennium",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="outcomes.biennium",
                            ),
                        ),
                        (
                            "changed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "biennium status change",
                        "verbose_name_plural": "biennium status changes",
                        "ordering": ("-changed_at", "-id"),
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_move, content_type_move_back),
    ]
