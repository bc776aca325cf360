"""Browser tests' fixtures, a pytest plugin (listed in tests/conftest.py): Playwright driving Debian's Chromium
against pytest-django's live server, wherever the test lives (tests/browser/, tests/reports/ ...).

Every test using `page` gets a full-page screenshot of the moment it failed in test-artifacts/browser/
(`<test name>-failure.png`); `screenshot("name")` takes one on purpose. The browser is the system's
(`/usr/bin/chromium`, installed by `scripts/install.sh`); Playwright never downloads one. Without Chromium
or Playwright the browser tests are skipped, or fail under REQUIRE_SERVICES=1 so CI cannot pass without
running them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from tests.conftest import services_required

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"


def _unavailable(reason: str):
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM}; scripts/install.sh installs it as root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (requirements-dev.txt)")

    # Playwright's sync API runs its event loop in this thread, so while it is open Django sees a running
    # loop: it keeps a second set of database connections (keyed by context rather than by thread) and
    # refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The test's own ORM calls are plain
    # synchronous ones, so the guard is lifted, and the test database's serialized contents (which
    # serialized_rollback restores between tests) are handed to that second set of connections.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) on the live server, laptop-sized; screenshots on failure."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    # Whatever the site's Content-Security-Policy blocks (an inline script or style) is a failure.
    blocked: list[str] = []

    def note_blocked(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    tab.on("console", note_blocked)
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=ARTIFACTS / f"{request.node.name}-failure.png", full_page=True)
    context.close()
    if blocked and not (failed is not None and failed.failed):
        pytest.fail("The Content-Security-Policy blocked: " + " | ".join(blocked))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so `page` knows at teardown whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def screenshot(page):
    def take(name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return take
