"""The browser plugin (tests/plugins/browser.py): every test using `page` leaves a screenshot when it fails.

Run on a fake browser in an inner pytest session, so it needs no Chromium.
"""

INNER_TESTS = """
import pathlib
import types

import pytest


class FakeTab:
    def on(self, event, handler):
        pass

    def screenshot(self, *, path, full_page):
        path.write_text(f"full page: {full_page}")


class FakeContext:
    def set_default_timeout(self, timeout):
        pass

    def new_page(self):
        return FakeTab()

    def close(self):
        pass


@pytest.fixture
def browser():
    return types.SimpleNamespace(new_context=lambda **options: FakeContext())


@pytest.fixture
def live_server():
    return types.SimpleNamespace(url="http://testserver")


@pytest.fixture(autouse=True)
def artifacts(monkeypatch):
    monkeypatch.setattr("tests.plugins.browser.ARTIFACTS", pathlib.Path(%(folder)r))


def test_that_fails_in_the_browser(page):
    assert page is None


def test_that_passes_in_the_browser(page):
    assert page is not None
"""


def test_a_browser_test_that_fails_anywhere_leaves_a_full_page_screenshot_and_one_that_passes_none(pytester, tmp_path):
    folder = tmp_path / "artifacts"
    pytester.makepyfile(test_inner=INNER_TESTS % {"folder": str(folder)})

    result = pytester.runpytest_inprocess("-p", "no:django", "-p", "tests.plugins.browser", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=1, failed=1)
    assert sorted(path.name for path in folder.iterdir()) == ["test_that_fails_in_the_browser-failure.png"]
    assert (folder / "test_that_fails_in_the_browser-failure.png").read_text() == "full page: True"
