from django.contrib.auth import get_user_model
from django.core.management import call_command

from evaluations.models import Evaluation
from outcomes.models import OutcomeNarrative, SignificantOutput
from tests.conftest import SEED_000


def test_load_demo_loads_the_seed_000_narrative_and_is_safe_to_run_again(db, capsys):
    call_command("load_demo")
    call_command("load_demo")

    output = capsys.readouterr().out
    assert OutcomeNarrative.objects.get().source == SEED_000.name
    assert SignificantOutput.objects.count() == 8
    assert output.count("narrative: created; outputs: 8 created, 0 updated, 0 deleted") == 1
    assert output.count("Seed 000: the narrative of Outcome 4 in 2014-15: already loaded; kept as it is") == 1


def test_load_demo_without_accounts_loads_the_seeds_and_creates_no_user(db, capsys):
    call_command("load_demo", "--no-accounts")

    output = capsys.readouterr().out
    assert get_user_model().objects.count() == 0
    assert "Demo accounts" not in output
    assert output.splitlines()[-1] == "Demo data loaded."
    # Seed 001, the synthesis review of seed 002 and the 24 evaluation reports of its annex.
    assert (OutcomeNarrative.objects.count(), Evaluation.objects.count()) == (1, 26)
    assert Evaluation.objects.filter(kind=Evaluation.Kind.SYNTHESIS).count() == 1


def test_load_demo_loads_the_plan_of_action_and_its_revision(db, capsys):
    from plans.models import Means, Plan, Revision

    call_command("load_demo", "--no-accounts")
    call_command("load_demo", "--no-accounts")
    plan = Plan.objects.get(symbol="GB.312/POL/2")
    assert list(Revision.objects.values_list("symbol", flat=True)) == ["GB.312/POL/2", "GB.316/INS/5/1"]
    assert Means.objects.filter(activity__category__revision__plan=plan).count() == 2 * 29
    assert plan.outcome.number == "4"
