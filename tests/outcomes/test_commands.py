import pytest
from django.core.management import CommandError, call_command

from outcomes.models import OutcomeNarrative
from rbm.parsers import ImportRejected


def test_import_narrative_reports_every_problem_with_its_line_and_saves_nothing(seed_000_imported, tmp_path, capsys):
    path = tmp_path / "narrative.txt"
    path.write_text(
        "Outcome 4: More people have access to social security.\nSignificant outputs\t\nMystery\t<p>x</p>\n"
    )

    with pytest.raises(CommandError) as refused:
        call_command("import_narrative", str(path), biennium="2014-15")

    assert str(refused.value) == "The narrative was not imported: 2 problem(s) found; nothing was saved."
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: line 1: No narrative section headings (“How the strategy delivered …”) were found.",
        f"{path}: line 3: “Mystery” is not a category of significant outputs (expected one of: Knowledge "
        "generation and management, Upstream policy advice, Capacity development, Strategic normative support).",
    ]
    assert OutcomeNarrative.objects.count() == 0


def test_import_narrative_refuses_a_file_it_cannot_read(db, tmp_path):
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError) as refused:
        call_command("import_narrative", str(missing), biennium="2014-15")

    assert str(refused.value) == f"{missing} could not be read: No such file or directory"


def test_a_rejected_narrative_import_is_the_shared_import_rejection(seed_000_imported):
    from outcomes.services import outcome_narrative_import

    with pytest.raises(ImportRejected) as refused:
        outcome_narrative_import(text="No headings at all.\n", biennium=seed_000_imported)

    assert [str(problem) for problem in refused.value.problems] == [
        "line 1: No “Outcome N: statement” line was found.",
        "line 1: No narrative section headings (“How the strategy delivered …”) were found.",
    ]
