"""What is translatable and what is missing: read from THE list (rbm.translation.READER_FIELDS), counted in
SQL, one aggregate query per model."""

import pytest

from rbm.translation import READER_FIELDS
from tests.factories import IndicatorFactory, OutcomeFactory
from translations.selectors import translatable_list, translation_missing_list, translation_status

pytestmark = pytest.mark.django_db


def test_the_translatable_models_and_fields_are_those_of_the_one_list():
    assert {item.model._meta.label: item.fields for item in translatable_list()} == {
        label: tuple(fields) for label, fields in READER_FIELDS.items()
    }


def test_the_status_is_one_aggregate_query_per_translatable_model_and_one_for_the_outcomes(
    django_assert_num_queries,
):
    IndicatorFactory(outcome=OutcomeFactory())

    with django_assert_num_queries(len(READER_FIELDS) + 1):
        translation_status()


def test_the_missing_list_of_an_outcome_names_each_text_with_its_english_and_is_bounded():
    outcome = OutcomeFactory(statement="Outcome in English")
    for number in range(3):
        IndicatorFactory(outcome=outcome, code=f"8.{number}", statement=f"Indicator {number}")

    found, total = translation_missing_list(language="es", outcome_id=outcome.pk, limit=2)

    assert total >= 4  # the outcome's and the three indicators' statements at least
    assert len(found) == 2
    statements = {(f"outcomes.outcome:{outcome.pk}", "Outcome in English")} | {
        (f"indicators.indicator:{indicator.pk}", indicator.statement) for indicator in outcome.indicators.all()
    }
    for text in found:
        assert (text.key, text.source) in statements or text.field != "statement"
