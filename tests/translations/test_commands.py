"""export_translations and import_translations: the round trip from the command line."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import OutcomeFactory
from tests.translations.helpers import key, translation_file
from translations import rules

pytestmark = pytest.mark.django_db


def test_export_writes_a_workbook_with_a_heading_row_and_import_reads_it_back(tmp_path, capsys):
    outcome = OutcomeFactory(statement="Outcome to translate")
    path = tmp_path / "fr.xlsx"

    call_command("export_translations", str(path), language="fr", missing_only=True)

    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("key", "field", "source", "translation")
    assert (key(outcome), "statement", "Outcome to translate", None) in rows
    capsys.readouterr()

    translated = tmp_path / "fr-done.csv"
    translated.write_bytes(translation_file("csv", [(key(outcome), "statement", "Outcome to translate", "Résultat")]))
    call_command("import_translations", str(translated), language="fr")
    assert capsys.readouterr().out.splitlines() == ["1 record(s) updated, 0 text(s) unchanged", "Imported."]
    call_command("import_translations", str(translated), language="fr")
    assert capsys.readouterr().out.splitlines() == ["0 record(s) updated, 1 text(s) unchanged", "Nothing to change."]
    outcome.refresh_from_db()
    assert outcome.statement_fr == "Résultat"


def test_export_writes_csv_with_the_same_columns(tmp_path):
    outcome = OutcomeFactory(statement="Outcome to translate")
    path = tmp_path / "es.csv"

    call_command("export_translations", str(path), language="es")

    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["key", "field", "source", "translation"]
    assert [key(outcome), "statement", "Outcome to translate", ""] in rows


def test_import_prints_every_problem_with_its_line_and_refuses_the_file(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(translation_file("csv", [("outcomes.outcome:999999", "statement", "X", "Y")]))

    with pytest.raises(CommandError) as raised:
        call_command("import_translations", str(path), language="fr")

    assert str(raised.value) == str(rules.IMPORT_REFUSED % {"count": 1})
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: " + str(rules.KEY_UNKNOWN % {"line": 2, "key": "outcomes.outcome:999999"})
    ]


def test_import_of_a_missing_file_or_a_bad_language_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_translations", str(tmp_path / "none.csv"), language="fr")
    with pytest.raises(CommandError, match="is not a language"):
        call_command("export_translations", str(tmp_path / "x.csv"), language="xx")
