"""Writing many rows of a model with history at once: COPY on PostgreSQL, simple_history's bulk helpers elsewhere.

Django compiles a multi-row INSERT value by value, and simple_history builds one model instance per
history row before doing the same again: about 1,000 rows a second. COPY streams the rows as text, so
on PostgreSQL the rows and their history rows are written by COPY, the primary keys reserved first from
the table's sequence (the objects get their pk, and history rows and links can point at them). The
values are the ones the ORM would send (`Field.pre_save` then `get_db_prep_save`), encoded for COPY's
text format; the columns are read from the models (every concrete field, translated ones included; every
column the history model copies from the model), never listed. On any other database the same calls go
through `bulk_create_with_history` / `bulk_update_with_history`. Where the COPY path differs, on purpose:
one moment per write (a new row's `auto_now` stamps and its history date are the same instant), the
history keeps every language's text (simple_history's helper only the active language's), and the
per-object `_history_user` / `_change_reason` / `_history_date` marks are not read (no caller sets them).
tests/rbm/test_bulk.py compares both paths column by column.
"""

import datetime
import decimal
import gc
import io
import operator
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

NULL = "\\N"
# COPY's text format: a backslash, and the separators it reads (tab, newline, carriage return), escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Fields whose database value is the Python value itself when it already has the field's type (what
# `get_db_prep_save` would return unchanged); any other value goes through `get_db_prep_save`.
_PLAIN_TYPES: tuple[tuple[type[models.Field], type], ...] = (
    (models.CharField, str),
    (models.TextField, str),
    (models.BooleanField, bool),
    (models.IntegerField, int),
    (models.AutoField, int),
    (models.BigAutoField, int),
    (models.DateTimeField, datetime.datetime),
)
_PREP_METHODS = ("get_db_prep_save", "get_db_prep_value", "get_prep_value")


def _plain_type(field: models.Field) -> type | None:
    """The type whose values `field` sends to the database as they are, if its class converts as Django's does."""
    if isinstance(field, models.ForeignKey):
        return _plain_type(field.target_field)
    for stock, kind in _PLAIN_TYPES:
        if isinstance(field, stock) and all(
            getattr(type(field), method) is getattr(stock, method) for method in _PREP_METHODS
        ):
            return kind
    return None


SQLITE_BATCH = 500
# Bytes handed to the server per read of the buffer (the driver reads 8 kB at a time by default).
COPY_CHUNK = 1 << 20
M = TypeVar("M", bound=models.Model)


_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r\x00]")


