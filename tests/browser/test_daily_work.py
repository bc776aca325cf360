"""The daily work in a real browser: the notification badge, bulk validation from the queue, printing."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations.models import Evaluation
from indicators.models import Result
from indicators.services import result_record, result_submit
from tests.factories import biennium, place
from tests.indicators.entry_helpers import indicator_with_criteria, manager, officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def submitted(user, indicator, name: str) -> Result:
    result = result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description="A social protection floor law was adopted.",
        criteria_met=[1, 2],
    )
    return result_submit(user=user, result=result)


def test_the_badge_tells_a_manager_of_a_submission_and_the_officer_of_the_return(page, screenshot):
    indicator = indicator_with_criteria(code="9.1", minimum=2, target=1)
    ama, kofi = officer("ama", "africa"), manager("kofi", "africa")
    result = submitted(ama, indicator, "Ghana")

    # The manager sees one unread notification and opens it: it leads to the result and is read.
    sign_in(page, "kofi")
    badge = page.locator("#notifications-badge")
    expect(badge).to_have_text("unread: 1")
    page.locator("#notifications-link").click()
    entry = page.locator(f"#notification-{kofi.notifications.get().pk}")
    expect(entry).to_contain_text("ama submitted the result for Ghana under indicator 9.1 (2014-15) for validation.")
    screenshot("daily-01-manager-notifications")
    entry.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/results/{result.pk}/$"))
    expect(page.locator("#notifications-badge")).to_have_count(0)

    # ... returns it with a message.
    page.get_by_label("Message to the officer (required to return)").fill("Name the law and its date.")
    page.get_by_role("button", name="Return to the officer").click()
    sign_out(page)

    # The officer sees the badge, reads the message in the list, and marks everything read.
    sign_in(page, "ama")
    expect(page.locator("#notifications-badge")).to_have_text("unread: 1")
    page.locator("#notifications-link").click()
    expect(page.locator("#notifications")).to_contain_text("kofi returned your result for Ghana")
    expect(page.locator("#notifications")).to_contain_text("Name the law and its date.")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".messages")).to_contain_text("1 notification(s) marked read.")
    expect(page.locator("#notifications-badge")).to_have_count(0)
    screenshot("daily-02-officer-notifications-read")
    assert ama.notifications.filter(read_at__isnull=True).count() == 0


def test_a_manager_validates_and_returns_several_results_from_the_queue(page, screenshot):
    indicator = indicator_with_criteria(code="9.1", minimum=2, target=1)
    ama = officer("ama", "africa")
    manager("kofi", "africa")
    ghana, togo, mali = (submitted(ama, indicator, name) for name in ("Ghana", "Togo", "Mali"))

    sign_in(page, "kofi")
    page.get_by_role("link", name="Validation queue").click()
    page.get_by_label("Tick Ghana, indicator 9.1").check()
    page.get_by_label("Tick Togo, indicator 9.1").check()
    screenshot("daily-03-queue-ticked")
    page.get_by_role("button", name="Validate the ticked results").click()

    expect(page.locator(".messages")).to_contain_text("2 result(s) validated; they now count.")
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator(f"#result-{mali.pk}")).to_be_visible()

    # Returning needs the one message, which each returned result then carries.
    page.get_by_label("Tick Mali, indicator 9.1").check()
    page.get_by_role("button", name="Return the ticked results").click()
    expect(page.locator("#bulk-errors")).to_contain_text("Say why the result is returned")
    expect(page.get_by_label("Tick Mali, indicator 9.1")).to_be_checked()
    page.get_by_label("Message (required to return)").fill("Add the date of the decree.")
    page.get_by_role("button", name="Return the ticked results").click()
    expect(page.locator(".messages")).to_contain_text("1 result(s) returned to their officers with your message.")
    expect(page.locator(".empty")).to_have_text("No result in your scope is waiting for validation.")
    screenshot("daily-04-queue-empty")

    statuses = dict(Result.objects.values_list("pk", "status"))
    assert statuses == {ghana.pk: "validated", togo.pk: "validated", mali.pk: "returned"}
    assert Result.objects.get(pk=mali.pk).review_message == "Add the date of the decree."


def test_the_main_pages_print_without_the_site_frame_or_buttons(page, screenshot):
    call_command("load_demo", verbosity=0)
    result = Result.objects.filter(status=Result.Status.VALIDATED).order_by("pk").first()
    evaluation = Evaluation.objects.filter(recommendations__isnull=False).order_by("pk").first()
    pages = {
        "home": "/?biennium=2014-15",
        "indicator": f"/biennia/2014-15/indicators/{result.indicator.code}/",
        "result": result.get_absolute_url(),
        "evaluation": evaluation.get_absolute_url(),
        "dashboard": "/dashboard/?biennium=2014-15",
    }
    sign_in(page, "admin", password="rbm-demo")
    page.emulate_media(media="print")

    for name, url in pages.items():
        page.goto(url)
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".site-footer")).to_be_hidden()
        expect(page.locator("h1").first).to_be_visible()
        visible_buttons = page.locator("main button:visible, main form:visible")
        expect(visible_buttons).to_have_count(0)
        screenshot(f"daily-print-{name}")
    page.emulate_media(media="screen")
    page.goto(pages["home"])
    expect(page.locator(".site-header")).to_be_visible()
