"""The note beside an entities figure in the report: the total as published, the countries listed, the
entities not named; beside the published table (never in it) and not in the check sheet of discrepancies."""

import pytest

from reports.builders import ReportDocument
from reports.builders.excel import build as build_excel
from reports.builders.web import build as build_web
from reports.builders.word import build as build_word
from reports.selectors import report_content
from tests.html import html_element
from tests.indicators.test_entities_table import FIXTURE, NOTE_10_1
from tests.reports.readers import excel_indicator_rows, word_indicator_rows, word_paragraphs, workbook

NOTE_10_2 = "8 workers' organizations published; 8 countries listed; workers' organizations not named"


@pytest.fixture
def entities_document(biennium_2014_15, annex) -> ReportDocument:
    from indicators.services import results_table_import

    results_table_import(text=FIXTURE.read_text(encoding="utf-8"), biennium=biennium_2014_15, source=FIXTURE.name)
    content = report_content(biennium=biennium_2014_15)
    return ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)


def test_the_report_notes_the_entities_published_beside_the_table_never_in_it(entities_document):
    # web (and PDF, which prints it)
    page = build_web(entities_document).decode()
    assert NOTE_10_1 not in html_element(page, "indicator-10.1").text_content()
    notes = html_element(page, "figure-notes-10")
    assert [" ".join(p.text_content().split()) for p in notes.iter("p")] == [
        f"Indicator 10.1: {NOTE_10_1}",
        f"Indicator 10.2: {NOTE_10_2}",
    ]
    assert "10.1" not in html_element(page, "reconciliation").text_content()
    # Word
    data = build_word(entities_document)
    assert all(NOTE_10_1 not in cell for cell in word_indicator_rows(data)["10.1"])
    paragraphs = word_paragraphs(data)
    start = paragraphs.index("Notes on the published figures")
    assert paragraphs[start + 1 : start + 3] == [f"Indicator 10.1: {NOTE_10_1}", f"Indicator 10.2: {NOTE_10_2}"]
    # Excel
    book = workbook(build_excel(entities_document))
    sheet = book["Outcome 10"]
    assert all(NOTE_10_1 not in str(cell) for cell in excel_indicator_rows(sheet)["10.1"])
    rows = [row[:2] for row in sheet.iter_rows(values_only=True)]
    start = rows.index(("Notes on the published figures", None))
    assert rows[start + 1 : start + 3] == [("10.1", NOTE_10_1), ("10.2", NOTE_10_2)]


def test_the_report_data_carries_the_note_only_for_entities_figures(entities_document, seed_000_imported):
    content = report_content(biennium=seed_000_imported)
    indicators = {item["code"]: item for outcome in content.data["outcomes"] for item in outcome["indicators"]}

    assert indicators["10.1"]["entities"] == {
        "published": 38,
        "places": 36,
        "named": 0,
        "unit_singular": "workers' organization",
    }
    assert [code for code, item in indicators.items() if "entities" in item] == ["10.1", "10.2"]
