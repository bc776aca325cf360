"""The country directory's map in a real browser: a visitor opens a country from it."""

import pytest
from playwright.sync_api import expect

from indicators.services import results_table_import
from tests.conftest import SEED_000
from tests.factories import biennium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_opens_ghana_from_the_map_and_sees_its_results_and_its_place_on_the_inset(page, screenshot):
    results_table_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium(2014), source=SEED_000.name)

    page.goto("/countries/?biennium=2014-15")
    expect(page.locator("#world-map[data-drawn=true]")).to_have_count(1)
    # 37 member States and 1 territory have validated results in 2014-15.
    expect(page.locator("#world-map a path.reached")).to_have_count(38)
    screenshot("countries-directory-map")

    page.locator("#world-map a[data-iso3=GHA]").click()

    page.wait_for_url("**/countries/GHA/")
    expect(page.locator("h1")).to_have_text("Ghana")
    expect(page.locator("#outcome-2014-15-4 tr.counted th")).to_have_text(["4.2", "4.3"])
    expect(page.locator("#outcome-2014-15-4 tr.not-counted th")).to_have_text(["4.1"])
    expect(page.locator("#country-map[data-drawn=true] path.here")).to_have_count(1)
    screenshot("country-ghana")
