import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportJob
from reports.selectors import report_content
from tests.reports.conftest import SEED_000_TABLE
from tests.reports.readers import excel_indicator_rows, workbook


def test_build_report_writes_the_files_synchronously_and_prints_the_hash(seed_000_report, annex, tmp_path, capsys):
    call_command("build_report", biennium="2014-15", format="html,xlsx", out=str(tmp_path / "out"))

    output = capsys.readouterr().out
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == ["implementation-report-2014-15-outcome-4.html", "implementation-report-2014-15-outcome-4.xlsx"]
    rows = excel_indicator_rows(workbook((tmp_path / "out" / names[1]).read_bytes())["Outcome 4"])
    assert rows["4.2"][1] == SEED_000_TABLE["4.2"]["target"]
    assert output.splitlines()[-1] == f"content hash {report_content(biennium=seed_000_report).content_hash}"
    assert ReportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"biennium": "1999-2000"}, "There is no biennium 1999-2000."),
        ({"biennium": "2014-15", "outcome": ["4", "12"]}, "No outcome 12 in 2014-15."),
        (
            {"biennium": "2014-15", "format": "pdf,odt"},
            "“odt” is not a report format; choose among: html, docx, xlsx, pdf.",
        ),
    ],
)
def test_build_report_explains_bad_arguments(seed_000_report, tmp_path, options, message):
    with pytest.raises(CommandError) as refused:
        call_command("build_report", out=str(tmp_path), **options)

    assert str(refused.value) == message
