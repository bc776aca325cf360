"""The report at scale: entities listed once per place with their number, the PDF laid out part by part and
joined, the workbook written row by row; what each format prints stays what the content holds."""

import re

import pytest

from indicators.models import Indicator, Result
from reports.builders import ReportDocument, labels
from reports.builders.excel import build as build_excel
from reports.builders.pdf import build as build_pdf
from reports.builders.pdf import parts
from reports.builders.web import build as build_web
from reports.builders.web import context
from reports.builders.word import build as build_word
from reports.selectors import report_content
from tests.factories import place
from tests.html import html_element
from tests.reports.readers import pdf_pages, word_paragraphs, word_tables, workbook


def _document(biennium) -> ReportDocument:
    content = report_content(biennium=biennium)
    return ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)


@pytest.fixture
def entities_report(seed_000_report):
    """Seed 000 with indicator 4.2 counting entities: Ghana's result a named entity, and two more in Ghana."""
    ghana = Result.objects.get(place__iso3="GHA", indicator__code="4.2")
    Indicator.objects.filter(pk=ghana.indicator_id).update(unit_kind=Indicator.UnitKind.ENTITIES)
    Result.objects.filter(indicator=ghana.indicator).update(entity_name="Union")
    for name in ("Federation", "Congress"):
        Result.objects.create(
            indicator=ghana.indicator,
            biennium=seed_000_report,
            place=place("Ghana"),
            status=Result.Status.VALIDATED,
            entity_name=name,
            description=f"{name} organized.",
        )
    return seed_000_report


def _indicator(data, code: str) -> dict:
    return next(item for outcome in data["outcomes"] for item in outcome["indicators"] if item["code"] == code)


def test_an_entities_indicator_lists_each_place_once_with_the_number_of_its_entities(entities_report):
    document = _document(entities_report)
    africa = _indicator(document.data, "4.2")["places"]["Africa"]

    assert {"name": "Ghana", "territory": False, "entities": 3} in africa
    assert [entry["name"] for entry in africa].count("Ghana") == 1
    assert all(entry["entities"] == 1 for entry in africa if entry["name"] != "Ghana")
    cells = html_element(build_web(document).decode(), "indicator-4.2").xpath(".//span[@class='place']")
    assert "Ghana (3)" in [cell.text_content() for cell in cells]
    # The annex still names every entity: one row per result.
    annex = _indicator(document.data, "4.2")["results"]["Africa"]
    assert sorted(row["place"] for row in annex if row["result"].endswith("organized.")) == ["Congress", "Federation"]


def test_an_indicator_counting_places_keeps_its_entries_and_the_content_its_hash(seed_000_report):
    document = _document(seed_000_report)
    places = [
        entry
        for outcome in document.data["outcomes"]
        for i in outcome["indicators"]
        for entries in i["places"].values()
        for entry in entries
    ]

    assert places and all(set(entry) == {"name", "territory"} for entry in places)
    assert report_content(biennium=seed_000_report).content_hash == document.content_hash


def test_a_stored_edition_listing_one_entry_per_entity_still_prints():
    assert labels.place_name({"name": "Acme Union", "territory": False}) == "Acme Union"
    assert labels.place_name({"name": "Aruba", "territory": True, "entities": 2}) == "Aruba* (2)"


def test_the_pdf_built_in_parts_has_every_parts_pages_in_order_numbered_of_the_total(seed_000_report):
    document = _document(seed_000_report)
    base = context(document, results_annex=False)
    every = list(parts(document, base))
    pages = pdf_pages(build_pdf(document))

    # front matter, each outcome, the recommendations annex, each outcome's results, the check sheet
    assert len(every) == 1 + 2 * len(document.data["outcomes"]) + 2
    assert [re.search(r"Page (\d+) of (\d+)", page).groups() for page in pages] == [
        (str(number), str(len(pages))) for number in range(1, len(pages) + 1)
    ]
    # Each part starts a page of its own, in the document's order: each heading is found after the last one.
    start = 0
    for text in (
        "Summary: targets met and not met",
        *(labels.outcome_heading(outcome)[:30] for outcome in document.data["outcomes"]),
        "Annex: evaluation recommendations",
        "Annex: results by indicator",
        "Check sheet: derived figures",
    ):
        start = next(index for index in range(start, len(pages)) if text in pages[index]) + 1
    assert "Check sheet: derived figures" in pages[-1] or "Check sheet: derived figures" in pages[-2]


def test_the_workbook_written_row_by_row_has_one_annex_row_per_result_as_the_content_holds(seed_000_report):
    document = _document(seed_000_report)
    sheet = [list(row) for row in workbook(build_excel(document))["Results by indicator"].iter_rows(values_only=True)]

    expected = [
        [indicator["heading"], region, *row]
        for indicator in labels.results_annex(document.data)
        for region, rows in indicator["regions"]
        for row in rows
    ]
    assert sheet[2:] == expected


def test_the_word_annex_streamed_into_the_document_holds_every_result_in_order(seed_000_report):
    document = _document(seed_000_report)
    data = build_word(document)
    tables = [table[1:] for table in word_tables(data) if table[0] == labels.results_annex_columns()]

    expected = [rows for indicator in labels.results_annex(document.data) for _region, rows in indicator["regions"]]
    assert tables == expected
    assert not any(paragraph.startswith("rbm-results-annex") for paragraph in word_paragraphs(data))
    assert build_word(document) == data  # the same data, the same bytes
