import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.selectors import indicator_counts_list
from indicators.services import results_table_import
from outcomes.models import Outcome
from rbm.parsers import ImportRejected
from tests.conftest import SEED_000

REGIONS = ["Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe and Central Asia"]


def database_state() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Outcome, Indicator, Target, PublishedFigure, Result)
    } | {
        "history": (
            Indicator.history.count(),
            Target.history.count(),
            Result.history.count(),
        )
    }


def test_seed_000_import_reproduces_every_published_figure(seed_000_imported):
    counts = {item["indicator"]: item for item in indicator_counts_list(biennium=seed_000_imported)}

    assert counts["4.1"] == {
        "indicator": "4.1",
        "biennium": "2014-15",
        "unit": "member States",
        "target": 10,
        "target_text": "10 member States",
        "result": 11,
        "member_states": 11,
        "territories": 0,
        "by_region": dict(zip(REGIONS, [3, 4, 1, 1, 2], strict=True)),
        "places": 11,
        "unnamed": 0,
        "label": "11 member States",
        "target_met": True,
        "published": {"value": 11, "text": "11 member States"},
        "discrepancies": [],
        "notes": [],
    }
    assert (counts["4.2"]["member_states"], counts["4.2"]["territories"], counts["4.2"]["target"]) == (24, 1, 12)
    assert counts["4.2"]["by_region"] == dict(zip(REGIONS, [8, 4, 5, 7, 1], strict=True))
    assert counts["4.2"]["label"] == counts["4.2"]["published"]["text"] == "24 member States and 1 territory"
    assert (counts["4.3"]["member_states"], counts["4.3"]["territories"], counts["4.3"]["target"]) == (16, 1, 8)
    assert counts["4.3"]["by_region"] == dict(zip(REGIONS, [3, 2, 4, 6, 2], strict=True))
    assert counts["4.3"]["label"] == counts["4.3"]["published"]["text"] == "16 member States and 1 territory"
    assert [item["target_met"] for item in counts.values()] == [True, True, True]
    assert [item["discrepancies"] for item in counts.values()] == [[], [], []]


def test_seed_000_import_stores_the_outcome_indicators_and_units(seed_000_imported):
    outcome = Outcome.objects.get(framework=seed_000_imported.framework, number="4")
    indicator = Indicator.objects.get(framework=seed_000_imported.framework, code="4.2")

    assert outcome.statement == (
        "More people have access to better managed and more gender-equitable social security benefits."
    )
    assert indicator.statement.startswith("Number of member States that, with ILO support, develop policies")
    assert (indicator.unit, indicator.unit_singular, indicator.unit_kind) == ("member States", "member State", "places")
    assert Result.objects.filter(status=Result.Status.VALIDATED, source=Result.Source.IMPORT).count() == 53


def test_seed_000_import_keeps_the_published_spelling_but_shows_the_places_one_name(seed_000_imported):
    czech = Result.objects.get(indicator__code="4.1", place__iso3="CZE")
    bolivia = Result.objects.get(indicator__code="4.1", place__iso3="BOL")

    assert (czech.place.name, czech.reported_name, czech.display_name) == ("Czechia", "Czech Republic", "Czechia")
    assert (bolivia.place.name, bolivia.place.official_name, bolivia.display_name) == (
        "Bolivia",
        "Plurinational State of Bolivia",
        "Bolivia",
    )


def test_importing_the_same_table_twice_changes_nothing(seed_000_imported, seed_000_text):
    before = database_state()

    summary = results_table_import(text=seed_000_text, biennium=seed_000_imported, source=SEED_000.name)

    assert summary.changed is False
    assert summary.unchanged == {"outcomes": 1, "indicators": 3, "targets": 3, "published figures": 3, "results": 53}
    assert database_state() == before


def bad_table(seed_000_text: str) -> str:
    return (
        seed_000_text.replace("Ethiopia Lesotho Niger", "Ethiopia Lesotho Atlantis Niger")
        .replace("Argentina Colombia Honduras Peru", "Argentina Colombia Honduras Peru Narnia")
        .replace("Kazakhstan Tajikistan", "Kazakhstan Ghana Tajikistan")
    )


