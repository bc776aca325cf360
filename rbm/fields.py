"""Model fields the apps share."""

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models


class BoundedTextField(models.TextField):
    """Free text with a documented maximum (`rbm.limits`), held everywhere a text can come in.

    Django's TextField takes `max_length` for its form field only; this one also validates it on
    `full_clean()` (the services call it) and puts a CHECK on the column, so PostgreSQL and SQLite refuse a
    longer text whatever writes it.
    """

    def __init__(self, *args, max_length: int, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(validators.MaxLengthValidator(max_length))

    def db_check(self, connection) -> str:
        return f"length({connection.ops.quote_name(self.column)}) <= {int(self.max_length)}"


def text_limits_check(instance: models.Model) -> None:
    """Refuse (ValidationError by field) a text of `instance` over its limit, without the queries of
    `full_clean()`: for the services that save without it."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, BoundedTextField):
            try:
                field.run_validators(getattr(instance, field.attname))
            except ValidationError as error:
                errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)


def length_checks_add(app_label: str):
    """A migration step putting the CHECK of every BoundedTextField of `app_label` on PostgreSQL.

    Django writes a field's `db_check()` when it creates a column (and SQLite rebuilds the table on every
    alteration), but PostgreSQL's ALTER of an existing column only adds the checks of built-in types: an
    app's migration that turns a TextField into a BoundedTextField (or changes a limit) ends with this.
    """
    from django.db import migrations

    def checks(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.local_concrete_fields:
                if isinstance(field, BoundedTextField):
                    table = model._meta.db_table
                    yield model, field, schema_editor._create_index_name(table, [field.column], suffix="_check")

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for model, field, name in checks(apps, schema_editor):
            quote = schema_editor.quote_name
            schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT IF EXISTS {quote(name)}")
            schema_editor.execute(
                schema_editor._create_check_sql(model, name, field.db_check(schema_editor.connection))
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for model, _field, name in checks(apps, schema_editor):
            quote = schema_editor.quote_name
            schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT IF EXISTS {quote(name)}")

    return migrations.RunPython(forwards, backwards)
