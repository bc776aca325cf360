"""Stored search vectors of the register, on PostgreSQL only (SQLite searches without them).

Each vector is a generated column, so PostgreSQL keeps it on every write (no service or signal has to) and
the search reads it instead of parsing every title, summary and recommendation on each request; a GIN index
on each column answers the selective searches. The expressions are those of migration 0002's indexes, which
no query uses any more and which are dropped (and made again when migrating back). The models do not declare
the columns: `evaluations.conditions.StoredSearchVector` reads them.
"""

from django.db import migrations

EVALUATION_EXPRESSION = (
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(symbol, '') || ' ' "
    "|| COALESCE(project_symbol, '') || ' ' || COALESCE(summary, ''))"
)
RECOMMENDATION_EXPRESSION = "to_tsvector('english'::regconfig, COALESCE(text, ''))"

COLUMNS = [
    ("evaluations_evaluation", "evaluation_search_vector_idx", EVALUATION_EXPRESSION),
    ("evaluations_recommendation", "recommendation_search_vector_idx", RECOMMENDATION_EXPRESSION),
]
# Migration 0002's indexes on the same expressions, computed by every write and read by no query now.
EXPRESSION_INDEXES = [
    ("evaluation_search_idx", "evaluations_evaluation", EVALUATION_EXPRESSION),
    ("recommendation_search_idx", "evaluations_recommendation", RECOMMENDATION_EXPRESSION),
]


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, expression in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")
    for name, _table, _expression in EXPRESSION_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, _expression in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    for name, table, expression in EXPRESSION_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0005_content_in_every_language"),
    ]

    operations = [
        migrations.RunPython(add_columns, drop_columns),
    ]