def _text(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    if "\x00" in value:
        # PostgreSQL text cannot hold NUL; the INSERT path refuses it too.
        raise ValueError("A string cannot contain NUL (0x00) characters.")
    return value.translate(_ESCAPES)


def _copy_text(value: Any) -> str:
    """One value as COPY's text format reads it (a database value, as `get_db_prep_save` gives it)."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return f"{value.days} days {value.seconds} seconds {value.microseconds} microseconds"
    if isinstance(value, bytes | memoryview):
        return "\\\\x" + bytes(value).hex()
    if hasattr(value, "adapted") and hasattr(value, "dumps"):
        # JSONField's value: psycopg2's Json adapter, which holds the encoder the field was given.
        return _copy_text(value.dumps(value.adapted))
    raise TypeError(f"No COPY encoding for a value of type {type(value).__name__}.")


def _encoder(field: models.Field, database: BaseDatabaseWrapper) -> Callable[[Any], str]:
    """A value of `field` (as the object holds it) as COPY reads the database value the ORM would send."""

    def prepared(value: Any) -> str:
        return _copy_text(field.get_db_prep_save(value, database))

    plain_type = _plain_type(field)
    if plain_type is str:

        def text(value: Any) -> str:
            if isinstance(value, str):  # choices (TextChoices) included
                return _text(value)
            return NULL if value is None else prepared(value)

        return text
    if plain_type is int:

        def integer(value: Any) -> str:
            if type(value) is int:
                return str(value)
            return NULL if value is None else prepared(value)

        return integer
    if plain_type is bool:

        def boolean(value: Any) -> str:
            if value is True:
                return "t"
            if value is False:
                return "f"
            return NULL if value is None else prepared(value)

        return boolean
    if plain_type is datetime.datetime and settings.USE_TZ:

        def moment(value: Any) -> str:
            # An aware datetime goes as it is (a naive one is made aware, with Django's warning, by the field).
            if type(value) is datetime.datetime and value.tzinfo is not None:
                return value.isoformat()
            return NULL if value is None else prepared(value)

        return moment
    return prepared


class _Rows:
    """Encodes objects' values of some fields as lines of COPY text, stamping auto_now fields on insert."""

    def __init__(self, fields: Sequence[models.Field], *, add: bool, moment: datetime.datetime):
        self.columns: list[str] = [str(field.column) for field in fields]
        database = connections[DEFAULT_DB_ALIAS]
        self.encoders = [_encoder(field, database) for field in fields]
        getter = operator.attrgetter(*(field.attname for field in fields))
        self.values: Callable[[models.Model], tuple] = getter if len(fields) > 1 else lambda obj: (getter(obj),)
        self.moment = moment
        self.stamped = [
            field
            for field in fields
            if add and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        ]

    def encode(self, obj: models.Model) -> list[str]:
        for field in self.stamped:
            # Stamped, on the object too, as the ORM's insert does; a date and time with the one moment of the
            # whole write, which its history rows carry too.
            if isinstance(field, models.DateTimeField):
                setattr(obj, field.attname, self.moment)
            else:
                field.pre_save(obj, True)
        return [encode(value) for encode, value in zip(self.encoders, self.values(obj), strict=True)]


def _copy(table: str, columns: Sequence[str], lines: io.StringIO) -> None:
    quote = connection.ops.quote_name
    lines.seek(0)
    # The driver's own method: Django's wrapper does not turn its errors into django.db's, so this does.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN",
            lines,
            COPY_CHUNK,
        )


