"""The biennium log moved from indicators to outcomes by migrations that keep its rows (both databases)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0005_meta_ordering_tuple"), ("outcomes", "0004_meta_ordering_tuple")]
AFTER = [("indicators", "0007_biennium_status_change_moved"), ("outcomes", "0005_biennium_status_change")]


def migrate(targets):
    """Migrate indicators and outcomes to `targets`; the models of those two apps as they are there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def log_rows(apps, app_label: str) -> list[tuple]:
    model = apps.get_model(app_label, "BienniumStatusChange")
    return list(model.objects.order_by("id").values_list("biennium__start_year", "action", "reason", "changed_by_id"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_biennium_log_to_outcomes_keeps_its_rows_and_its_content_type():
    manager = get_user_model().objects.create(username="kofi")
    content_type, _ = ContentType.objects.get_or_create(app_label="indicators", model="bienniumstatuschange")
    ContentType.objects.filter(app_label="outcomes", model="bienniumstatuschange").delete()
    expected = [(2014, "closed", "Report published", manager.pk), (2014, "reopened", "Late evidence from Ghana", None)]
    try:
        apps = migrate(BEFORE)
        biennium = apps.get_model("outcomes", "Biennium").objects.get(start_year=2014)
        old_log = apps.get_model("indicators", "BienniumStatusChange")
        old_log.objects.create(biennium=biennium, action="closed", reason="Report published", changed_by_id=manager.pk)
        old_log.objects.create(biennium=biennium, action="reopened", reason="Late evidence from Ghana")

        moved = log_rows(migrate(AFTER), "outcomes")
        moved_type = ContentType.objects.get(pk=content_type.pk).app_label
        back = log_rows(migrate(BEFORE), "indicators")
        back_type = ContentType.objects.get(pk=content_type.pk).app_label
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert (moved, moved_type) == (expected, "outcomes")
    assert (back, back_type) == (expected, "indicators")
