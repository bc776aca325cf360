"""Every importer that reads place names reads every spelling and answers an unknown one, row by row, with the
closest known names ("did you mean …")."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from evaluations.forms.common import PlacesField
from evaluations.services.imports import evaluation_summary_import
from indicators.models import Result
from indicators.selectors.uploads import result_upload_plan
from indicators.services import results_table_import
from indicators.services.programmes import programme_outcomes_import
from plans.services.events import target_events_import
from plans.services.imports import plan_import_file
from rbm.parsers import ImportRejected
from tests.conftest import SEEDS
from tests.factories import biennium
from tests.indicators.entry_helpers import indicator_with_criteria, officer

SEED_001 = SEEDS / "001_fc0023219758e8b9.txt"
SEED_004 = SEEDS / "004_1ef88756585f0450.txt"


@pytest.fixture
def plan_2011(db):
    return plan_import_file(path=str(SEED_004)).plan


def published_table(seed_000_text: str) -> str:
    """Seed 000 as another document might print it: a lossy encoding and a name cut short."""
    return seed_000_text.replace("Ethiopia Lesotho Niger", "Ethiopia L?sotho Niger").replace(
        "Czech Republic Slovakia", "Czech Rep. Slovakia"
    )


def test_a_results_table_reads_lossy_and_cut_short_names_in_its_region_cells(biennium_2014_15, seed_000_text):
    results_table_import(text=published_table(seed_000_text), biennium=biennium_2014_15)

    places = Result.objects.filter(indicator__code="4.1").values_list("place__name", flat=True)
    assert sorted(places) == [
        "Bolivia",
        "Colombia",
        "Czechia",
        "Dominican Republic",
        "Ethiopia",
        "Lebanon",
        "Lesotho",
        "Myanmar",
        "Niger",
        "Peru",
        "Slovakia",
    ]


def test_a_results_table_answers_a_misspelt_place_with_the_closest_names(biennium_2014_15, seed_000_text):
    misspelt = seed_000_text.replace("Cameroon Ethiopia Gambia", "Cameroon Ethiopa Gambia")

    with pytest.raises(ImportRejected) as rejected:
        results_table_import(text=misspelt, biennium=biennium_2014_15)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 8, column 4 (Africa): “Ethiopa” is not a known member State or territory. Did you mean “Ethiopia”?"
    ]


def test_a_plan_events_file_answers_a_misspelt_place_with_the_closest_names(plan_2011):
    with pytest.raises(ImportRejected) as rejected:
        target_events_import(
            plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text="Ukrain,2016-10-04\nLao PDR,2016-01-01\n"
        )

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 1, column 1: “Ukrain” is not a place RBM knows. Did you mean “Ukraine”?"
    ]


def test_a_programme_outcomes_file_answers_a_misspelt_place_with_the_closest_names(db):
    text = "place,code,title,programme,programme_period,programme_status,contributions\nGhanna,GHA101,Floor,,,,\n"

    with pytest.raises(ImportRejected) as rejected:
        programme_outcomes_import(text=text)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 2: “Ghanna” is not a member State or territory we know; give its ISO code or name. Did you mean “Ghana”?"
    ]


def test_an_excel_upload_answers_a_misspelt_place_with_the_closest_names_on_its_row(db):
    indicator = indicator_with_criteria()
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    sheet.append(["Member State or territory", "What changed", "Evidence", "Criteria met", "Links", "Version"])
    sheet.append(["Cote d\u2019Ivoire", "A law was adopted.", "", "1, 2", "", None])
    sheet.append(["Ghanna", "A law was adopted.", "", "1, 2", "", None])
    content = BytesIO()
    book.save(content)

    plan = result_upload_plan(user=officer(), indicator=indicator, biennium=biennium(), content=content.getvalue())

    assert plan.error_messages == [
        "Row 3: “Ghanna” is not a member State or territory known here; use the spelling in the Places sheet. "
        "Did you mean “Ghana”?"
    ]


def test_an_evaluation_summary_answers_a_misspelt_case_study_with_the_closest_names(db):
    text = SEED_001.read_text(encoding="utf-8").replace("Cyprus, Ghana,", "Cyprus, Ghanna,")

    with pytest.raises(ImportRejected) as rejected:
        evaluation_summary_import(text=text)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 75: “Ghanna” is not a known member State or territory. Did you mean “Ghana”?"
    ]


def test_the_places_of_an_entry_form_name_each_unknown_one_with_the_closest_names(db):
    with pytest.raises(ValidationError) as refused:
        PlacesField().clean("Ghana\nGhanna\nAtlantis\nSwaziland")

    assert refused.value.messages == [
        "Not a known member State or territory: Ghanna (did you mean “Ghana”?); Atlantis. "
        "Write one place per line, as published."
    ]
