"""The framework editor in a real browser: an administrator gives an indicator its measurement criteria, and an
officer then ticks them on the result form (issue 13: "tick criteria" in the README's tour)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_result_workflow import PASSWORD, sign_out
from tests.factories import TargetFactory, user_with_role
from tests.indicators.entry_helpers import officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_administrator_enters_criteria_and_an_officer_ticks_them(page, screenshot):
    TargetFactory(value=10, text="10 member States", indicator__code="9.1")
    user_with_role("administrator", username="ada", first_name="Ada", last_name="Lovelace")
    officer("ama", "africa")

    # The administrator opens the editor from the menu and the indicator from its outcome's table.
    sign_in(page, "ada")
    page.get_by_role("link", name="Framework editor").click()
    page.get_by_role("link", name="9.1", exact=True).click()
    expect(page.locator("h1")).to_have_text("Edit indicator 9.1")

    # A save that breaks a rule keeps what was typed and leads to the field.
    page.get_by_label("New criteria").fill("A policy is adopted\nA budget is allocated")
    page.get_by_label("A result counts when it meets").select_option("at_least")
    page.get_by_label("Criteria to meet").fill("3")
    page.get_by_role("button", name="Save").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("At least 3 criteria cannot be met: indicator 9.1 has 2.")
    expect(page.get_by_label("New criteria")).to_have_value("A policy is adopted\nA budget is allocated")
    screenshot("framework-01-error")

    page.get_by_label("Criteria to meet").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The changes are saved.")
    expect(page.get_by_label("Criterion 2")).to_have_value("A budget is allocated")
    expect(page.locator("#framework-history")).to_contain_text("Ada Lovelace")
    screenshot("framework-02-saved")
    sign_out(page)

    # The officer now ticks them on the result form.
    sign_in(page, "ama")
    page.goto("/biennia/2014-15/indicators/9.1/results/new/")
    expect(page.get_by_label("A policy is adopted")).to_be_visible()
    page.get_by_label("A budget is allocated").check()
    expect(page.get_by_label("A budget is allocated")).to_be_checked()
