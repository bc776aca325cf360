import pytest
import time_machine
from openpyxl.utils import get_column_letter

from reports.builders import ReportDocument
from reports.builders.excel import build as build_excel
from reports.builders.pdf import build as build_pdf
from reports.builders.web import build as build_web
from reports.builders.word import build as build_word
from reports.selectors import report_content
from tests.html import html_element
from tests.reports.conftest import REGIONS, SEED_000_TABLE, recommendation
from tests.reports.readers import (
    excel_indicator_rows,
    pdf_pages,
    word_indicator_rows,
    word_paragraphs,
    word_tables,
    workbook,
)


@pytest.fixture
def document(seed_000_report, annex) -> ReportDocument:
    annex.set({"4": [recommendation()]})
    content = report_content(biennium=seed_000_report)
    return ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)


def test_the_word_table_holds_seed_000s_targets_labels_and_countries_exactly(document):
    rows = word_indicator_rows(build_word(document))

    assert sorted(rows) == ["4.1", "4.2", "4.3"]
    for code, expected in SEED_000_TABLE.items():
        _statement, target, total, *regions = rows[code]
        assert target == expected["target"]
        assert total.split("\n")[:2] == [expected["label"], "target met"]
        assert [cell.split("\n") if cell else [] for cell in regions] == [expected["places"][name] for name in REGIONS]


def test_the_word_document_has_headings_narrative_outputs_and_annex(document):
    data = build_word(document)
    paragraphs = word_paragraphs(data)
    tables = word_tables(data)

    assert paragraphs[0] == "Programme implementation report 2014-15"
    assert (
        "Outcome 4: More people have access to better managed and more gender-equitable social security benefits."
        in paragraphs
    )
    assert "How the strategy helped to address gender equality and non-discrimination" in paragraphs
    assert "* Territory, not a member State." in paragraphs
    header, *summary = tables[0]
    assert header == ["Outcome", "Indicators", "Targets met", "Targets not met", "No target"]
    assert summary[-1] == ["Total", "3", "3", "0", "0"]
    outputs = next(table for table in tables if table[0][0] == "Significant outputs")
    assert [row[0] for row in outputs[1:]] == [
        "Knowledge generation and management",
        "Upstream policy advice",
        "Capacity development",
        "Strategic normative support",
    ]
    assert outputs[3][1].split("\n")[1].startswith("Social protection: assessment-based national dialogue guide.")
    annex_rows = next(table for table in tables if table[0][0] == "Evaluation")
    assert annex_rows[0] == ["Evaluation", "No.", "Recommendation", "Office's stance", "Follow-up"]
    assert annex_rows[1] == [
        "Independent evaluation of the ILO's strategy to extend social security coverage (GB.309/PFA/5/4, 2010-11-01)",
        "1",
        "Develop a coherent strategy for the extension of social security.",
        "accepted",
        "overdue; 1 of 3 actions completed",
    ]


def test_the_excel_workbook_has_a_summary_a_sheet_per_outcome_and_a_data_sheet(document):
    book = workbook(build_excel(document))

    assert book.sheetnames == ["Summary", "Outcome 4", "Results by indicator", "Data", "Check sheet"]
    rows = excel_indicator_rows(book["Outcome 4"])
    for code, expected in SEED_000_TABLE.items():
        _statement, target, total, *regions = rows[code]
        assert target == expected["target"]
        assert total.split("\n")[0] == expected["label"]
        assert [cell.split("\n") if cell else [] for cell in regions] == [expected["places"][name] for name in REGIONS]
    data = list(book["Data"].iter_rows(values_only=True))
    assert data[0][:3] == ("Biennium", "Outcome", "Indicator")
    assert len(data) == 1 + 11 + 25 + 17
    territory_rows = [(row[2], row[9], row[10], row[11]) for row in data if row[11] == "yes"]
    assert territory_rows == [
        ("4.2", "Arab States", "Occupied Palestinian Territory", "yes"),
        ("4.3", "Arab States", "Occupied Palestinian Territory", "yes"),
    ]