def test_an_import_with_unknown_names_reports_each_with_line_and_column_and_saves_nothing(
    biennium_2014_15, seed_000_text
):
    before = database_state()

    with pytest.raises(ImportRejected) as rejected:
        results_table_import(text=bad_table(seed_000_text), biennium=biennium_2014_15)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 7, column 4 (Africa): “Atlantis” is not a known member State or territory.",
        "line 8, column 5 (Americas): “Narnia” is not a known member State or territory. Did you mean “Armenia”?",
        "line 9, column 8 (Europe-Central Asia): Ghana belongs to Africa, not Europe and Central Asia.",
    ]
    assert database_state() == before


def test_the_import_command_exits_non_zero_listing_every_bad_name(db, tmp_path, seed_000_text, capsys):
    path = tmp_path / "table.txt"
    path.write_text(bad_table(seed_000_text), encoding="utf-8")
    before = database_state()

    with pytest.raises(CommandError, match=r"3 problem\(s\) found; nothing was saved"):
        call_command("import_results_table", str(path), "--biennium", "2014-15")

    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"{path}: line 7, column 4 (Africa): “Atlantis” is not a known member State or territory.",
        f"{path}: line 8, column 5 (Americas): “Narnia” is not a known member State or territory."
        " Did you mean “Armenia”?",
        f"{path}: line 9, column 8 (Europe-Central Asia): Ghana belongs to Africa, not Europe and Central Asia.",
    ]
    assert database_state() == before


def test_the_import_command_reports_what_it_created_then_that_nothing_changed(db, capsys):
    call_command("import_results_table", str(SEED_000), "--biennium", "2014-15")
    first = capsys.readouterr().out
    call_command("import_results_table", str(SEED_000), "--biennium", "2014-15")
    second = capsys.readouterr().out

    assert "results: 53 created, 0 updated, 0 unchanged" in first.splitlines()
    assert second.splitlines()[-1] == "Nothing to change."


def test_a_table_for_another_biennium_is_refused(db, seed_000_text):
    from outcomes.models import Biennium

    with pytest.raises(ImportRejected) as rejected:
        results_table_import(text=seed_000_text, biennium=Biennium.objects.get(start_year=2012))

    assert [str(problem) for problem in rejected.value.problems] == ["line 5: The table is for 2014-15, not 2012-13."]


def test_a_place_listed_twice_for_one_indicator_is_refused(biennium_2014_15, seed_000_text):
    text = seed_000_text.replace("Ethiopia Lesotho Niger", "Ethiopia Lesotho Niger Lesotho")

    with pytest.raises(ImportRejected) as rejected:
        results_table_import(text=text, biennium=biennium_2014_15)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 7, column 4 (Africa): Lesotho is listed twice for indicator 4.1."
    ]


def test_a_closed_biennium_refuses_the_import(biennium_2014_15, seed_000_text):
    from rbm.exceptions import ApplicationError

    biennium_2014_15.is_closed = True
    biennium_2014_15.save()

    with pytest.raises(ApplicationError, match=re.escape("The biennium 2014-15 is closed; nothing in it can change.")):
        results_table_import(text=seed_000_text, biennium=biennium_2014_15)
    assert Result.objects.count() == 0


def test_reimport_validates_a_draft_recorded_for_a_listed_place(seed_000_imported, seed_000_text):
    result = Result.objects.get(indicator__code="4.1", place__iso3="ETH")
    result.status = Result.Status.DRAFT
    result.save()

    summary = results_table_import(text=seed_000_text, biennium=seed_000_imported, source=SEED_000.name)

    result.refresh_from_db()
    assert result.status == Result.Status.VALIDATED
    assert summary.updated == {"results": 1}


def test_an_import_logs_what_it_created_and_a_refusal_how_many_problems(biennium_2014_15, seed_000_text, caplog):
    with caplog.at_level("INFO", logger="indicators.services.tables"):
        results_table_import(text=seed_000_text, biennium=biennium_2014_15, source=SEED_000.name)
        with pytest.raises(ImportRejected):
            results_table_import(text=bad_table(seed_000_text), biennium=biennium_2014_15, source="bad.txt")

    assert caplog.messages == [
        f"Published table {SEED_000.name} imported for 2014-15: created {{'outcomes': 1, 'indicators': 3, "
        "'targets': 3, 'published figures': 3, 'results': 53}, updated {}, unchanged {}",
        "Published table bad.txt for 2014-15 refused: 3 problem(s)",
    ]
