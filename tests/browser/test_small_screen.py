"""At 390 px wide, the header stays small and the result form does not overflow the screen (issue 13, point 7)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_framework_editor import sign_in
from tests.indicators.entry_helpers import indicator_with_criteria, officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_header_and_the_result_form_fit_a_390_px_screen(page, screenshot):
    indicator_with_criteria(code="9.1")
    officer("ama", "africa")
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, "ama")
    page.goto("/biennia/2014-15/indicators/9.1/results/new/")
    expect(page.locator("h1")).to_have_text("Add a result")

    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 844 / 4
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    screenshot("small-screen-result-form")
