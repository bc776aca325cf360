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
