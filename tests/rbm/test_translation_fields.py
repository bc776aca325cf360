"""The content meant for readers is translatable, exactly as rbm/translation.py lists it, with its history."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from modeltranslation.translator import translator

from indicators.models import Indicator
from outcomes.models import Outcome
from rbm.translation import READER_FIELDS, is_fallback, translated_term
from tests.factories import IndicatorFactory, OutcomeFactory, UserFactory


def _registered() -> dict[str, tuple[str, ...]]:
    found = {}
    for model in translator.get_registered_models(abstract=False):
        if model._meta.model_name.startswith("historical"):
            continue
        found[model._meta.label] = tuple(sorted(translator.get_options_for_model(model).fields))
    return found


def test_the_registry_holds_exactly_the_listed_reader_fields():
    assert _registered() == {label: tuple(sorted(fields)) for label, fields in READER_FIELDS.items()}


def test_every_listed_field_has_a_column_per_language_on_the_model_and_in_its_history():
    for label, fields in READER_FIELDS.items():
        model = apps.get_model(label)
        history = getattr(model, "history", None)
        for field in fields:
            for language in ("en", "fr", "es"):
                model._meta.get_field(f"{field}_{language}")
                if history is not None:
                    history.model._meta.get_field(f"{field}_{language}")


def test_a_text_given_in_french_is_kept_and_english_is_the_fallback_field_by_field(db):
    indicator = IndicatorFactory(statement="Number of member States", unit="member States")
    indicator.statement_fr = "Nombre d'États Membres"
    indicator.save()

    with translation.override("fr"):
        reread = Indicator.objects.get(pk=indicator.pk)
        assert reread.statement == "Nombre d'États Membres"
        assert translated_term(reread, "unit") == "États Membres"
        assert not is_fallback(reread, "statement")
    with translation.override("es"):
        reread = Indicator.objects.get(pk=indicator.pk)
        assert reread.statement == "Number of member States"
        assert reread.unit == "member States"
        assert is_fallback(reread, "statement")
        assert not is_fallback(reread, "unit")
    with translation.override("en"):
        assert Indicator.objects.get(pk=indicator.pk).statement == "Number of member States"


def test_a_unit_without_translation_reads_the_organisations_term_or_the_english(db):
    states = IndicatorFactory(unit="member States", unit_singular="member State")
    agencies = IndicatorFactory(unit="agencies", unit_singular="agency")

    assert (states.unit_fr, agencies.unit_fr) == (None, None)
    assert translated_term(states, "unit", "fr") == "États Membres"
    assert translated_term(states, "unit_singular", "es") == "Estado Miembro"
    assert translated_term(agencies, "unit", "fr") == "agencies"
    assert (is_fallback(states, "unit", "fr"), is_fallback(agencies, "unit", "fr")) == (False, True)
    agencies.unit_fr = "organismes"
    assert translated_term(agencies, "unit", "fr") == "organismes"


def test_history_keeps_the_text_of_every_language(db):
    editor = UserFactory()
    outcome = OutcomeFactory(statement="Social security for all")
    outcome.statement_fr = "La sécurité sociale pour tous"
    outcome._history_user = editor
    outcome.save()
    outcome.statement_fr = "Davantage de personnes ont accès à la sécurité sociale"
    outcome.save()

    texts = list(Outcome.history.filter(id=outcome.pk).order_by("history_id").values_list("statement_fr", flat=True))

    assert texts == [None, "La sécurité sociale pour tous", "Davantage de personnes ont accès à la sécurité sociale"]


# Migrating flushes nothing, but a transactional test ends with a flush: the reference data is restored after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_stored_english_into_the_english_column():
    executor = MigrationExecutor(connection)
    before = [("outcomes", "0009_outcome_history_text_limit"), ("indicators", "0010_text_limits")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Old = old.get_model("indicators", "Indicator")
    framework = old.get_model("outcomes", "StrategicFramework").objects.create(
        name="A framework stored in English", start_year=2090, end_year=2095
    )
    outcome = old.get_model("outcomes", "Outcome").objects.create(
        framework_id=framework.pk, number="99", statement="An outcome stored in English only"
    )
    common = {"framework_id": framework.pk, "outcome_id": outcome.pk}
    kept = Old.objects.create(**common, code="99.1", statement="Kept", unit="member States")
    other = Old.objects.create(**common, code="99.2", statement="Other", unit="agencies", unit_singular="agency")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    with translation.override("fr"):
        kept_now = Indicator.objects.get(pk=kept.pk)
        other_now = Indicator.objects.get(pk=other.pk)
        assert Outcome.objects.get(pk=outcome.pk).statement_en == "An outcome stored in English only"
    assert (kept_now.statement_en, kept_now.statement_fr, kept_now.unit_en, kept_now.unit_fr) == (
        "Kept",
        None,
        "member States",
        None,
    )
    assert (other_now.unit_en, other_now.unit_singular_en, other_now.unit_singular_es) == ("agencies", "agency", None)
    assert other_now.unit == "agencies"


def test_the_original_column_keeps_the_english_when_saved_in_another_language(db):
    indicator = IndicatorFactory(statement="Number of member States")

    with translation.override("fr"):
        indicator.statement_fr = "Nombre d'États Membres"
        indicator.save()

    assert Indicator.objects.filter(pk=indicator.pk).values_list("outcome__indicators__statement", flat=True)[0] == (
        "Number of member States"
    )
