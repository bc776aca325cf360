"""A published table of an indicator counting entities (workers' organizations): it lists the countries where
they are, without naming them, under a total that may exceed the countries listed."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

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


@pytest.mark.parametrize(
    ("language", "note"),
    [
        (
            "fr",
            "38 workers' organizations selon la publication ; 36 pays énumérés ; "
            "workers' organizations sans nom dans la source",
        ),
        (
            "es",
            "38 workers' organizations según la publicación; 36 países enumerados; "
            "workers' organizations sin nombre en la fuente",
        ),
    ],
)
def test_the_entities_note_is_worded_in_french_and_spanish(entities_imported, language, note):
    with translation.override(language):
        counts = {item["indicator"]: item for item in indicator_counts_list(biennium=entities_imported)}

    assert counts["10.1"]["notes"] == [note]


def test_the_entities_note_words_one_country_and_one_entity_in_the_singular():
    from indicators.figures import entities_note

    assert (
        entities_note(published=1, places=1, named=0, unit="agencies", unit_singular="agency")
        == "1 agency published; 1 country listed; agency not named"
    )
    with translation.override("es"):
        assert (
            entities_note(published=3, places=1, named=1, unit="agencies", unit_singular="agency")
            == "3 agencies según la publicación; 1 país enumerado; 1 con nombre, 2 sin nombre"
        )


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


def unnamed_result(biennium, code: str, place_name: str) -> Result:
    return Result.objects.get(indicator__code=code, biennium=biennium, place__name=place_name)


def reopened(biennium, code: str, place_name: str) -> Result:
    from indicators.services import result_reopen
    from tests.indicators.entry_helpers import manager

    result = unnamed_result(biennium, code, place_name)
    return result_reopen(user=manager("kofi"), result=result, reason="Name the organization.")


def test_an_officer_names_an_unnamed_entity_in_the_result_form_and_the_note_counts_it(entities_imported):
    from indicators.services import result_submit, result_update, result_validate
    from tests.indicators.entry_helpers import manager, officer

    ama = officer("ama", "africa")
    result = reopened(entities_imported, "10.1", "Ghana")

    named = result_update(
        user=ama,
        result=result,
        version=result.version,
        entity_name="Ghana Trades Union Congress",
        description="Its strategic plan 2015-19 adds youth employment and social protection.",
    )
    result_validate(user=manager("kofi"), result=result_submit(user=ama, result=named))

    named.refresh_from_db()
    assert (named.entity_name, named.entity_unnamed, named.status) == (
        "Ghana Trades Union Congress",
        False,
        Result.Status.VALIDATED,
    )
    counts = {item["indicator"]: item for item in indicator_counts_list(biennium=entities_imported)}
    assert (counts["10.1"]["result"], counts["10.1"]["places"], counts["10.1"]["unnamed"]) == (36, 36, 35)
    assert counts["10.1"]["notes"] == [
        "38 workers' organizations published; 36 countries listed; 1 named, 37 not named"
    ]


def test_an_import_after_an_entity_is_named_keeps_the_name_and_adds_no_unnamed_one(entities_imported, entities_text):
    from indicators.services import result_update
    from tests.indicators.entry_helpers import officer

    result = reopened(entities_imported, "10.1", "Ghana")
    result_update(
        user=officer("ama", "africa"),
        result=result,
        version=result.version,
        entity_name="Ghana Trades Union Congress",
        description="Its strategic plan adds youth employment.",
    )
    before = database_state()["Result"]

    results_table_import(text=entities_text, biennium=entities_imported, source=FIXTURE.name)

    ghana = Result.objects.get(indicator__code="10.1", place__name="Ghana")
    assert (ghana.entity_name, ghana.entity_unnamed) == ("Ghana Trades Union Congress", False)
    assert database_state()["Result"] == before


def test_an_unnamed_entity_left_unnamed_can_still_be_edited(entities_imported):
    from indicators.services import result_update
    from tests.indicators.entry_helpers import officer

    result = reopened(entities_imported, "10.1", "Kenya")

    edited = result_update(
        user=officer("ama", "africa"), result=result, version=result.version, description="A plan was adopted."
    )

    assert (edited.entity_name, edited.entity_unnamed, edited.description) == ("", True, "A plan was adopted.")


def test_a_named_entity_cannot_be_unnamed_again(entities_imported):
    from django.core.exceptions import ValidationError

    from indicators.services import result_update
    from tests.indicators.entry_helpers import officer

    ama = officer("ama", "africa")
    result = reopened(entities_imported, "10.1", "Kenya")
    named = result_update(
        user=ama, result=result, version=result.version, entity_name="COTU (K)", description="A plan."
    )

    with pytest.raises(ValidationError) as refused:
        result_update(user=ama, result=named, version=named.version, entity_name="")

    assert refused.value.message_dict == {"entity_name": ["Name the workers' organization this result is about."]}


def test_the_bulk_entry_names_an_unnamed_entity_instead_of_adding_one(entities_imported):
    from indicators.selectors.uploads import result_upload_plan
    from indicators.services.uploads import result_upload_commit, result_upload_create
    from tests.indicators.entry_helpers import officer
    from tests.indicators.test_bulk_upload import HEADER, workbook

    ama = officer("ama", "africa")
    kenya = reopened(entities_imported, "10.1", "Kenya")
    indicator = kenya.indicator
    header = ["Member State or territory", "Workers' organization", *HEADER[1:]]
    content_rows = [
        ["Kenya", "Central Organization of Trade Unions", "Its plan adds decent work priorities.", "", "", "", 2],
        ["Ghana", "Ghana Trades Union Congress", "Its plan adds youth employment.", "", "", "", 1],
    ]
    content = workbook(content_rows, header=header)

    plan = result_upload_plan(user=ama, indicator=indicator, biennium=entities_imported, content=content)

    assert [(row.action, row.result_id) for row in plan.rows] == [
        ("update", kenya.pk),
        ("error", unnamed_result(entities_imported, "10.1", "Ghana").pk),
    ]
    assert plan.error_messages == [
        "Row 3: This result is validated and locked; a manager must reopen it before it can change."
    ]
    assert plan.rows[0].changes[0] == {
        "field": "entity",
        "was": "",
        "now": "Central Organization of Trade Unions",
    }

    kenya_only = workbook([content_rows[0]], header=header)
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=entities_imported, filename="named.xlsx", content=kenya_only
    )
    result_upload_commit(user=ama, upload=pending)

    kenya.refresh_from_db()
    assert (kenya.entity_name, kenya.entity_unnamed, kenya.status) == (
        "Central Organization of Trade Unions",
        False,
        Result.Status.RETURNED,
    )
    assert Result.objects.filter(indicator=indicator, place__name="Kenya").count() == 1


def test_an_entities_table_with_a_figure_too_large_or_too_long_is_refused_cell_by_cell(biennium_2014_15, entities_text):
    from rbm.parsers import ImportRejected

    hostile = entities_text.replace("38 workers' organizations", "99999999999999999999 workers' organizations").replace(
        "6 workers' organizations", "6 " + "workers' organizations " * 20
    )

    with pytest.raises(ImportRejected) as rejected:
        results_table_import(text=hostile, biennium=biennium_2014_15)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 5, column 3: The figure “99999999999999999999 workers' organizations” is larger than any count RBM "
        "holds (2147483647).",
        "line 6, column 2: The figure “6 workers' organizations workers' organi…” is longer than 200 characters.",
    ]
    assert Result.objects.count() == 0


def test_the_counts_api_states_the_published_total_beside_the_places_listed(entities_imported, client):
    body = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()
    item = next(entry for entry in body if entry["indicator"] == "10.1")

    assert (item["published"], item["result"], item["places"], item["unnamed"], item["notes"]) == (
        {"value": 38, "text": "38 workers' organizations"},
        36,
        36,
        36,
        [NOTE_10_1],
    )
    assert item["discrepancies"] == []


def test_the_indicator_page_and_the_home_tables_state_the_note(entities_imported, client):
    from django.urls import reverse

    from tests.html import html_element, html_text

    page = client.get(reverse("indicators:indicator-detail", args=["2014-15", "10.1"])).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert html_text(page, "indicator-counts") == (
        "Target30 workers' organizations Result 36 workers' organizations target met "
        "As published38 workers' organizations"
    )
    assert [
        " ".join(note.text_content().split()) for note in html_element(page, "counts-heading").getparent().iter("p")
    ][:1] == [NOTE_10_1]
    notes = html_element(home, "figure-notes-10")
    assert [" ".join(item.text_content().split()) for item in notes.iter("li")] == [
        f"Indicator 10.1: {NOTE_10_1}",
        "Indicator 10.2: 8 workers' organizations published; 8 countries listed; workers' organizations not named",
    ]
    assert 'id="reconciliation-10"' not in home
