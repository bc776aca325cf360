# ruff: noqa: S608 - every piece put into the SQL here is a constant of this file
"""Result tallies, and the triggers that keep them: see `indicators.models.ResultTally`.

PostgreSQL runs one trigger per statement over its transition tables (a COPY of 10,000 results adds one
grouped upsert, not 10,000); SQLite, which has no statement triggers, one per row. Each nets what the
statement took away (old rows) against what it added (new rows) per tally, so an update that changes no
counted column writes nothing.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY = "indicator_id, biennium_id, place_id, status"


def _postgresql_functions() -> list[str]:
    """One function per event: a trigger function can only read the transition tables its trigger declares."""
    statements = []
    for event, sources in (
        ("insert", [("new_rows", 1)]),
        ("update", [("old_rows", -1), ("new_rows", 1)]),
        ("delete", [("old_rows", -1)]),
    ):
        changes = " UNION ALL ".join(
            f"SELECT {KEY}, {sign} AS results, CASE WHEN entity_unnamed THEN {sign} ELSE 0 END AS unnamed FROM {table}"
            for table, sign in sources
        )
        removed = (
            f"DELETE FROM indicators_resulttally t USING (SELECT DISTINCT {KEY} FROM old_rows) gone "
            "WHERE t.results = 0 AND t.indicator_id = gone.indicator_id AND t.biennium_id = gone.biennium_id "
            "AND t.place_id = gone.place_id AND t.status = gone.status;"
            if event != "insert"
            else ""
        )
        statements.append(
            f"""
CREATE FUNCTION indicators_result_tally_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicators_resulttally AS t ({KEY}, results, unnamed)
    SELECT {KEY}, SUM(results), SUM(unnamed) FROM ({changes}) change
    GROUP BY {KEY} HAVING SUM(results) <> 0 OR SUM(unnamed) <> 0 ORDER BY {KEY}
    ON CONFLICT (biennium_id, status, indicator_id, place_id)
    DO UPDATE SET results = t.results + EXCLUDED.results, unnamed = t.unnamed + EXCLUDED.unnamed;
    {removed}
    RETURN NULL;
END $$;
"""
        )
        referencing = {
            "insert": "NEW TABLE AS new_rows",
            "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "OLD TABLE AS old_rows",
        }[event]
        statements.append(
            f"CREATE TRIGGER indicators_result_tally_{event} AFTER {event.upper()} ON indicators_result "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION indicators_result_tally_{event}();"
        )
    return statements


def _sqlite_triggers() -> list[str]:
    add = (
        f"INSERT INTO indicators_resulttally ({KEY}, results, unnamed) "
        "VALUES (NEW.indicator_id, NEW.biennium_id, NEW.place_id, NEW.status, 1, NEW.entity_unnamed) "
        "ON CONFLICT (biennium_id, status, indicator_id, place_id) "
        "DO UPDATE SET results = results + 1, unnamed = unnamed + excluded.unnamed;"
    )
    match = (
        "indicator_id = OLD.indicator_id AND biennium_id = OLD.biennium_id AND place_id = OLD.place_id "
        "AND status = OLD.status"
    )
    take = (
        f"UPDATE indicators_resulttally SET results = results - 1, unnamed = unnamed - OLD.entity_unnamed "
        f"WHERE {match}; DELETE FROM indicators_resulttally WHERE {match} AND results = 0;"
    )
    return [
        f"CREATE TRIGGER indicators_result_tally_insert AFTER INSERT ON indicators_result BEGIN {add} END;",
        f"CREATE TRIGGER indicators_result_tally_delete AFTER DELETE ON indicators_result BEGIN {take} END;",
        "CREATE TRIGGER indicators_result_tally_update "
        "AFTER UPDATE OF indicator_id, biennium_id, place_id, status, entity_unnamed ON indicators_result "
        f"BEGIN {take} {add} END;",
    ]


BACKFILL = f"""
INSERT INTO indicators_resulttally ({KEY}, results, unnamed)
SELECT {KEY}, COUNT(*), SUM(CASE WHEN entity_unnamed THEN 1 ELSE 0 END)
FROM indicators_result GROUP BY {KEY}
"""


def triggers_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgresql_functions()
    elif vendor == "sqlite":
        statements = _sqlite_triggers()
    else:
        raise NotImplementedError(f"result tallies have no triggers for {vendor}")
    for statement in [*statements, BACKFILL]:
        schema_editor.execute(statement)


def triggers_drop(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for event in ("insert", "update", "delete"):
        name = f"indicators_result_tally_{event}"
        if postgresql:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON indicators_result")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0015_result_fewer_indexes"),
        ("outcomes", "0010_content_in_every_language"),
        ("places", "0008_french_and_spanish_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResultTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("returned", "returned"),
                            ("validated", "validated"),
                        ],
                        max_length=20,
                    ),
                ),
                ("results", models.IntegerField(help_text="Results with these four values.")),
                (
                    "unnamed",
                    models.IntegerField(help_text="Of them, entity results whose entity the source left unnamed."),
                ),
                (
                    "biennium",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="outcomes.biennium",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.place",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("biennium", "status", "indicator", "place"), name="indicators_resulttally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
