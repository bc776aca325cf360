from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import Evaluation
from tests.conftest import SEED_001, SEED_002


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_evaluation_reports_what_it_created_then_that_nothing_changed(db):
    first, _ = run("import_evaluation", str(SEED_001), "--outcome", "4")
    second, _ = run("import_evaluation", str(SEED_001), "--outcome", "4")

    assert "recommendations: 12 created, 0 updated, 0 removed, 0 unchanged" in first
    assert "next steps: 11 created, 0 updated, 0 removed, 0 unchanged" in first
    assert "Outcome 4 of the framework in force in 2010 is not recorded yet" in first
    assert second.splitlines()[-1] == "Nothing to change."


def test_import_evaluation_lists_every_problem_with_its_line_and_saves_nothing(db, tmp_path):
    broken = tmp_path / "summary.txt"
    broken.write_text(SEED_001.read_text(encoding="utf-8").replace("Cyprus, Ghana,", "Cyprus, Atlantis, Ghana,"))

    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_evaluation", str(broken), stdout=StringIO(), stderr=err)

    assert str(failed.value) == "The document was not imported: 2 problem(s) found; nothing was saved."
    assert err.getvalue().splitlines() == [
        f"{broken}: line 67: The text announces eleven case studies but names 12 places.",
        f"{broken}: line 75: “Atlantis” is not a known member State or territory.",
    ]
    assert Evaluation.objects.count() == 0


def test_import_evaluation_explains_a_missing_file(db):
    with pytest.raises(CommandError) as failed:
        call_command("import_evaluation", "/no/such/summary.txt")

    assert str(failed.value) == "/no/such/summary.txt could not be read: No such file or directory"


def test_import_synthesis_annex_imports_the_24_reports(db):
    out, _ = run("import_synthesis_annex", str(SEED_002))

    assert "reports covered: 24 created, 0 updated, 0 removed, 0 unchanged" in out
    assert Evaluation.objects.filter(coverage_in__report_number__in=["E2", "I-4"]).count() == 2
