"""The translators' round trip: export, translate, import; all or nothing, every bad row with its line,
stale English refused, a second import changing nothing, history kept with the file's name."""

import pytest
from django.core.exceptions import ValidationError

from rbm.exceptions import ApplicationError
from rbm.limits import STATEMENT_MAX
from tests.factories import IndicatorFactory, OutcomeFactory
from tests.translations.helpers import key, translation_file
from translations import rules
from translations.files import translation_file_read
from translations.selectors import translation_rows
from translations.services import KIND, translation_import

pytestmark = pytest.mark.django_db

FRENCH_OUTCOME = "Davantage de personnes ont accès à des prestations de sécurité sociale meilleures et mieux gérées"


def problems_of(language: str, kind: str, rows) -> list[str]:
    with pytest.raises(ApplicationError) as raised:
        translation_import(language=language, filename=f"t.{kind}", content=translation_file(kind, rows))
    assert raised.value.message == rules.IMPORT_REFUSED % {"count": len(raised.value.extra["problems"])}
    return raised.value.extra["problems"]


def exported(language: str, *records, missing_only: bool = False) -> list[tuple[str, str, str, str]]:
    keys = {key(record) for record in records}
    return [row.cells() for row in translation_rows(language=language, missing_only=missing_only) if row.key in keys]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_exported_file_translated_and_imported_stores_the_translations_with_the_files_name_in_history(kind):
    # given an outcome and an indicator, exported for French
    outcome = OutcomeFactory(statement="More people have access to improved social security benefits")
    indicator = IndicatorFactory(outcome=outcome, statement="Number of member States that improve their laws")
    rows = exported("fr", outcome, indicator)
    assert rows == [
        (key(outcome), "statement", outcome.statement, ""),
        (key(indicator), "statement", indicator.statement, ""),
        (key(indicator), "unit", "member States", ""),
        (key(indicator), "unit_singular", "member State", ""),
    ]
    # when the translator fills in the translation column
    translated = [
        (rows[0][0], rows[0][1], rows[0][2], FRENCH_OUTCOME),
        rows[1],  # left empty: stays untranslated
        (rows[2][0], rows[2][1], rows[2][2], "États Membres"),
        (rows[3][0], rows[3][1], rows[3][2], "État Membre"),
    ]
    changes = translation_import(
        language="fr", filename=f"traduction.{kind}", content=translation_file(kind, translated)
    )

    # then
    assert changes.updated == {KIND: 2}
    outcome.refresh_from_db()
    indicator.refresh_from_db()
    assert outcome.statement_fr == FRENCH_OUTCOME
    assert outcome.statement_en == "More people have access to improved social security benefits"
    assert (indicator.unit_fr, indicator.unit_singular_fr, indicator.statement_fr or "") == (
        "États Membres",
        "État Membre",
        "",
    )
    assert outcome.history.latest().history_change_reason == f"Translation imported from traduction.{kind}"
    assert exported("fr", outcome) == [(key(outcome), "statement", outcome.statement_en, FRENCH_OUTCOME)]
    assert exported("fr", outcome, indicator, missing_only=True) == [rows[1]]
    assert exported("es", outcome) == [(key(outcome), "statement", outcome.statement_en, "")]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_importing_the_same_file_twice_changes_nothing_the_second_time(kind):
    outcome = OutcomeFactory(statement="Outcome")
    content = translation_file(kind, [(key(outcome), "statement", "Outcome", "Résultat")])
    translation_import(language="fr", filename=f"t.{kind}", content=content)
    records = outcome.history.count()

    changes = translation_import(language="fr", filename=f"t.{kind}", content=content)

    assert changes.changed is False
    assert changes.unchanged == {KIND: 1}
    assert outcome.history.count() == records


def test_a_file_with_an_unknown_key_is_refused_and_saves_nothing_of_its_good_rows():
    outcome = OutcomeFactory(statement="Outcome")

    problems = problems_of(
        "fr",
        "xlsx",
        [(key(outcome), "statement", "Outcome", "Résultat"), ("outcomes.outcome:999999", "statement", "X", "Y")],
    )

    assert problems == [str(rules.KEY_UNKNOWN % {"line": 3, "key": "outcomes.outcome:999999"})]
    outcome.refresh_from_db()
    assert outcome.statement_fr in (None, "")


def test_a_row_whose_english_changed_since_the_export_is_flagged_stale_and_nothing_is_saved():
    outcome = OutcomeFactory(statement="Outcome")
    other = OutcomeFactory(statement="Another outcome")
    rows = exported("fr", outcome, other)
    type(outcome).objects.filter(pk=outcome.pk).update(statement_en="Outcome, as revised")

    problems = problems_of("fr", "csv", [(*rows[0][:3], "Résultat"), (*rows[1][:3], "Autre résultat")])

    assert problems == [str(rules.SOURCE_STALE % {"line": 2, "key": key(outcome), "field": "statement"})]
    other.refresh_from_db()
    assert other.statement_fr in (None, "")


def test_every_bad_row_is_reported_with_its_line():
    outcome = OutcomeFactory(statement="Outcome")
    indicator = IndicatorFactory(outcome=outcome)
    rows = [
        ("no-such-model:1", "statement", "Outcome", "Résultat"),  # line 2
        ("outcomes.outcome:abc", "statement", "Outcome", "Résultat"),  # 3
        (key(outcome), "colour", "Outcome", "Résultat"),  # 4
        (key(indicator), "code", indicator.code, "Code"),  # 5: a field, but not translated
        (key(outcome), "statement", "Outcome", "x" * (STATEMENT_MAX + 1)),  # 6
        (key(outcome), "statement", "Outcome", "Résultat"),  # 7: fine, but 6 and 7 are the same text
        (key(indicator), "unit", "member States", "États\x00Membres"),  # 8
    ]

    problems = problems_of("fr", "csv", rows)

    assert problems == [
        str(rules.KEY_UNKNOWN % {"line": 2, "key": "no-such-model:1"}),
        str(rules.KEY_UNKNOWN % {"line": 3, "key": "outcomes.outcome:abc"}),
        str(rules.FIELD_UNKNOWN % {"line": 4, "key": key(outcome), "field": "colour"}),
        str(rules.FIELD_NOT_TRANSLATABLE % {"line": 5, "key": key(indicator), "field": "code"}),
        str(
            rules.TEXT_TOO_LONG % {"line": 6, "length": STATEMENT_MAX + 1, "field": "statement", "limit": STATEMENT_MAX}
        ),
        str(rules.ROW_REPEATED % {"line": 7, "key": key(outcome), "field": "statement", "first": 6}),
        str(rules.TEXT_NUL % {"line": 8}),
    ]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValidationError) as raised:
        translation_import(language="de", filename="t.csv", content=translation_file("csv", [("k", "f", "s", "t")]))

    assert raised.value.message_dict == {
        "language": [str(rules.LANGUAGE_UNKNOWN % {"language": "de", "choices": "fr, es"})]
    }


def test_a_formula_like_english_text_survives_the_csv_round_trip():
    outcome = OutcomeFactory(statement="=1+1 is not a formula here; -5 %")
    rows = exported("fr", outcome)
    content = translation_file("csv", [(*rows[0][:3], "=1+1 n'est pas une formule")])

    assert [row.source for row in translation_file_read(name="t.csv", content=content)] == [outcome.statement]
    translation_import(language="fr", filename="t.csv", content=content)
    outcome.refresh_from_db()
    assert outcome.statement_fr == "=1+1 n'est pas une formule"
