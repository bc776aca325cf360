"""Fewer clicks: save and submit, withdrawing, reviewing several results at once, filtering and sorting lists."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from indicators.models import Result
from indicators.rules import CANNOT_WITHDRAW, SELF_VALIDATION
from indicators.services import result_record, result_submit, result_withdraw
from notifications.models import Notification
from rbm.exceptions import ApplicationError
from tests.factories import biennium, place, region, user_with_role
from tests.html import html_text
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, manager, officer, result_url


@pytest.fixture
def indicator(db):
    return indicator_with_criteria(minimum=1)


@pytest.fixture
def ama(db):
    return officer("ama", "africa")


@pytest.fixture
def kofi(db):
    return manager("kofi", "africa")


def record(user, indicator, name="Ghana", **extra):
    return result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description=extra.pop("description", "A social protection floor was adopted."),
        criteria_met=extra.pop("criteria_met", [1]),
        **extra,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def queue_names(response) -> list[str]:
    return [row["result"].place.name for row in response.context["rows"]]


# --- Save and submit, withdraw ------------------------------------------------------------------


def test_save_and_submit_records_a_result_and_sends_it_to_the_validators_in_one_step(indicator, ama, kofi, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "The law was adopted.", "criteria_met": ["1"], "and_submit": "1"},
    )

    result = Result.objects.get()
    assert response.status_code == 302
    assert response["Location"] == result_url(result)
    assert (result.status, result.version) == (Result.Status.SUBMITTED, 2)
    assert messages_of(response) == [
        "The result for Ghana is submitted; a manager will validate it or return it to you."
    ]
    assert Notification.objects.get(recipient=kofi).kind == Notification.Kind.RESULT_SUBMITTED


def test_save_and_submit_on_the_edit_form_saves_the_changes_and_submits(indicator, ama, client):
    result = record(ama, indicator)
    client.force_login(ama)

    response = client.post(
        result_url(result, "result-update"),
        {
            "place": result.place_id,
            "description": "The law was adopted and published.",
            "criteria_met": ["1", "2"],
            "version": result.version,
            "and_submit": "1",
        },
    )

    result.refresh_from_db()
    assert response.status_code == 302
    assert (result.status, result.description, result.criteria_met) == (
        Result.Status.SUBMITTED,
        "The law was adopted and published.",
        [1, 2],
    )


def test_save_and_submit_with_a_refused_save_submits_nothing(indicator, ama, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "", "and_submit": "1"},
    )

    assert response.status_code == 400
    assert Result.objects.count() == 0


def test_an_officer_withdraws_a_submitted_result_to_change_it(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(ama)
    page = html_text(client.get(result_url(result)))

    response = client.post(result_url(result, "result-withdraw"), {"version": result.version})

    result.refresh_from_db()
    assert "Withdraw from validation" in page
    assert response.status_code == 302
    assert (result.status, result.submitted_at) == (Result.Status.DRAFT, None)
    assert messages_of(response) == ["The result for Ghana is withdrawn from validation and is a draft again."]
    assert result.history.first().history_change_reason == "Withdrawn"


def test_only_a_submitted_result_can_be_withdrawn(indicator, ama):
    draft = record(ama, indicator)

    with pytest.raises(ApplicationError) as refused:
        result_withdraw(user=ama, result=draft)

    assert refused.value.message == CANNOT_WITHDRAW % {"status": "draft"}


def test_a_stale_withdraw_is_refused_with_what_changed(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(ama)

    response = client.post(result_url(result, "result-withdraw"), {"version": result.version - 1})

    result.refresh_from_db()
    assert response.status_code == 409
    assert result.status == Result.Status.SUBMITTED


# --- Bulk review from the queue -------------------------------------------------------------------


def test_a_manager_validates_several_results_from_the_queue_at_once(indicator, ama, kofi, client):
    results = [result_submit(user=ama, result=record(ama, indicator, name=name)) for name in ("Ghana", "Togo", "Mali")]
    client.force_login(kofi)

    response = client.post(
        reverse("indicators:result-review-bulk"),
        {
            "results": [results[0].pk, results[1].pk],
            f"version-{results[0].pk}": results[0].version,
            f"version-{results[1].pk}": results[1].version,
            "action": "validate",
            "message": "",
        },
    )

    statuses = dict(Result.objects.values_list("place__name", "status"))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:result-review-queue")
    assert statuses == {"Ghana": "validated", "Togo": "validated", "Mali": "submitted"}
    assert messages_of(response) == ["2 result(s) validated; they now count."]
    assert Notification.objects.filter(recipient=ama, kind="result_validated").count() == 2


def test_returning_several_results_needs_one_message_and_gives_it_to_each(indicator, ama, kofi, client):
    results = [result_submit(user=ama, result=record(ama, indicator, name=name)) for name in ("Ghana", "Togo")]
    client.force_login(kofi)
    ids = [result.pk for result in results]

    without = client.post(reverse("indicators:result-review-bulk"), {"results": ids, "action": "return"})
    returned = client.post(
        reverse("indicators:result-review-bulk"),
        {"results": ids, "action": "return", "message": "Add the date of the decree."},
    )

    assert without.status_code == 400
    assert "Say why the result is returned, so the officer knows what to fix." in html_text(without)
    assert returned.status_code == 302
    assert set(Result.objects.values_list("status", "review_message")) == {("returned", "Add the date of the decree.")}


def test_a_bulk_review_reports_each_refused_result_and_does_the_rest(indicator, ama, kofi, client):
    # given Kofi recorded one of them himself, and another was withdrawn after he loaded the queue
    own = result_submit(user=kofi, result=record(kofi, indicator, name="Togo"))
    gone = result_submit(user=ama, result=record(ama, indicator, name="Mali"))
    fine = result_submit(user=ama, result=record(ama, indicator, name="Ghana"))
    result_withdraw(user=ama, result=gone)
    client.force_login(kofi)

    response = client.post(
        reverse("indicators:result-review-bulk"),
        {"results": [own.pk, gone.pk, fine.pk], "action": "validate"},
    )

    page = html_text(response)
    assert response.status_code == 200
    assert messages_of(response) == ["1 result(s) validated; they now count."]
    assert f"Togo: {SELF_VALIDATION}" in page
    assert f"Result {gone.pk}: It is no longer waiting for validation in your scope" in page
    assert dict(Result.objects.values_list("place__name", "status")) == {
        "Togo": "submitted",
        "Mali": "draft",
        "Ghana": "validated",
    }


def test_a_bulk_review_with_nothing_ticked_or_a_hostile_id_is_refused_plainly(indicator, ama, kofi, client):
    result_submit(user=ama, result=record(ama, indicator))
    client.force_login(kofi)

    nothing = client.post(reverse("indicators:result-review-bulk"), {"action": "validate"})
    hostile = client.post(
        reverse("indicators:result-review-bulk"), {"results": ["1\x00", "9" * 40], "action": "validate"}
    )

    assert (nothing.status_code, hostile.status_code) == (400, 400)
    assert "Tick the results to validate or return." in html_text(nothing)
    assert "is not a result id." in html_text(hostile)
    assert Result.objects.get().status == Result.Status.SUBMITTED


def test_officers_cannot_review_in_bulk(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(officer("efua", "africa"))

    response = client.post(reverse("indicators:result-review-bulk"), {"results": [result.pk], "action": "validate"})

    assert response.status_code == 403
    assert Result.objects.get().status == Result.Status.SUBMITTED


# --- Filters and sorting ------------------------------------------------------------------------------


def test_the_queue_filters_by_indicator_region_place_submitter_and_age_and_sorts(indicator, ama, kofi, client):
    other = indicator_with_criteria(code="9.2", minimum=1)
    efua = officer("efua", "africa")
    with time_machine.travel(datetime.datetime(2015, 3, 1, tzinfo=datetime.UTC)):
        result_submit(user=ama, result=record(ama, indicator, name="Togo"))
    result_submit(user=ama, result=record(ama, indicator, name="Ghana"))
    result_submit(user=efua, result=record(efua, other, name="Mali"))
    everywhere = user_with_role("manager", username="global")
    pedro = officer("pedro", "americas")
    result_submit(user=pedro, result=record(pedro, indicator, name="Peru"))
    queue = reverse("indicators:result-review-queue")
    client.force_login(everywhere)

    assert queue_names(client.get(queue)) == ["Togo", "Ghana", "Mali", "Peru"]
    assert queue_names(client.get(queue, {"indicator": other.pk})) == ["Mali"]
    assert queue_names(client.get(queue, {"region": region("americas").pk})) == ["Peru"]
    assert queue_names(client.get(queue, {"place": place("Ghana").pk})) == ["Ghana"]
    assert queue_names(client.get(queue, {"submitter": efua.pk})) == ["Mali"]
    assert queue_names(client.get(queue, {"age": "30"})) == ["Togo"]
    assert queue_names(client.get(queue, {"sort": "place"})) == ["Ghana", "Mali", "Peru", "Togo"]
    assert queue_names(client.get(queue, {"sort": "-submitted"})) == ["Peru", "Mali", "Ghana", "Togo"]
    # a manager of Africa never sees Peru, whatever the filter asks
    client.force_login(kofi)
    assert queue_names(client.get(queue, {"region": region("americas").pk})) == []


def test_a_filter_the_queue_does_not_understand_is_explained(indicator, kofi, client):
    client.force_login(kofi)

    response = client.get(reverse("indicators:result-review-queue"), {"age": "forever", "place": "x" * 300})

    assert response.status_code == 400
    assert "Some filters were not understood and are ignored; see below." in html_text(response)


def test_my_results_filter_by_status_and_indicator_and_sort_by_place(indicator, ama, kofi, client):
    other = indicator_with_criteria(code="9.2", minimum=1)
    result_submit(user=ama, result=record(ama, indicator, name="Togo"))
    record(ama, indicator, name="Ghana")
    record(ama, other, name="Mali")
    client.force_login(ama)
    mine = reverse("indicators:result-list-mine")

    def names(**query):
        return [result.place.name for result in client.get(mine, query).context["page"].object_list]

    assert names(status="draft", sort="place") == ["Ghana", "Mali"]
    assert names(indicator=other.pk) == ["Mali"]
    assert names(sort="place") == ["Ghana", "Mali", "Togo"]
    assert names(sort="-place") == ["Togo", "Mali", "Ghana"]
