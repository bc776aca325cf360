"""A published table of an indicator counting entities (workers' organizations): it lists the countries where
they are, without naming them, under a total that may exceed the countries listed."""

from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.selectors import indicator_counts_list
from indicators.services import results_table_import
from outcomes.models import Outcome

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pir_2014_15_outcome_10_entities.txt"
NOTE_10_1 = "38 workers' organizations published; 36 countries listed; workers' organizations not named"


@pytest.fixture
def entities_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture
def entities_imported(biennium_2014_15, entities_text):
    results_table_import(text=entities_text, biennium=biennium_2014_15, source=FIXTURE.name)
    return biennium_2014_15


def database_state() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Outcome, Indicator, Target, PublishedFigure, Result)
    } | {
        "history": (Indicator.history.count(), Target.history.count(), Result.history.count()),
        "versions": sorted(Result.objects.values_list("pk", "version", "status", "entity_name", "entity_unnamed")),
    }


def test_entities_table_imports_one_unnamed_result_per_listed_country(entities_imported):
    indicator = Indicator.objects.get(framework=entities_imported.framework, code="10.1")
    results = Result.objects.filter(indicator=indicator, biennium=entities_imported)

    assert (indicator.unit, indicator.unit_singular, indicator.unit_kind) == (
        "workers' organizations",
        "workers' organization",
        Indicator.UnitKind.ENTITIES,
    )
    assert results.count() == 36
    assert set(results.values_list("entity_name", "entity_unnamed", "status", "source")) == {
        ("", True, Result.Status.VALIDATED, Result.Source.IMPORT)
    }
    assert results.values("place").distinct().count() == 36


def test_entities_table_keeps_the_published_total_as_published(entities_imported):
    published = PublishedFigure.objects.get(indicator__code="10.1", biennium=entities_imported)
    target = Target.objects.get(indicator__code="10.1", biennium=entities_imported)

    assert (published.text, published.value, published.member_states, published.territories) == (
        "38 workers' organizations",
        38,
        None,
        0,
    )
    assert (target.text, target.value) == ("30 workers' organizations", 30)


def test_entities_counts_state_the_published_total_beside_the_places_listed(entities_imported):
    counts = {item["indicator"]: item for item in indicator_counts_list(biennium=entities_imported)}

    assert counts["10.1"]["published"] == {"value": 38, "text": "38 workers' organizations"}
    assert (counts["10.1"]["result"], counts["10.1"]["places"], counts["10.1"]["unnamed"]) == (36, 36, 36)
    assert counts["10.1"]["label"] == "36 workers' organizations"
    assert counts["10.1"]["by_region"] == {
        "Africa": 10,
        "Americas": 8,
        "Arab States": 4,
        "Asia and the Pacific": 8,
        "Europe and Central Asia": 6,
    }
    assert counts["10.1"]["notes"] == [NOTE_10_1]
    assert counts["10.1"]["discrepancies"] == []
    assert counts["10.2"]["notes"] == [
        "8 workers' organizations published; 8 countries listed; workers' organizations not named"
    ]


def test_a_second_import_of_an_entities_table_changes_nothing(entities_imported, entities_text):
    before = database_state()

    changes = results_table_import(text=entities_text, biennium=entities_imported, source=FIXTURE.name)

    assert not changes.changed
    assert changes.unchanged["results"] == 44
    assert database_state() == before


def test_the_import_command_accepts_an_entities_table(biennium_2014_15, capsys):
    call_command("import_results_table", str(FIXTURE), "--biennium", "2014-15")

    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines[:-1]) == [
        "indicators: 2 created, 0 updated, 0 unchanged",
        "outcomes: 1 created, 0 updated, 0 unchanged",
        "published figures: 2 created, 0 updated, 0 unchanged",
        "results: 44 created, 0 updated, 0 unchanged",
        "targets: 2 created, 0 updated, 0 unchanged",
    ]
    assert lines[-1] == "Imported."
