"""GIN indexes for full-text search of the register, on PostgreSQL only (SQLite searches without them).

The indexed expressions are exactly those `evaluations.conditions` builds with SearchVector
(EVALUATION_SEARCH_VECTOR, RECOMMENDATION_SEARCH_VECTOR), so PostgreSQL can use the indexes.
"""

from django.db import migrations

EVALUATION_EXPRESSION = (
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(symbol, '') || ' ' "
    "|| COALESCE(project_symbol, '') || ' ' || COALESCE(summary, ''))"
)
RECOMMENDATION_EXPRESSION = "to_tsvector('english'::regconfig, COALESCE(text, ''))"

INDEXES = [
    ("evaluation_search_idx", "evaluations_evaluation", EVALUATION_EXPRESSION),
    ("recommendation_search_idx", "evaluations_recommendation", RECOMMENDATION_EXPRESSION),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
