from django.core.management import call_command

from outcomes.models import OutcomeNarrative, SignificantOutput
from tests.conftest import SEED_000


def test_load_demo_loads_the_seed_000_narrative_and_is_safe_to_run_again(db, capsys):
    call_command("load_demo")
    call_command("load_demo")

    output = capsys.readouterr().out
    assert OutcomeNarrative.objects.get().source == SEED_000.name
    assert SignificantOutput.objects.count() == 8
    assert output.count("narrative: created; outputs: 8 created, 0 updated, 0 deleted") == 1
    assert output.count("narrative: 0 section(s) updated; outputs: 0 created, 0 updated, 0 deleted") == 1
