"""Point 11: the administration is not a back door around the workflow.

Results, biennia, narratives, evaluations and their follow-up are read-only in /admin/ (they change through
the pages and the API, whose services keep the rules, locks, reasons and history); simple-history's revert
form is refused too. Framework data and a biennium's targets stay editable there, but not once a biennium
they belong to is closed.
"""

import pytest
from django.forms.models import model_to_dict

from accounts.models import Role
from evaluations.models import FollowUpAction
from indicators.models import Result, Target
from outcomes.models import Biennium, Outcome
from tests.evaluations.factories import FollowUpActionFactory
from tests.factories import (
    IndicatorFactory,
    OutcomeFactory,
    ResultFactory,
    TargetFactory,
    biennium_closed,
    place,
    user_with_role,
)
from tests.outcomes.factories import seed_000_narrative

CLOSED_2014_15 = "The biennium 2014-15 is closed; nothing in it can change."


@pytest.fixture
def administrator(db):
    user = user_with_role(Role.ADMINISTRATOR, username="ada")
    user.is_staff = user.is_superuser = True  # as `load_demo` and `createsuperuser` make them
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def closed_2014_15(db):
    biennium = Biennium.objects.get(start_year=2014)
    biennium_closed(user=user_with_role(Role.MANAGER, username="maria"), biennium=biennium, reason="Reported")
    return biennium


def form_data(instance, **changes) -> dict:
    """What the admin's change form would post for the instance, with some fields changed."""
    values = {**model_to_dict(instance), **changes}
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def test_an_administrator_cannot_turn_a_validated_result_of_a_closed_biennium_into_a_draft(
    admin_client, closed_2014_15
):
    indicator = IndicatorFactory(outcome=OutcomeFactory(number="4"), code="4.1")
    result = ResultFactory(indicator=indicator, place=place("Ghana"), status=Result.Status.VALIDATED)
    url = f"/admin/indicators/result/{result.pk}/change/"

    shown = admin_client.get(url)
    changed = admin_client.post(url, form_data(result, status="draft", description="Rewritten"))
    reverted = admin_client.post(
        f"/admin/indicators/result/{result.pk}/history/{result.history.earliest().history_id}/",
        form_data(result, status="draft"),
    )
    deleted = admin_client.post(f"/admin/indicators/result/{result.pk}/delete/", {"post": "yes"})
    added = admin_client.get("/admin/indicators/result/add/")

    result.refresh_from_db()
    assert shown.status_code == 200
    assert 'name="status"' not in shown.content.decode()
    assert [changed.status_code, reverted.status_code, deleted.status_code, added.status_code] == [403, 403, 403, 403]
    assert (result.status, result.version, result.description) == ("validated", 1, ResultFactory.description)


def test_a_draft_result_of_an_open_biennium_is_read_only_in_the_admin_too(admin_client):
    indicator = IndicatorFactory(outcome=OutcomeFactory(number="4"), code="4.1")
    result = ResultFactory(indicator=indicator, place=place("Ghana"), status=Result.Status.DRAFT)

    changed = admin_client.post(f"/admin/indicators/result/{result.pk}/change/", form_data(result, status="validated"))

    result.refresh_from_db()
    assert changed.status_code == 403
    assert result.status == "draft"


def test_a_closed_biennium_cannot_be_reopened_in_the_admin(admin_client, closed_2014_15):
    url = f"/admin/outcomes/biennium/{closed_2014_15.pk}/change/"

    reopened = admin_client.post(url, form_data(closed_2014_15, is_closed=False))

    closed_2014_15.refresh_from_db()
    assert reopened.status_code == 403
    assert closed_2014_15.is_closed is True
    assert closed_2014_15.status_changes.count() == 1


def test_framework_data_is_frozen_in_the_admin_once_a_biennium_of_it_is_closed(admin_client, closed_2014_15):
    frozen = OutcomeFactory(number="4", statement="More people have access to social protection benefits.")
    later = Biennium.objects.get(start_year=2018)
    open_outcome = OutcomeFactory(framework=later.framework, number="8", statement="Protection of workers.")

    refused = admin_client.post(
        f"/admin/outcomes/outcome/{frozen.pk}/change/", form_data(frozen, statement="Rewritten")
    )
    added = admin_client.post(
        "/admin/outcomes/outcome/add/",
        {"framework": closed_2014_15.framework_id, "number": "20", "statement": "New", "position": 20},
    )
    accepted = admin_client.post(
        f"/admin/outcomes/outcome/{open_outcome.pk}/change/", form_data(open_outcome, statement="Protection of all")
    )

    frozen.refresh_from_db()
    open_outcome.refresh_from_db()
    assert refused.status_code == 403
    assert frozen.statement == "More people have access to social protection benefits."
    assert added.status_code == 200
    assert CLOSED_2014_15 in added.content.decode()
    assert not Outcome.objects.filter(number="20").exists()
    assert accepted.status_code == 302
    assert open_outcome.statement == "Protection of all"


def test_targets_are_editable_in_the_admin_only_while_their_biennium_is_open(admin_client, closed_2014_15):
    indicator = IndicatorFactory(outcome=OutcomeFactory(number="4"), code="4.1")
    closed_target = TargetFactory(indicator=indicator, value=10)
    later = Biennium.objects.get(start_year=2018)
    open_indicator = IndicatorFactory(framework=later.framework, outcome=OutcomeFactory(framework=later.framework))
    open_target = TargetFactory(indicator=open_indicator, biennium=later, value=5)

    refused = admin_client.post(
        f"/admin/indicators/target/{closed_target.pk}/change/", form_data(closed_target, value=99)
    )
    accepted = admin_client.post(f"/admin/indicators/target/{open_target.pk}/change/", form_data(open_target, value=6))

    assert refused.status_code == 403
    assert Target.objects.get(pk=closed_target.pk).value == 10
    assert accepted.status_code == 302
    assert Target.objects.get(pk=open_target.pk).value == 6


def test_narratives_and_follow_up_actions_are_read_only_in_the_admin(admin_client, biennium_2014_15, seed_000_text):
    from indicators.services import results_table_import

    results_table_import(text=seed_000_text, biennium=biennium_2014_15)
    narrative = seed_000_narrative(biennium_2014_15)
    action = FollowUpActionFactory(status=FollowUpAction.Status.NOT_STARTED)

    narrative_post = admin_client.post(
        f"/admin/outcomes/outcomenarrative/{narrative.pk}/change/", form_data(narrative, areas_of_focus="Rewritten")
    )
    action_post = admin_client.post(
        f"/admin/evaluations/followupaction/{action.pk}/change/", form_data(action, status="completed")
    )
    action_page = admin_client.get(f"/admin/evaluations/followupaction/{action.pk}/change/")

    action.refresh_from_db()
    assert [narrative_post.status_code, action_post.status_code, action_page.status_code] == [403, 403, 200]
    assert action.status == "not_started"
