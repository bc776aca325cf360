"""The whole result workflow in a real browser, as a new user would walk it (issue acceptance)."""

import re

import pytest
from playwright.sync_api import expect

from indicators.services import result_record
from tests.factories import biennium, place
from tests.indicators.entry_helpers import indicator_with_criteria, manager, officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".site-nav .user")).to_contain_text(username)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_an_officer_records_a_result_and_a_manager_returns_then_validates_it(page, screenshot):
    indicator = indicator_with_criteria(code="9.1", minimum=2, target=1)
    officer("ama", "africa")
    manager("kofi", "africa")

    # The officer finds the indicator from the home page table.
    sign_in(page, "ama")
    page.goto("/?biennium=2014-15")
    row = page.locator("#indicator-9\\.1")
    expect(row.locator(".total .label")).to_have_text("0 member States")
    row.get_by_role("link", name=re.compile("Indicator 9.1")).click()
    expect(page.locator("h1")).to_have_text("Indicator 9.1 · 2014-15")
    expect(page.locator("[data-counts=result] strong")).to_have_text("0 member States")

    # ... records a result for Ghana, picking the place through the filtered picker.
    page.get_by_role("link", name="Add a result").click()
    page.get_by_placeholder("Type to filter the list").fill("gha")
    expect(page.locator("#id_place option")).to_have_count(2)  # the prompt and Ghana
    page.locator("#id_place").select_option(label="Ghana")
    page.get_by_label("What changed").fill("A national social protection floor law was adopted.")
    page.get_by_label("A policy is adopted").check()
    expect(page.locator("#criteria-warning")).to_contain_text(
        "1 of the 3 measurement criteria are met; indicator 9.1 requires at least 2."
    )
    page.get_by_label("Evidence", exact=True).fill("Official Gazette No. 12 of 2015")
    page.get_by_label("Links to add").fill("https://example.org/gazette-12")
    page.get_by_label("Files to add").set_input_files(
        [{"name": "cabinet-decision.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 decision"}]
    )
    screenshot("01-officer-records-a-result")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text("The result for Ghana is saved as a draft.")
    expect(page.locator(".attachments")).to_contain_text("https://example.org/gazette-12")
    expect(page.locator(".attachments")).to_contain_text("cabinet-decision.pdf")
    expect(page.locator("#actions .warning")).to_contain_text("requires at least 2")

    # ... and submits it, with the criteria warning.
    page.get_by_role("button", name="Submit for validation").click()
    expect(page.locator(".messages")).to_contain_text("The result for Ghana is submitted")
    screenshot("02-officer-submitted")
    sign_out(page)

    # The manager sees it in the queue, with the warning, and returns it with a message.
    sign_in(page, "kofi")
    page.get_by_role("link", name="Validation queue").click()
    queue_row = page.locator("#queue tbody tr")
    expect(queue_row).to_have_count(1)
    expect(queue_row).to_contain_text("1 of the 3 measurement criteria are met")
    screenshot("03-manager-queue")
    queue_row.get_by_role("link", name="Ghana").click()
    page.get_by_label("Message to the officer (required to return)").fill(
        "Attach the law as adopted, and say whether a budget was allocated."
    )
    page.get_by_role("button", name="Return to the officer").click()
    expect(page.locator(".messages")).to_contain_text(
        "The result for Ghana is returned to the officer with your message."
    )
    sign_out(page)

    # The officer sees the returned result first, with the message, fixes it and submits again.
    sign_in(page, "ama")
    page.get_by_role("link", name="My results").click()
    first = page.locator("#my-results tbody tr").first
    expect(first).to_contain_text("returned")
    expect(first).to_contain_text("Attach the law as adopted, and say whether a budget was allocated.")
    first.get_by_role("link", name="Ghana").click()
    expect(page.locator(".review-message")).to_contain_text("Attach the law as adopted")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("A budget is allocated").check()
    expect(page.locator("#criteria-warning")).to_contain_text("2 of the 3 criteria are met: the rule is satisfied.")
    page.get_by_label("Evidence", exact=True).fill(
        "Official Gazette No. 12 of 2015; budget line 4.3 of the 2016 budget"
    )
    page.get_by_label("Why the change").fill("Law attached, budget line added")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Your changes to the result for Ghana are saved.")
    page.get_by_role("button", name="Submit for validation").click()
    expect(page.locator(".messages")).to_contain_text("is submitted")
    sign_out(page)

    # The manager validates it.
    sign_in(page, "kofi")
    page.get_by_role("link", name="Validation queue").click()
    page.locator("#queue").get_by_role("link", name="Ghana").click()
    expect(page.locator("#history tbody tr")).to_have_count(6)
    page.get_by_role("button", name="Validate").click()
    expect(page.locator(".messages")).to_contain_text(
        "The result for Ghana is validated; it now counts under indicator 9.1."
    )
    expect(page.locator("#queue")).to_have_count(0)

    # The indicator's counts and the home page table now include Ghana.
    page.goto(f"/biennia/2014-15/indicators/{indicator.code}/")
    expect(page.locator("[data-counts=result]")).to_contain_text("1 member State")
    expect(page.locator("[data-counts=result]")).to_contain_text("target met")
    expect(page.locator("td[data-region=Africa]")).to_have_text("1")
    screenshot("04-indicator-counts-after-validation")
    page.goto("/?biennium=2014-15")
    expect(row.locator(".total .label")).to_have_text("1 member State")
    expect(row.locator("td.places[data-region=Africa]")).to_have_text("Ghana")
    screenshot("05-home-table-after-validation")


def test_an_officer_cannot_see_or_edit_another_regions_draft(page, screenshot, live_server):
    indicator = indicator_with_criteria(code="9.1")
    ama = officer("ama", "africa")
    officer("pedro", "americas")
    draft = result_record(
        user=ama,
        indicator=indicator,
        biennium=biennium(),
        place=place("Ghana"),
        description="A draft only Africa can see.",
    )

    page.set_viewport_size({"width": 768, "height": 1024})  # a tablet, upright
    sign_in(page, "pedro")
    page.goto(f"/biennia/2014-15/indicators/{indicator.code}/")
    expect(page.locator("#results-heading")).to_be_visible()
    expect(page.get_by_text("A draft only Africa can see.")).to_have_count(0)
    expect(page.locator(f"#result-{draft.pk}")).to_have_count(0)

    for path in (f"/results/{draft.pk}/", f"/results/{draft.pk}/edit/"):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_text("A draft only Africa can see.")).to_have_count(0)

    # The place picker offers only the Americas: filtering for Ghana finds nothing.
    page.goto(f"/biennia/2014-15/indicators/{indicator.code}/results/new/")
    expect(page.locator("#id_place optgroup")).to_have_attribute("label", "Americas")
    page.get_by_placeholder("Type to filter the list").fill("ghana")
    expect(page.locator("#id_place option")).to_have_text(["No place matches"])
    screenshot("06-tablet-result-form")

    # Submitting the draft by its address, with a valid CSRF token, is answered like a missing page.
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/results/{draft.pk}/submit/",
        form={"version": "1"},
        headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/"},
    )
    assert response.status == 404
    page.goto("/results/mine/")
    expect(page.locator(".empty")).to_contain_text("You have not recorded any result yet.")
    screenshot("07-tablet-my-results")
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("draft", 1)