def test_the_excel_workbook_keeps_its_layout_heading_cells_merged_the_data_sheet_frozen_and_filtered(document):
    book = workbook(build_excel(document))

    outcome = book["Outcome 4"]
    merged = {str(cells) for cells in outcome.merged_cells.ranges}
    last = get_column_letter(3 + len(REGIONS))
    assert merged == {"A3:A4", "B3:B4", f"C3:{last}3"}
    assert [outcome.cell(row=3, column=column).value for column in (1, 2, 3)] == [
        "Indicators",
        "2014-15 targets",
        "2014-15 results",
    ]
    assert outcome["A3"].font.bold and outcome["A3"].fill.fgColor.rgb.endswith("E8ECF3")
    assert outcome["A3"].alignment.wrap_text
    assert outcome.cell(row=4, column=3).value == "Total No."
    data = book["Data"]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:L{data.max_row}"
    assert book["Summary"].column_dimensions["A"].width > 70
    assert book.properties.creator == "RBM"
    assert book.properties.subject == document.content_hash


def test_the_pdf_has_the_same_text_and_numbered_pages(document):
    pages = pdf_pages(build_pdf(document))
    text = " ".join(" ".join(page.split()) for page in pages)

    assert pages[0].count("Page 1 of") == 1
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    for expected in SEED_000_TABLE.values():
        assert expected["target"] in text
        assert expected["label"] in text
        for places in expected["places"].values():
            for name in places:
                assert name in text
    assert "How the strategy delivered support to constituents" in text
    assert "Annex: evaluation recommendations linked to the outcomes" in text


def test_the_web_page_lists_each_regions_places_in_alphabetical_order(document):
    html = build_web(document).decode()

    for code, expected in SEED_000_TABLE.items():
        cells = html_element(html, f"indicator-{code}").xpath('./td[@class="places"]')
        assert {
            cell.get("data-region"): [place.text for place in cell.xpath('./span[@class="place"]')] for cell in cells
        } == expected["places"]
    assert "Content hash (SHA-256): " + document.content_hash in html


def test_the_same_data_read_at_the_same_time_gives_the_same_bytes_in_every_format(document):
    builds = []
    for moment in ("2026-01-01 10:00", "2026-01-02 11:30"):
        with time_machine.travel(moment, tick=False):
            builds.append([build(document) for build in (build_web, build_word, build_excel, build_pdf)])

    assert builds[0] == builds[1]


@pytest.fixture
def document_off_by_one(seed_000_report, annex) -> ReportDocument:
    """Seed 000 with its published figure for 4.2 counting one member State fewer than the validated results."""
    from indicators.counts_cache import counts_cache_invalidate
    from indicators.models import PublishedFigure

    annex.set({})
    PublishedFigure.objects.filter(indicator__code="4.2", biennium=seed_000_report).update(
        text="23 member States and 1 territory", value=24, member_states=23, territories=1
    )
    counts_cache_invalidate()
    content = report_content(biennium=seed_000_report)
    return ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)


NOTE = "The published figure counts 23 member States; validated results give 24."


def test_the_discrepancy_note_is_in_the_check_sheet_never_in_the_published_tables(document_off_by_one):
    # web (and PDF, which prints it)
    page = build_web(document_off_by_one).decode()
    assert NOTE not in html_element(page, "outcome-4").text_content()
    reconciliation = html_element(page, "reconciliation")
    assert [[" ".join(cell.text_content().split()) for cell in row] for row in reconciliation.iter("tr")][1:] == [
        ["4", "4.2", "24 member States and 1 territory", NOTE]
    ]
    # Word
    data = build_word(document_off_by_one)
    assert all(NOTE not in cell for cell in word_indicator_rows(data)["4.2"])
    assert word_tables(data)[-1] == [
        ["Outcome", "Indicator", "Derived from validated results", "Difference"],
        ["4", "4.2", "24 member States and 1 territory", NOTE],
    ]
    # Excel
    book = workbook(build_excel(document_off_by_one))
    assert all(NOTE not in str(cell) for cell in excel_indicator_rows(book["Outcome 4"])["4.2"])
    assert list(book["Check sheet"].iter_rows(values_only=True))[3:] == [
        ("Outcome", "Indicator", "Derived from validated results", "Difference"),
        ("4", "4.2", "24 member States and 1 territory", NOTE),
    ]


def test_a_report_without_discrepancies_says_so_in_its_check_sheet(document):
    page = build_web(document).decode()

    assert " ".join(html_element(page, "reconciliation").text_content().split()).endswith(
        "Every derived figure agrees with the published one, where one was published."
    )
