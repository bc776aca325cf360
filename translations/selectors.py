"""Reads of the translators' round trip: which texts are translatable, the rows of an export, the plan of
an import (every problem with its line, stale sources, the changes), and what is missing per language.

A text is named in a file by its key, "<app_label>.<model>:<id>" ("indicators.indicator:12"), and its field
("statement"). The id is the record's primary key: stable for a database's life, so a file exported from a
database is imported into the same database (or a restored copy of it), not into another one.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, Scope, user_scope
from rbm import translation as content
from rbm.limits import ID_MAX
from rbm.translation import READER_FIELDS, SOURCE_LANGUAGE, localized_field
from translations import rules
from translations.files import FileRow, text_as_written
from translations.models import TranslationUpload

# Where a record's outcome is, for the status page's grouping; a model not named here is "not tied to an
# outcome" (places, regions, evaluations, which may concern several outcomes).
OUTCOME_PATHS = {
    "outcomes.outcome": "pk",
    "outcomes.outcomenarrative": "outcome",
    "outcomes.significantoutput": "narrative__outcome",
    "indicators.indicator": "outcome",
    "indicators.measurementcriterion": "indicator__outcome",
    "indicators.target": "indicator__outcome",
    "indicators.publishedfigure": "indicator__outcome",
    "plans.plan": "outcome",
    "plans.target": "plan__outcome",
    "plans.revision": "plan__outcome",
    "plans.category": "revision__plan__outcome",
    "plans.activity": "category__revision__plan__outcome",
    "plans.means": "activity__category__revision__plan__outcome",
    "plans.keyoutput": "means__activity__category__revision__plan__outcome",
}
NO_OUTCOME = _("Not tied to an outcome")
LIST_LIMIT = 500


@dataclass(frozen=True)
class Translatable:
    """A model whose reader-facing fields are translated: THE list is `rbm.translation.READER_FIELDS`."""

    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def key(self, pk: object) -> str:
        return f"{self.label}:{pk}"


def translation_languages() -> list[tuple[str, str]]:
    """The languages texts are translated into (every language of the site but English), with their names."""
    names = dict(settings.LANGUAGES)
    return [(code, str(names[code])) for code in content.translation_languages()]


def translation_language_check(*, language: str) -> str:
    from django.core.exceptions import ValidationError

    codes = [code for code, _name in translation_languages()]
    if language not in codes:
        raise ValidationError(
            {"language": rules.LANGUAGE_UNKNOWN % {"language": language, "choices": ", ".join(codes)}}
        )
    return language


def translatable_list() -> list[Translatable]:
    return [Translatable(model=_model(label), fields=tuple(names)) for label, names in READER_FIELDS.items()]


def _model(label: str) -> type[models.Model]:
    app_label, model_name = label.split(".")
    return apps.get_app_config(app_label).get_model(model_name)


def translatable_labels() -> set[str]:
    return {label.lower() for label in READER_FIELDS}


def _by_label() -> dict[str, Translatable]:
    return {item.label: item for item in translatable_list()}


def column(name: str, language: str) -> str:
    """The column modeltranslation keeps `name` in, for `language` ("statement_fr")."""
    return localized_field(name, language)


def english(record: models.Model, name: str) -> str:
    return getattr(record, column(name, SOURCE_LANGUAGE), None) or ""


def _verbose_name(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def text_limit(model: type[models.Model], name: str, language: str) -> int | None:
    model_field = model._meta.get_field(column(name, language))
    return getattr(model_field, "max_length", None)


# --- Export -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    key: str
    field: str
    source: str
    translation: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.key, self.field, self.source, self.translation)


def translation_rows(*, language: str, missing_only: bool = False) -> Iterator[ExportRow]:
    """Every translatable text that has English, with its current translation into `language` (empty when
    there is none); with `missing_only`, only those without one. Ordered by model, record and field."""
    translation_language_check(language=language)
    for item in translatable_list():
        columns = [column(name, code) for name in item.fields for code in (SOURCE_LANGUAGE, language)]
        for record in item.model._default_manager.order_by("pk").only("pk", *columns).iterator(chunk_size=500):
            for name in item.fields:
                source = english(record, name)
                translation = getattr(record, column(name, language), None) or ""
                if not source.strip() or (missing_only and translation):
                    continue
                yield ExportRow(key=item.key(record.pk), field=name, source=source, translation=translation)


# --- Import plan ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedChange:
    line: int
    key: str
    field: str
    source: str
    old: str
    new: str


@dataclass
class TranslationPlan:
    """What an import would do: problems (each with its line) and stale sources refuse it whole."""

    language: str
    problems: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    changes: list[PlannedChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.problems or self.stale)

    @property
    def all_problems(self) -> list[str]:
        return [*self.problems, *self.stale]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "TranslationPlan":
        changes = [PlannedChange(**change) for change in data.get("changes", [])]
        return cls(
            language=data["language"],
            problems=list(data.get("problems", [])),
            stale=list(data.get("stale", [])),
            changes=changes,
            unchanged=int(data.get("unchanged", 0)),
        )


def _parse_key(key: str, registry: dict[str, Translatable]) -> tuple[Translatable, int] | None:
    label, separator, pk = key.partition(":")
    item = registry.get(label.strip().lower())
    if item is None or not separator or not pk.strip().isascii() or not pk.strip().isdigit():
        return None
    number = int(pk.strip())
    if not 0 < number <= ID_MAX:
        return None
    return item, number


def translation_import_plan(*, language: str, rows: Iterable[FileRow], scope: Scope | None = None) -> TranslationPlan:
    """Check every row against the stored texts: its key and field, its translation's length and characters,
    whether the English it was translated from is still the stored English, and what it would change.

    An empty translation cell changes nothing (it never clears a stored translation). With `scope` (a
    manager's), a text of an outcome outside it is refused; texts tied to no outcome are open to every
    manager. Without one (a command, acting for nobody), every text may be translated.
    """
    translation_language_check(language=language)
    rows = list(rows)
    plan = TranslationPlan(language=language)
    registry = _by_label()
    wanted: dict[str, set[int]] = defaultdict(set)
    parsed: dict[int, tuple[Translatable, int] | None] = {}
    for row in rows:
        parsed[row.line] = found = _parse_key(row.key, registry)
        if found is not None:
            wanted[found[0].label].add(found[1])
    records = {
        label: registry[label].model._default_manager.in_bulk(sorted(pks), field_name="pk")
        for label, pks in wanted.items()
    }
    restricted = scope is not None and scope.restricts_outcomes
    outcomes = {label: _outcome_ids(registry[label], pks) for label, pks in wanted.items()} if restricted else {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        found = parsed[row.line]
        values = {"line": row.line, "key": row.key, "field": row.field}
        record = records[found[0].label].get(found[1]) if found else None
        if found is None or record is None:
            plan.problems.append(str(rules.KEY_UNKNOWN % values))
            continue
        item = found[0]
        outside = restricted and item.label in OUTCOME_PATHS and scope is not None
        if outside and not scope.covers_outcome(outcomes[item.label].get(record.pk)):  # type: ignore[union-attr]
            plan.problems.append(str(rules.OUTSIDE_SCOPE % values))
            continue
        if row.field not in item.fields:
            known = {model_field.name for model_field in item.model._meta.get_fields()}
            message = rules.FIELD_NOT_TRANSLATABLE if row.field in known else rules.FIELD_UNKNOWN
            plan.problems.append(str(message % values))
            continue
        first = seen.setdefault((item.key(record.pk), row.field), row.line)
        if first != row.line:
            plan.problems.append(str(rules.ROW_REPEATED % {**values, "first": first}))
            continue
        new = row.translation.strip()
        if "\x00" in row.translation:
            plan.problems.append(str(rules.TEXT_NUL % values))
            continue
        limit = text_limit(item.model, row.field, language)
        if limit is not None and len(new) > limit:
            verbose = _verbose_name(item.model, row.field)
            plan.problems.append(
                str(rules.TEXT_TOO_LONG % {**values, "length": len(new), "field": verbose, "limit": limit})
            )
            continue
        source = english(record, row.field)
        if row.source.strip() not in {source.strip(), text_as_written(source).strip()}:
            plan.stale.append(str(rules.SOURCE_STALE % values))
            continue
        old = getattr(record, column(row.field, language), None) or ""
        if not new or new == old:
            plan.unchanged += 1
            continue
        plan.changes.append(
            PlannedChange(line=row.line, key=item.key(record.pk), field=row.field, source=source, old=old, new=new)
        )
    return plan


def _outcome_ids(item: Translatable, pks: Iterable[int]) -> dict[int, int | None]:
    """The outcome of each record (by primary key) of a model tied to outcomes; empty for the others."""
    path = OUTCOME_PATHS.get(item.label)
    if path is None:
        return {}
    if path == "pk":  # an outcome is its own
        return {pk: pk for pk in pks}
    return dict(item.model._default_manager.filter(pk__in=list(pks)).values_list("pk", path))


def translation_record_outcome(*, item: Translatable, record: models.Model) -> tuple[bool, int | None]:
    """Whether the record is tied to an outcome, and which."""
    if item.label not in OUTCOME_PATHS:
        return False, None
    return True, _outcome_ids(item, [record.pk]).get(record.pk)


def translation_records(*, changes: Iterable[PlannedChange]) -> dict[str, models.Model]:
    """The records the changes write, by key."""
    registry = _by_label()
    wanted: dict[str, set[int]] = defaultdict(set)
    for change in changes:
        found = _parse_key(change.key, registry)
        if found is not None:
            wanted[found[0].label].add(found[1])
    found_records = {}
    for label, pks in wanted.items():
        item = registry[label]
        for pk, record in item.model._default_manager.in_bulk(sorted(pks), field_name="pk").items():
            found_records[item.key(pk)] = record
    return found_records


# --- Status -----------------------------------------------------------------------------------------------


@dataclass
class StatusLine:
    """One outcome's (or the texts tied to none) translatable texts and those missing per language."""

    outcome_id: int | None
    label: str
    total: int = 0
    missing: dict[str, int] = field(default_factory=dict)


def _present(name: str, language: str) -> Q:
    return Q(**{f"{column(name, language)}__isnull": False}) & ~Q(**{column(name, language): ""})


def translation_status() -> list[StatusLine]:
    """Per outcome (then the texts tied to none), how many texts have English and how many of them lack a
    translation in each language: one aggregate query per model."""
    from outcomes.models import Outcome

    languages = [code for code, _name in translation_languages()]
    lines: dict[int | None, StatusLine] = {}
    for item in translatable_list():
        path = OUTCOME_PATHS.get(item.label)
        aggregates = {}
        for name in item.fields:
            has_english = _present(name, SOURCE_LANGUAGE)
            aggregates[f"total__{name}"] = Count("pk", filter=has_english)
            for code in languages:
                aggregates[f"missing__{name}__{code}"] = Count("pk", filter=has_english & ~_present(name, code))
        queryset = item.model._default_manager.all()
        grouped = queryset.values(path).annotate(**aggregates) if path else [queryset.aggregate(**aggregates)]
        for group in grouped:
            outcome_id = group.get(path) if path else None
            line = lines.setdefault(outcome_id, StatusLine(outcome_id=outcome_id, label=""))
            for name in item.fields:
                line.total += group[f"total__{name}"]
                for code in languages:
                    line.missing[code] = line.missing.get(code, 0) + group[f"missing__{name}__{code}"]
    outcomes = Outcome.objects.select_related("framework").in_bulk([pk for pk in lines if pk is not None])
    for outcome_id, line in lines.items():
        outcome = outcomes.get(outcome_id) if outcome_id is not None else None
        line.label = f"{outcome.framework} · {outcome}" if outcome else str(NO_OUTCOME)
        for code in languages:
            line.missing.setdefault(code, 0)
    return sorted(
        (line for line in lines.values() if line.total),
        key=lambda line: (line.outcome_id is None, line.label),
    )


@dataclass(frozen=True)
class MissingText:
    key: str
    field: str
    what: str
    source: str
    edit_url: str


def translation_missing_list(
    *, language: str, outcome_id: int | None, limit: int = LIST_LIMIT
) -> tuple[list[MissingText], int]:
    """The texts of one outcome (None: those tied to no outcome) with English but no `language` text, at
    most `limit` of them, and how many there are in all."""
    translation_language_check(language=language)
    found: list[MissingText] = []
    total = 0
    for item in translatable_list():
        path = OUTCOME_PATHS.get(item.label)
        if path is None and outcome_id is not None:
            continue
        queryset = item.model._default_manager.order_by("pk")
        if path is not None:
            # a plan of action may name no outcome: its texts are then among those tied to none
            queryset = queryset.filter(**({f"{path}__isnull": True} if outcome_id is None else {path: outcome_id}))
        for name in item.fields:
            missing = queryset.filter(_present(name, SOURCE_LANGUAGE) & ~_present(name, language))
            count = missing.count()
            total += count
            if count and len(found) < limit:
                verbose = _verbose_name(item.model, name)
                for record in missing.only("pk", column(name, SOURCE_LANGUAGE))[: limit - len(found)]:
                    found.append(
                        MissingText(
                            key=item.key(record.pk),
                            field=name,
                            what=f"{item.model._meta.verbose_name} · {verbose}",
                            source=english(record, name),
                            edit_url=edit_url(record),
                        )
                    )
    return found, total


def edit_url(record: models.Model) -> str:
    """The page where a record's texts are translated, the English beside each language."""
    return reverse("translations:text-edit", args=[f"{record._meta.label_lower}:{record.pk}"])


def translation_record_get(*, key: str) -> tuple[Translatable, models.Model] | None:
    """The translatable record a key names ("outcomes.outcome:12"), or None."""
    found = _parse_key(key, _by_label())
    if found is None:
        return None
    item, pk = found
    record = item.model._default_manager.filter(pk=pk).first()
    return (item, record) if record is not None else None


@dataclass(frozen=True)
class TextField:
    """One translatable field of a record: its label, its English, its limit and whether it is long text."""

    name: str
    label: str
    english: str
    limit: int | None
    long: bool
    translations: dict[str, str]


def translation_text_fields(*, item: Translatable, record: models.Model) -> list[TextField]:
    languages = [code for code, _name in translation_languages()]
    return [
        TextField(
            name=name,
            label=_verbose_name(item.model, name),
            english=english(record, name),
            limit=text_limit(item.model, name, SOURCE_LANGUAGE),
            long=isinstance(item.model._meta.get_field(name), models.TextField),
            translations={code: getattr(record, column(name, code), None) or "" for code in languages},
        )
        for name in item.fields
    ]


def translation_upload_list(*, user: "AnyUser") -> "models.QuerySet[TranslationUpload]":
    """The uploads a user may see: their own; an administrator's, everyone's."""
    scope = user_scope(user=user)
    uploads = TranslationUpload.objects.select_related("uploaded_by")
    if scope.is_administrator:
        return uploads
    if not scope.can_validate:
        return uploads.none()
    return uploads.filter(uploaded_by_id=scope.user_id)
