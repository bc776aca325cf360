"""Stored search vectors of the register, on PostgreSQL only (SQLite searches without them).

Each vector is a generated column, so PostgreSQL keeps it on every write (no service or signal has to) and
the search reads it instead of parsing every title, summary and recommendation on each request; a GIN index
on each column answers the selective searches. The expressions are those of migration 0002's indexes. The
models do not declare the columns: `evaluations.conditions.StoredSearchVector` reads them.
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


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, expression in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, _expression in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0005_content_in_every_language"),
    ]

    operations = [
        migrations.RunPython(add_columns, drop_columns),
    ]
