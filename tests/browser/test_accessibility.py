"""Accessibility in a real browser (issues 13 and 15): axe-core's WCAG 2 A/AA rules find nothing on the main
pages and the country pages, over the demo data, and every help-text reference (aria-describedby) resolves.

axe-core is vendored in tests/browser/vendor/ (a pinned npm release with its licence): a test asset, never
served to users.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations.models import Evaluation
from indicators.models import Result
from plans.models import Plan
from tests.browser.test_daily_work import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

UNRESOLVED_DESCRIPTIONS = """() => [...document.querySelectorAll("[aria-describedby]")].flatMap((element) =>
    element.getAttribute("aria-describedby").split(/\\s+/).filter((id) => id && !document.getElementById(id))
        .map((id) => `${element.outerHTML.slice(0, 120)} -> #${id}`))"""


def axe_violations(page) -> list[str]:
    """Run axe on the open page with the WCAG 2 A/AA rules; one line per violation and element."""
    # The site's Content-Security-Policy forbids foreign scripts, so the file's text is evaluated.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then((r) => r.violations)", WCAG_A_AA
    )
    return [
        f"{violation['id']} at {node['target']}: {violation['help']} ({node['failureSummary']})"
        for violation in violations
        for node in violation["nodes"]
    ]


def main_pages() -> dict[str, str]:
    result = Result.objects.filter(status=Result.Status.VALIDATED).order_by("pk").first()
    evaluation = Evaluation.objects.filter(recommendations__isnull=False).order_by("pk").first()
    plan = Plan.objects.order_by("pk").first()
    assert result is not None and evaluation is not None and plan is not None
    code = result.indicator.code
    return {
        "home": "/?biennium=2014-15",
        "indicator": f"/biennia/2014-15/indicators/{code}/",
        "result": result.get_absolute_url(),
        "result form": f"/biennia/2014-15/indicators/{code}/results/new/",
        "my results": "/results/mine/",
        "validation queue": "/results/queue/",
        "evaluations register": "/evaluations/",
        "evaluation": evaluation.get_absolute_url(),
        "follow-up tracker": "/evaluations/follow-up/",
        "dashboard": "/dashboard/?biennium=2014-15",
        "countries": "/countries/",
        "Ghana": "/countries/GHA/",
        "plan": f"/plans/{plan.pk}/",
    }


def test_the_main_pages_and_the_country_pages_have_no_wcag_a_or_aa_violation(page, screenshot):
    call_command("load_demo", verbosity=0)
    pages = main_pages()
    sign_in(page, "admin", password="rbm-demo")

    found: list[str] = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        expect(page.locator("h1").first).to_be_visible()
        found += [f"{name} ({url}): {line}" for line in axe_violations(page)]
        unresolved = page.evaluate(UNRESOLVED_DESCRIPTIONS)
        found += [f"{name} ({url}): unresolved aria-describedby {line}" for line in unresolved]
    assert found == [], "\n".join(found)
