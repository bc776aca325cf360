"""The content meant for readers, kept in English, French and Spanish: the one list of translatable fields.

Each app's ``translation.py`` registers its models from this list with django-modeltranslation, which adds
a ``<field>_en``, ``<field>_fr`` and ``<field>_es`` column beside each; reading ``<field>`` gives the
active language's text, or the English one when it has none (field by field). The list names models by
"app_label.Model" so that the frame imports no app; tests/rbm/test_translation_fields.py proves the
registry holds exactly these fields.
"""

import functools
from collections.abc import Callable, Mapping
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

READER_FIELDS: dict[str, tuple[str, ...]] = {
    # The reference geography: the region headings of the tables and the place names in them.
    "places.Region": ("name", "short_name"),
    "places.Place": ("name",),
    # The results framework and what the implementation report prints of it.
    "outcomes.StrategicFramework": ("name",),
    "outcomes.Outcome": ("statement",),
    "outcomes.OutcomeNarrative": (
        "areas_of_focus",
        "support_to_constituents",
        "gender_equality",
        "external_partnerships",
        "outputs_introduction",
    ),
    "outcomes.SignificantOutput": ("text",),
    "indicators.Indicator": ("statement", "unit", "unit_singular"),
    "indicators.MeasurementCriterion": ("text",),
    "indicators.Target": ("text",),
    "indicators.PublishedFigure": ("text",),
    "indicators.CountryProgramme": ("title",),
    "indicators.CountryProgrammeOutcome": ("title",),
    # Evaluations: what the governing body reads of them.
    "evaluations.Evaluation": ("title", "summary"),
    "evaluations.EvaluationQuestion": ("text",),
    "evaluations.Finding": ("heading", "text"),
    "evaluations.Lesson": ("text",),
    "evaluations.Recommendation": ("text",),
    "evaluations.NextStep": ("text",),
    "evaluations.OfficeResponse": ("heading", "text"),
    "evaluations.SynthesisFinding": ("heading", "text"),
    # The plan of action's matrix.
    "plans.Plan": ("title",),
    "plans.Revision": ("title", "matrix_title"),
    "plans.Category": ("title",),
    "plans.Activity": ("text",),
    "plans.Means": ("text", "extra_text"),
    "plans.KeyOutput": ("text",),
    "plans.Target": ("text",),
}

SOURCE_LANGUAGE = "en"

P = ParamSpec("P")
R = TypeVar("R")
# What the mark beside a text shown in English says to an editor (never printed in a document for readers).
NOT_YET_TRANSLATED = gettext_lazy("Not yet translated")

# The organisation's own words for the units most indicators count, used while an indicator's unit has
# no translation of its own (never stored: the column stays empty, so the translators still see it).
ORGANISATION_TERMS: dict[str, dict[str, str]] = {
    "member States": {"fr": "États Membres", "es": "Estados Miembros"},
    "member State": {"fr": "État Membre", "es": "Estado Miembro"},
}


