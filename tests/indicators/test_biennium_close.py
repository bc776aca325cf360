"""Closing a biennium warns of the results still open, lists them and needs a confirmation (issue 13, point 7)."""

import logging

import pytest
from django.urls import reverse

from indicators.models import Result
from outcomes.services import biennium_close
from rbm.exceptions import ApplicationError
from tests.factories import IndicatorFactory, ResultFactory, biennium, place, region, user_with_role
from tests.html import html_table, html_text

STILL_OPEN = (
    "The biennium 2014-15 still has 2 open result(s) (drafts, submitted or returned): they would stay as they are, "
    "never validated. Check the list and confirm that it closes anyway."
)


@pytest.fixture
def open_results(db):
    ama = user_with_role("officer", username="ama", first_name="Ama", last_name="Mensah", regions=[region("africa")])
    indicator = IndicatorFactory(code="4.2")
    ResultFactory(indicator=indicator, place=place("Ghana"), status=Result.Status.VALIDATED, created_by=ama)
    draft = ResultFactory(indicator=indicator, place=place("Kenya"), status=Result.Status.DRAFT, created_by=ama)
    returned = ResultFactory(
        indicator=indicator, place=place("Peru"), status=Result.Status.RETURNED, created_by=ama, last_edited_by=ama
    )
    return draft, returned


@pytest.fixture
def kofi(db):
    return user_with_role("manager", username="kofi")


def test_closing_with_open_results_is_refused_without_the_confirmation(open_results, kofi, caplog):
    with pytest.raises(ApplicationError) as refused:
        biennium_close(user=kofi, biennium=biennium(), open_results=2)

    assert refused.value.message == STILL_OPEN
    assert biennium().is_closed is False
    with caplog.at_level(logging.INFO, logger="outcomes.services"):
        biennium_close(user=kofi, biennium=biennium(), open_results=2, confirmed=True)
    assert biennium().is_closed is True
    assert caplog.records[-1].getMessage() == "Biennium 2014-15 closed with 2 open result(s) left as they were"


def test_the_close_page_lists_the_open_results_with_who_and_a_link(open_results, kofi, client):
    draft, returned = open_results
    client.force_login(kofi)

    page = client.get(reverse("indicators:biennium-close", args=["2014-15"]))

    assert page.status_code == 200
    assert html_text(page, "open-results-heading") == "2 results are still open"
    assert html_table(page, "open-results") == [
        ["Indicator", "Place", "Status", "Last changed by", "Result"],
        ["4.2", "Kenya", "draft", "Ama Mensah", "Open the result for Kenya"],
        ["4.2", "Peru", "returned", "Ama Mensah", "Open the result for Peru"],
    ]
    assert f'href="{draft.get_absolute_url()}"' in page.content.decode()
    assert f'href="{returned.get_absolute_url()}"' in page.content.decode()


def test_closing_from_the_biennia_page_with_open_results_asks_to_confirm_and_then_closes(open_results, kofi, client):
    client.force_login(kofi)
    url = reverse("indicators:biennium-close", args=["2014-15"])
    prefix = biennium().pk

    unconfirmed = client.post(url, {f"{prefix}-reason": "Report published"})

    assert unconfirmed.status_code == 400
    assert html_text(unconfirmed, "close-error") == STILL_OPEN
    assert len(html_table(unconfirmed, "open-results")) == 3
    assert biennium().is_closed is False

    confirmed = client.post(url, {f"{prefix}-reason": "Report published", f"{prefix}-confirm": "on"}, follow=True)

    assert "The biennium 2014-15 is closed: nothing in it can change now." in html_text(confirmed)
    assert biennium().is_closed is True
    assert biennium().status_changes.get().reason == "Report published"


def test_a_biennium_without_open_results_closes_at_once(db, kofi, client):
    ResultFactory(status=Result.Status.VALIDATED)
    client.force_login(kofi)

    page = client.get(reverse("indicators:biennium-close", args=["2014-15"]))
    closed = client.post(reverse("indicators:biennium-close", args=["2014-15"]))

    assert html_text(page, "no-open-results") == "No result of this biennium is open: every one is validated."
    assert closed.status_code == 302 and closed["Location"] == reverse("outcomes:biennium-list")
    assert biennium().is_closed is True


def test_a_regional_manager_is_told_of_other_regions_open_results_without_seeing_them(open_results, client):
    client.force_login(user_with_role("manager", username="rosa", regions=[region("americas")]))

    page = client.get(reverse("indicators:biennium-close", args=["2014-15"]))

    assert [row[1] for row in html_table(page, "open-results")[1:]] == ["Peru"]
    assert html_text(page, "open-results-hidden") == "And 1 open result outside your scope."


def test_an_officer_cannot_open_the_close_page(open_results, client):
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    page = client.get(reverse("indicators:biennium-close", args=["2014-15"]))

    assert page.status_code == 403
    assert "Only a manager or an administrator can close a biennium." in html_text(page)
