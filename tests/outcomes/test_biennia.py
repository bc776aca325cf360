import logging

import pytest
from django.urls import reverse

from outcomes.models import Biennium
from outcomes.rules import biennium_ensure_open, biennium_refusal
from outcomes.services import biennium_close, biennium_reopen
from rbm.exceptions import ApplicationError
from tests.factories import biennium, region, user_with_role
from tests.html import html_text


@pytest.fixture
def ama(db):
    return user_with_role("officer", username="ama", regions=[region("africa")])


@pytest.fixture
def kofi(db):
    return user_with_role("manager", username="kofi", regions=[region("africa")])


def test_closing_and_reopening_a_biennium_log_who_which_and_why(db, caplog):
    manager = user_with_role("manager", username="kofi")
    administrator = user_with_role("administrator", username="ada")

    with caplog.at_level(logging.INFO, logger="outcomes.services"):
        biennium_close(user=manager, biennium=biennium(2014), open_results=0, reason=" Report published ")
        biennium_reopen(user=administrator, biennium=biennium(2014), reason="Late evidence\nfrom Ghana")

    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("INFO", f"Biennium 2014-15 closed by 'kofi' (user {manager.pk}); reason: 'Report published'"),
        ("INFO", f"Biennium 2014-15 reopened by 'ada' (user {administrator.pk}); reason: 'Late evidence\\nfrom Ghana'"),
    ]


def test_a_closed_biennium_is_refused_with_the_one_message_and_an_open_one_passes(db):
    Biennium.objects.filter(start_year=2014).update(is_closed=True)

    with pytest.raises(ApplicationError) as refused:
        biennium_ensure_open(biennium=biennium(2014))
    biennium_ensure_open(biennium=biennium(2016))

    assert refused.value.message == "The biennium 2014-15 is closed; nothing in it can change."
    assert (biennium_refusal(biennium=biennium(2014)), biennium_refusal(biennium=biennium(2016))) == (
        "The biennium 2014-15 is closed; nothing in it can change.",
        "",
    )


def test_managers_close_a_biennium_and_only_administrators_reopen_it_with_a_reason(db, ama, kofi, client):
    client.force_login(ama)
    assert client.post(reverse("indicators:biennium-close", args=["2014-15"])).status_code == 403

    client.force_login(kofi)
    closed = client.post(reverse("indicators:biennium-close", args=["2014-15"]), {"2014-reason": ""}, follow=True)
    assert "The biennium 2014-15 is closed: nothing in it can change now." in html_text(closed)
    refused = client.post(reverse("outcomes:biennium-reopen", args=["2014-15"]), {"2014-reason": "Late"})
    assert refused.status_code == 403
    assert "Only an administrator can reopen a closed biennium." in html_text(refused)

    biennium_pk = biennium().pk
    client.force_login(user_with_role("administrator"))
    no_reason = client.post(reverse("outcomes:biennium-reopen", args=["2014-15"]), {f"{biennium_pk}-reason": " "})
    assert no_reason.status_code == 400
    assert "Give the reason for reopening the biennium." in html_text(no_reason)
    reopened = client.post(
        reverse("outcomes:biennium-reopen", args=["2014-15"]), {f"{biennium_pk}-reason": "Late evidence"}, follow=True
    )
    assert "The biennium 2014-15 is open again." in html_text(reopened)
    assert biennium().is_closed is False


def test_the_biennia_page_lists_every_biennium_with_its_last_change_in_fixed_queries(
    db, kofi, client, django_assert_num_queries
):
    biennium_close(user=kofi, biennium=biennium(), open_results=0, reason="Report published")
    client.force_login(kofi)
    url = reverse("outcomes:biennium-list")

    # session, user, scope (3), biennia, status changes, the unread notifications badge
    with django_assert_num_queries(8):
        response = client.get(url)

    assert len(response.context["rows"]) == 12
    page = html_text(response)
    assert "2014-15 Strategic Policy Framework 2010-15 closed Closed" in page
    assert "· kofi: Report published — 2016-17 Transitional Strategic Plan 2016-17 open — Reason Close" in page