def in_source_language(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with English active, whatever the reader's language.

    With modeltranslation a reader field named plainly (``indicator.statement = ...``, ``Model(statement=...)``,
    ``filter(statement=...)``) means the active language's column. The edit forms and the services behind
    them edit the English source, the text translators translate; a French or Spanish text is written only
    through its own column (the translations app). So a service that writes reader fields, and a form's
    initial values read from them, run in English: an editor whose interface is in French neither sees the
    French text offered as the English one nor copies the English into the French column by saving.
    Messages made lazily (form errors, ``ValidationError``) still render in the reader's language.
    """

    @functools.wraps(function)
    def in_english(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(SOURCE_LANGUAGE):
            return function(*args, **kwargs)

    return in_english


def reader_fields(label: str) -> tuple[str, ...]:
    """Return the translatable fields of the model "app_label.Model" (none if it is not in the list)."""
    return READER_FIELDS.get(label, ())


def translation_languages() -> tuple[str, ...]:
    """Return the languages content is translated into: every language of the site but English."""
    return tuple(code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE)


def localized_field(field: str, language: str) -> str:
    """Return the column holding ``field`` in ``language`` ("statement", "fr" -> "statement_fr")."""
    return f"{field}_{language.replace('-', '_')}"


def is_fallback(instance: object, field: str, language: str | None = None) -> bool:
    """Tell whether ``field`` of ``instance`` shows the English text because ``language`` has none yet.

    English itself never falls back, nor does a field whose English is empty too (there is nothing to mark).
    """
    language = (language or translation.get_language() or SOURCE_LANGUAGE).split("-")[0]
    if language == SOURCE_LANGUAGE:
        return False
    own = getattr(instance, localized_field(field, language), None)
    source = getattr(instance, localized_field(field, SOURCE_LANGUAGE), None)
    return not own and bool(source) and language not in ORGANISATION_TERMS.get(source, {})


def translated_term(instance: object, field: str, language: str | None = None) -> str:
    """Return ``field`` of ``instance`` (a model or a ``values()`` row) in ``language``: its translation,
    else the organisation's term for its English, else the English."""
    language = (language or translation.get_language() or SOURCE_LANGUAGE).split("-")[0]

    def read(name: str) -> str | None:
        return instance.get(name) if isinstance(instance, Mapping) else getattr(instance, name, None)

    own = read(localized_field(field, language)) if language != SOURCE_LANGUAGE else None
    source = read(localized_field(field, SOURCE_LANGUAGE)) or ""
    return own or ORGANISATION_TERMS.get(source, {}).get(language) or source


def localized_fields(*fields: str) -> tuple[str, ...]:
    """Return the column of every language of each field, for ``values()``: ("unit",) -> ("unit_en", ...)."""
    languages = (SOURCE_LANGUAGE, *translation_languages())
    return tuple(localized_field(field, language) for field in fields for language in languages)


def register_reader_models(
    app_label: str, field_options: dict[str, dict[str, dict[str, object]]] | None = None
) -> None:
    """Register with django-modeltranslation every model of ``app_label`` the list names, and its history.

    A model with simple_history's ``HistoricalRecords`` has its historical model built when the class
    is prepared, before modeltranslation adds the language columns: the historical model is registered
    with the same fields, so each historical record keeps the text of every language. ``field_options``
    gives one language's column its own options (``{"unit": {"fr": {"default": None}}}``).
    """
    from django.apps import apps
    from modeltranslation.translator import TranslationOptions, translator

    for label, fields in READER_FIELDS.items():
        model_app, _dot, _name = label.partition(".")
        if model_app != app_label:
            continue
        model = apps.get_model(label)
        attributes = {"fields": fields, "field_options": field_options or {}}
        options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), attributes)
        translator.register(model, options)
        history = getattr(model, "history", None)
        if history is not None:
            translator.register(history.model, options)
        for name in fields:
            _keep_english_in_original_column(model, name)


def _keep_english_in_original_column(model: type, name: str) -> None:
    """Save the English text in the original column too, whatever language is active when the row is saved.

    modeltranslation would write there the text of the language active at saving; queries that read a field
    through a relation ("place__region__name") or the admin's search read that column, and read English.
    """
    field = model._meta.get_field(name)
    english = localized_field(name, SOURCE_LANGUAGE)

    def pre_save(instance: object, add: bool) -> object:
        value = getattr(instance, english)
        return field.get_default() if value is None else value

    field.pre_save = pre_save


def translation_columns(model: type) -> tuple[str, ...]:
    """Return the language columns of a registered model's reader fields (none for another model)."""
    label = model._meta.label  # type: ignore[attr-defined]
    languages = (SOURCE_LANGUAGE, *translation_languages())
    return tuple(localized_field(name, language) for name in reader_fields(label) for language in languages)