def _pks_reserve(model: type[models.Model], count: int) -> list[int]:
    """The next `count` values of the table's primary-key sequence, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _history_write(
    model: type[models.Model],
    objs: Sequence[models.Model],
    values: list[list[str]],
    columns: list[str],
    *,
    history_type: str,
    moment: datetime.datetime,
    user: AbstractBaseUser | None,
    change_reason: str | None,
) -> None:
    """COPY one history row per object: its tracked columns (already encoded in `values`) and the history fields."""
    history: Any = model.history.model  # type: ignore[attr-defined]
    index = {column: position for position, column in enumerate(columns)}
    # Every column the history copies from the model: its tracked fields and, with modeltranslation, the
    # translations beside them (simple_history's own bulk helper fills only the active language's, through
    # modeltranslation's descriptor; the history here keeps every language's text).
    own = {field.name: field for field in model._meta.concrete_fields}
    tracked = [
        (history_field.column, own[history_field.name])
        for history_field in history._meta.concrete_fields
        if history_field.name in own and not history_field.name.startswith("history_")
    ]
    # Tracked fields not written (an update of some fields): their values as the objects hold them, encoded
    # after the written ones.
    missing = [field for _column, field in tracked if field.column not in index]
    for position, field in enumerate(missing, start=len(columns)):
        index[str(field.column)] = position
    missing_rows = _Rows(missing, add=False, moment=moment) if missing else None
    positions = [index[str(field.column)] for _column, field in tracked]
    pick = operator.itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
    if user is None and objs:
        user = history.get_default_history_user(objs[0])
    fixed = [
        _copy_text(moment),
        history_type,
        _copy_text(user.pk if user is not None else None),
        _copy_text(change_reason),
    ]
    history_columns = [column for column, _field in tracked] + [
        history._meta.get_field(name).column
        for name in ("history_date", "history_type", "history_user", "history_change_reason")
    ]
    relation = "history_relation" in {field.name for field in history._meta.concrete_fields}
    if relation:
        history_columns.append(history._meta.get_field("history_relation").column)
    unwritten = {field.column for field in history._meta.concrete_fields} - {*history_columns, "history_id"}
    if unwritten:
        # A custom history field (simple_history's `bases` or extra fields) would be left without its value.
        raise NotImplementedError(f"{history.__name__} has columns COPY does not fill: {sorted(unwritten)}")
    lines = io.StringIO()
    fixed_text = "\t".join(fixed)
    for row, obj in zip(values, objs, strict=True):
        cells = pick(row + missing_rows.encode(obj) if missing_rows else row)
        lines.write("\t".join(cells))
        lines.write("\t")
        lines.write(fixed_text)
        if relation:
            lines.write("\t" + _copy_text(obj.pk))
        lines.write("\n")
    _copy(history._meta.db_table, history_columns, lines)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while thousands of objects are built at once.

    A pass of the oldest generation walks every object the process holds, and building many rows sets off
    pass after pass: decoding an upload's 8 MB plan took 0.19 s with the collector running and 0.06 s with
    it held. Reference counting still frees whatever is not in a cycle meanwhile; nested holds leave the
    collector as the outermost found it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


@transaction.atomic(savepoint=False)
def history_bulk_create(
    *, model: type[M], objs: Sequence[M], user: AbstractBaseUser | None, change_reason: str | None
) -> list[M]:
    """Insert `objs` (unsaved) and one '+' history row each; the objects get their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        created: list[M] = bulk_create_with_history(
            objs, model, batch_size=SQLITE_BATCH, default_user=user, default_change_reason=change_reason
        )
        return created
    pk = model._meta.pk
    unset = [obj for obj in objs if obj.pk is None]
    for obj, value in zip(unset, _pks_reserve(model, len(unset)), strict=True):
        setattr(obj, pk.attname, value)
    moment = timezone.now()
    rows = _Rows(model._meta.concrete_fields, add=True, moment=moment)
    columns = rows.columns
    values = []
    lines = io.StringIO()
    for obj in objs:
        row = rows.encode(obj)
        values.append(row)
        lines.write("\t".join(row))
        lines.write("\n")
        obj._state.adding = False
        obj._state.db = connection.alias
    _copy(model._meta.db_table, columns, lines)
    if _history_enabled():
        _history_write(
            model, objs, values, columns, history_type="+", moment=moment, user=user, change_reason=change_reason
        )
    return objs


@transaction.atomic(savepoint=False)
def history_bulk_update(
    *,
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    user: AbstractBaseUser | None,
    change_reason: str | None,
) -> None:
    """Write `fields` of saved `objs` (as `bulk_update` would) and one '~' history row each, of every tracked field."""
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        bulk_update_with_history(
            objs, model, list(fields), batch_size=SQLITE_BATCH, default_user=user, default_change_reason=change_reason
        )
        return
    pk = model._meta.pk
    pk_column = str(pk.column)
    written = [pk, *(model._meta.get_field(name) for name in fields)]
    concrete = [field for field in written if isinstance(field, models.Field) and field.concrete]
    moment = timezone.now()
    rows = _Rows(concrete, add=False, moment=moment)
    columns = rows.columns
    values = []
    lines = io.StringIO()
    for obj in objs:
        row = rows.encode(obj)
        values.append(row)
        lines.write("\t".join(row))
        lines.write("\n")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    staging = f"bulk_update_{model._meta.db_table}"
    listed = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(staging)} ON COMMIT DROP AS "  # noqa: S608 - names from the model
            f"SELECT {listed} FROM {table} WITH NO DATA"
        )
    _copy(staging, columns, lines)
    assignments = ", ".join(f"{quote(column)} = staged.{quote(column)}" for column in columns[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {quote(staging)} AS staged "  # noqa: S608 - names from the model
            f"WHERE {table}.{quote(pk_column)} = staged.{quote(pk_column)}"
        )
        cursor.execute(f"DROP TABLE {quote(staging)}")
    if _history_enabled():
        _history_write(
            model, objs, values, columns, history_type="~", moment=moment, user=user, change_reason=change_reason
        )
