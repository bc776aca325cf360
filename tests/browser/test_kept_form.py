"""A signed-out user's form comes back filled in after signing in again, in a real browser (issue 13, point 7)."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from indicators.models import Result
from tests.browser.test_result_workflow import PASSWORD, sign_in
from tests.indicators.entry_helpers import indicator_with_criteria, officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TYPED = "A national social protection floor law was adopted in May 2015."


def test_text_typed_when_the_session_ended_is_back_in_the_form_after_signing_in(page, screenshot):
    indicator_with_criteria(code="9.1", minimum=2, target=1)
    officer("ama", "africa")
    sign_in(page, "ama")
    page.goto("/biennia/2014-15/indicators/9.1/results/new/")
    page.locator("#id_place").select_option(label="Ghana")
    page.get_by_label("What changed").fill(TYPED)
    page.get_by_label("A policy is adopted").check()

    # The session runs out while the officer types.
    Session.objects.all().delete()
    page.get_by_role("button", name="Save as draft").click()

    expect(page.locator("h1")).to_have_text("Sign in")
    page.get_by_label("User name").fill("ama")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("#kept-form")).to_contain_text("You were signed out; your text is kept, check and save again.")
    expect(page.get_by_label("What changed")).to_have_value(TYPED)
    expect(page.get_by_label("A policy is adopted")).to_be_checked()
    assert page.locator("#id_place option:checked").inner_text() == "Ghana"
    assert Result.objects.count() == 0
    screenshot("kept-form-after-signing-in")
