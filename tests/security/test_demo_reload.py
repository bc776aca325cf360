"""Point 13: loading the demo data again (`make run`) creates what is missing and never overwrites a change
made since in the browser: a manager's narrative, a validated result reopened, an edited evaluation, a
demo account's new password."""

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from evaluations.models import Evaluation
from indicators.models import Result
from indicators.services import result_reopen
from outcomes.models import Biennium, Outcome, OutcomeNarrative
from outcomes.services import outcome_narrative_update
from tests.factories import biennium_closed

EDITED_FOCUS = "The manager's own account of the areas of focus, typed in the browser."


def manager_edits_the_narrative() -> OutcomeNarrative:
    manager = get_user_model().objects.get(username="manager")
    narrative = OutcomeNarrative.objects.get(biennium__start_year=2014, outcome__number="4")
    outcome_narrative_update(
        user=manager,
        outcome=narrative.outcome,
        biennium=narrative.biennium,
        sections={"areas_of_focus": EDITED_FOCUS, "support_to_constituents": narrative.support_to_constituents},
        outputs={},
        expected_updated_at=narrative.updated_at,
    )
    return OutcomeNarrative.objects.get(pk=narrative.pk)


def test_loading_the_demo_again_keeps_every_change_made_since(db, capsys):
    call_command("load_demo")
    edited = manager_edits_the_narrative()
    manager = get_user_model().objects.get(username="manager")
    ghana = Result.objects.get(indicator__code="4.2", place__name="Ghana", biennium__start_year=2014)
    result_reopen(user=manager, result=ghana, reason="The evidence is being checked again.")
    Evaluation.objects.filter(symbol="GB.309/PFA/5/4").update(title="Retitled by an officer")
    manager.set_password("a-new-password-9")
    manager.save()
    capsys.readouterr()

    call_command("load_demo")

    output = capsys.readouterr().out
    narrative = OutcomeNarrative.objects.get(pk=edited.pk)
    assert (narrative.areas_of_focus, narrative.updated_by, narrative.updated_at) == (
        EDITED_FOCUS,
        manager,
        edited.updated_at,
    )
    assert narrative.outputs.count() == 0
    assert Result.objects.get(pk=ghana.pk).status == "returned"
    assert Evaluation.objects.get(symbol="GB.309/PFA/5/4").title == "Retitled by an officer"
    # A request, as django-axes asks of every authentication.
    assert authenticate(RequestFactory().post("/"), username="manager", password="a-new-password-9") == manager
    assert authenticate(RequestFactory().post("/"), username="manager", password="rbm-demo") is None
    assert "Seed 000: the narrative of Outcome 4 in 2014-15: already loaded; kept as it is" in output
    assert "Demo accounts kept as they are: officer, officer-americas, manager, viewer, admin" in output
    assert output.splitlines()[-1] == "Demo data loaded."


def test_loading_the_demo_again_creates_what_is_missing(db, capsys):
    call_command("load_demo", "--no-accounts")
    OutcomeNarrative.objects.all().delete()
    get_user_model().objects.filter(username="viewer").delete()
    capsys.readouterr()

    call_command("load_demo")

    output = capsys.readouterr().out
    narrative = OutcomeNarrative.objects.get(biennium__start_year=2014, outcome__number="4")
    assert narrative.outputs.count() == 8
    assert "Demo accounts (password 'rbm-demo', demo only): officer, officer-americas, manager, viewer, admin" in output
    assert Result.objects.filter(biennium__start_year=2014, status="validated").count() == 53
    assert Outcome.objects.filter(number="4", framework__biennia__start_year=2014).count() == 1


def test_loading_the_demo_again_after_its_biennium_was_closed_changes_nothing_and_succeeds(db, capsys):
    call_command("load_demo")
    manager = get_user_model().objects.get(username="manager")
    biennium_closed(user=manager, biennium=Biennium.objects.get(start_year=2014), reason="Reported")
    OutcomeNarrative.objects.all().delete()
    capsys.readouterr()

    call_command("load_demo")

    output = capsys.readouterr().out
    assert "Seed 000: the narrative of Outcome 4 in 2014-15: not loaded, the biennium 2014-15 is closed." in output
    assert not OutcomeNarrative.objects.exists()
    assert output.splitlines()[-1] == "Demo data loaded."
