"""Information leaks (issue 12, point 12): the results list's Last-Modified moves only with what the
reader can see; the follow-up action API does not tell whether a user name exists."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from evaluations.models import FollowUpAction
from indicators.models import Result
from indicators.services import result_reopen, result_update
from tests.api.conftest import world  # noqa: F401  (the fixture)
from tests.evaluations.factories import FollowUpActionFactory, RecommendationFactory
from tests.factories import region, user_with_role


def _plan(client: Client, url: str, *, owner: str):
    return client.post(url, {"description": "Do", "unit": "SOCPRO", "owner": owner}, content_type="application/json")


def _visible_latest(**filters) -> str:
    return http_date(Result.history.filter(**filters).latest("history_date").history_date.timestamp())


def test_editing_a_draft_the_reader_cannot_see_does_not_move_the_results_last_modified(world):  # noqa: F811
    anonymous = Client()
    first = anonymous.get("/api/v1/results/")
    assert first["Last-Modified"] == _visible_latest(status="validated")

    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        result_update(user=world.users["officer_in_scope"], result=world.draft, version=1, evidence="Decree 7")
    again = anonymous.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_the_officer_whose_scope_holds_the_draft_sees_the_date_move(world):  # noqa: F811
    officer = Client()
    officer.force_login(world.users["officer_in_scope"])
    first = officer.get("/api/v1/results/")

    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        result_update(user=world.users["officer_in_scope"], result=world.draft, version=1, evidence="Decree 7")
        moved = officer.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert moved.status_code == 200
    assert moved["Last-Modified"] == _visible_latest()


def test_a_result_leaving_the_readers_sight_moves_the_date(world):  # noqa: F811
    anonymous = Client()
    first = anonymous.get("/api/v1/results/")

    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        result_reopen(user=world.users["manager"], result=world.validated, reason="Wrong decree")
        moved = anonymous.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    # Later edits of the reopened draft are out of sight again.
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        reopened = Result.objects.get(pk=world.validated.pk)
        result_update(user=world.users["manager"], result=reopened, version=reopened.version, evidence="Decree 8")
    later = anonymous.get("/api/v1/results/")

    assert moved.status_code == 200
    assert moved.json()["results"] == []
    assert later["Last-Modified"] == moved["Last-Modified"]


def test_an_officer_out_of_scope_is_not_told_of_drafts_elsewhere(world):  # noqa: F811
    outsider = Client()
    outsider.force_login(world.users["officer_out_of_scope"])
    first = outsider.get("/api/v1/results/")

    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        result_update(user=world.users["officer_in_scope"], result=world.draft, version=1, evidence="Decree 7")
    again = outsider.get("/api/v1/results/")

    assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "officer_out_of_scope"])
def test_planning_an_action_tells_a_caller_without_the_right_nothing_about_user_names(role):
    recommendation = RecommendationFactory()
    recommendation.evaluation.regions.set([region("africa")])
    user_with_role("officer", username="ama")
    caller = (
        user_with_role("viewer", username="vera")
        if role == "viewer"
        else user_with_role("officer", username="li", regions=[region("asia-pacific")])
    )
    client = Client()
    client.force_login(caller)
    url = f"/api/v1/recommendations/{recommendation.pk}/actions/create/"

    existing = client.post(
        url, {"description": "Do", "unit": "SOCPRO", "owner": "ama"}, content_type="application/json"
    )
    missing = _plan(client, url, owner="zed")

    assert existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()
    assert FollowUpAction.objects.count() == 0


@pytest.mark.django_db
def test_editing_an_action_tells_a_caller_without_the_right_nothing_about_user_names():
    action = FollowUpActionFactory()
    user_with_role("officer", username="ama")
    client = Client()
    client.force_login(user_with_role("viewer", username="vera"))
    url = f"/api/v1/follow-up/actions/{action.pk}/update/"

    existing = client.patch(url, {"owner": "ama"}, content_type="application/json")
    missing = client.patch(url, {"owner": "zed"}, content_type="application/json")

    assert existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()


@pytest.mark.django_db
def test_a_planner_naming_an_unknown_or_inactive_owner_gets_one_and_the_same_message(django_user_model):
    recommendation = RecommendationFactory()
    user_with_role("officer", username="gone")
    django_user_model.objects.filter(username="gone").update(is_active=False)
    client = Client()
    client.force_login(user_with_role("manager", username="kofi"))
    url = f"/api/v1/recommendations/{recommendation.pk}/actions/create/"

    inactive = client.post(
        url, {"description": "Do", "unit": "SOCPRO", "owner": "gone"}, content_type="application/json"
    )
    unknown = _plan(client, url, owner="zed")

    assert inactive.status_code == unknown.status_code == 400
    assert inactive.json() == unknown.json() == {"owner": ["No active user has this user name."]}
