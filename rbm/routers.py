"""The database router: reads of marked selectors on the replica, everything else on the primary (rbm/replica.py)."""

from typing import Any

from django.db import DEFAULT_DB_ALIAS

from rbm.replica import read_alias


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Also for an object read from the replica: its save goes to the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is the primary's copy: an object read from either may be related to one from the other.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # The replica replays the primary's changes, migrations included; it is never migrated itself.
        return db == DEFAULT_DB_ALIAS
