"""The annex "results by indicator": per indicator and region, country, CPO code and title, criteria met, result."""

import io

import docx
import pytest

from indicators.models import Result
from indicators.services.programmes import programme_outcome_save
from reports.builders import ReportDocument
from reports.builders.excel import build as build_excel
from reports.builders.pdf import build as build_pdf
from reports.builders.web import build as build_web
from reports.builders.word import build as build_word
from reports.selectors import report_content
from tests.factories import place
from tests.html import html_text
from tests.reports.readers import pdf_pages, word_tables, workbook

GHANA_ROW = [
    "Ghana",
    "GHA101",
    "Social protection floor extended",
    "1, 2",
    "A national social protection policy was adopted.",
]


@pytest.fixture
def document(seed_000_report) -> ReportDocument:
    cpo = programme_outcome_save(
        user=None, place=place("Ghana"), code="GHA101", title="Social protection floor extended"
    )
    Result.objects.filter(place__iso3="GHA", indicator__code="4.2").update(
        programme_outcome=cpo, criteria_met=[1, 2], description="A national social protection policy was adopted."
    )
    Result.objects.create(
        indicator=Result.objects.get(place__iso3="GHA", indicator__code="4.2").indicator,
        biennium=seed_000_report,
        place=place("Iceland"),
        status=Result.Status.DRAFT,
        description="DRAFT-NOT-IN-ANNEX",
    )
    content = report_content(biennium=seed_000_report)
    return ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)


def test_the_web_page_lists_each_indicators_validated_results_by_region(document):
    page = build_web(document).decode()

    assert "Annex: results by indicator" in html_text(page, "annex-results")
    africa = next(
        table
        for table in _tables_after(page, "annex-indicator-4.2")
        if table[0] == ["Country", "CPO code", "CPO title", "Criteria met", "Result"]
    )
    assert GHANA_ROW in africa
    assert len(africa) == 1 + 8  # the header and Africa's eight places under 4.2
    assert "DRAFT-NOT-IN-ANNEX" not in page


def _tables_after(page: str, element_id: str) -> list[list[list[str]]]:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page)
    heading = root.get_element_by_id(element_id)
    tables = []
    for sibling in heading.itersiblings():
        if sibling.tag == "h3":
            break
        if sibling.tag == "table":
            tables.append(
                [[" ".join(c.text_content().split()) for c in row.xpath("./th|./td")] for row in sibling.iter("tr")]
            )
    return tables


def test_the_word_excel_and_pdf_carry_the_same_annex(document):
    word = [table for table in word_tables(build_word(document)) if table[0][0] == "Country"]
    book = workbook(build_excel(document))
    sheet = [list(row) for row in book["Results by indicator"].iter_rows(values_only=True)]
    pdf = "\n".join(pdf_pages(build_pdf(document)))

    assert any(GHANA_ROW in table for table in word)
    assert sheet[1] == ["Indicators", "Region", "Country", "CPO code", "CPO title", "Criteria met", "Result"]
    ghana = [row for row in sheet if row[2] == "Ghana" and row[0].startswith("Indicator 4.2")]
    assert [row[1:] for row in ghana] == [["Africa", *GHANA_ROW]]
    assert "Annex: results by indicator" in pdf
    assert "GHA101" in pdf
    assert len(sheet) == 2 + 11 + 25 + 17  # heading, header, and one row per validated result of 4.1, 4.2, 4.3


def test_the_word_annex_written_as_xml_keeps_markup_line_breaks_and_spaces_and_drops_what_xml_cannot_hold(
    seed_000_report,
):
    Result.objects.filter(place__iso3="GHA", indicator__code="4.2").update(
        description='  <b>Policy</b> & "floor"\nadopted\x0b in 2026 ]]>', criteria_met=[1]
    )
    content = report_content(biennium=seed_000_report)
    data = build_word(
        ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)
    )

    ghana = [row for table in word_tables(data) if table[0][0] == "Country" for row in table if row[0] == "Ghana"]
    assert ["Ghana", "—", "—", "1", '  <b>Policy</b> & "floor"\nadopted in 2026 ]]>'] in ghana
    document = docx.Document(io.BytesIO(data))
    annex = next(table for table in document.tables if table.rows[0].cells[0].text == "Country")
    assert annex.style.name == "Table Grid"
    assert [cell.width for cell in annex.rows[1].cells] == [column.width for column in annex.columns]
    assert annex.rows[0].cells[0].paragraphs[0].runs[0].bold
