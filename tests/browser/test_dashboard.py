"""The managers' dashboard in a real browser, over the seed 000 data (issue acceptance)."""

import pytest
from playwright.sync_api import expect

from indicators.services import results_table_import
from tests.conftest import SEED_000
from tests.factories import PASSWORD, biennium, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_manager_reads_the_published_figures_and_follows_a_number_to_its_places(page, screenshot):
    results_table_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium(2014), source=SEED_000.name)
    user_with_role("manager", username="kofi")

    page.goto("/accounts/sign-in/?next=/dashboard/%3Fbiennium%3D2014-15")
    page.get_by_label("User name").fill("kofi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Where the programme stands, 2014-15")
    expect(page.locator("#tile-target-met .tile-value")).to_have_text("3")
    expect(page.locator("#tile-target-not-met .tile-value")).to_have_text("0")
    expect(page.locator("#tile-places")).to_contain_text("38 places reached (37 member States and 1 territory)")
    table = page.locator("#table-outcome-4")
    expect(table.locator("tr[data-indicator='4.1'] td.result")).to_have_text("11 member States")
    expect(table.locator("tr[data-indicator='4.2'] td.result")).to_have_text("24 member States and 1 territory")
    expect(table.locator("tr[data-indicator='4.3'] td.result")).to_have_text("16 member States and 1 territory")
    expect(table.locator("tr[data-indicator='4.2'] td.number")).to_have_text(["8", "4", "5", "7", "1"])
    expect(page.locator("canvas.indicator-chart")).to_have_count(1)
    expect(page.locator("#world-map[data-drawn=true]")).to_have_count(1)
    expect(page.locator("#world-map path.reached")).to_have_count(37)
    expect(page.locator("#world-map path.territory")).to_have_count(1)
    screenshot("dashboard-seed-000")

    # The Arab States figure of indicator 4.2 opens the list of its places, each linking to its result.
    table.locator("tr[data-indicator='4.2'] td.number").nth(2).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Results 2014-15")
    expect(page.locator("#results-table tbody th a")).to_have_text(
        ["Iraq", "Jordan", "Occupied Palestinian Territory", "Oman", "Saudi Arabia"]
    )
    screenshot("dashboard-arab-states-4.2")
    page.get_by_role("link", name="Jordan").click()
    expect(page.locator("#history")).to_be_visible()
