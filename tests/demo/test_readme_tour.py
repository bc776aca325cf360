"""The README's first tour, followed as written against the demo data, by links and buttons as a newcomer would
(issue 13: "The README's first tour can be followed to the end as written")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from lxml import html as lxml_html

from demo.services import DEMO_PASSWORD
from indicators.models import Result
from tests.html import html_element

README = Path(settings.BASE_DIR) / "README.md"
# What the tour names, in its order: each is a link, a button or a field the walk below uses by that name.
TOUR_NAMES = [
    "Framework editor",
    "New criteria",
    "Reason for the change",
    "Add a result",
    "Save and submit for validation",
    "Validation queue",
    "My results",
    "Edit",
    "Save and submit for validation",
]
CRITERIA = ["A policy or strategy is adopted", "Coverage of an excluded group is extended"]


def _tour() -> str:
    text = " ".join(README.read_text(encoding="utf-8").split())
    return re.search(r"A first tour: (.*?)\n?## ", text + " ## ").group(1).split(" ## ")[0]


def _document(page) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page.content)


def _words(element) -> str:
    return " ".join(element.text_content().split())


def _link(page, name: str, *, within: str = "main", starts: bool = False) -> str:
    """The address of the link named `name` (or whose name starts so), the first as a reader's eye meets it."""
    root = _document(page).xpath(f"//{within}")[0]
    for anchor in root.iter("a"):
        words = _words(anchor)
        if words == name or (starts and words.startswith(name)):
            return anchor.get("href")
    raise AssertionError(f"no link {name!r} on {page.request['PATH_INFO']}")


def _form(page, button: str) -> tuple[str, dict[str, list[str]]]:
    """The address and the fields, as the browser would send them, of the form with the button `button`."""
    for form in _document(page).forms:
        for control in form.xpath(".//button"):
            if _words(control) == button:
                data: dict[str, list[str]] = {}
                for name, value in form.form_values():
                    data.setdefault(name, []).append(value)
                if control.get("name"):
                    data[control.get("name")] = [control.get("value", "")]
                return form.get("action") or page.request["PATH_INFO"], data
    raise AssertionError(f"no button {button!r} on {page.request['PATH_INFO']}")


def _label_for(page, label: str) -> str:
    """The name of the field whose label reads `label`."""
    document = _document(page)
    for element in document.iter("label"):
        if _words(element).rstrip(":") == label:
            return document.get_element_by_id(element.get("for")).get("name")
    raise AssertionError(f"no field {label!r} on {page.request['PATH_INFO']}")


def _sign_in(client: Client, username: str) -> None:
    client.post("/accounts/sign-out/")
    action, data = _form(client.get("/accounts/sign-in/"), "Sign in")
    data.update(username=[username], password=[DEMO_PASSWORD])
    assert client.post(action, data).status_code == 302


def _counts(client: Client) -> tuple[str, str]:
    """Indicator 4.2's derived result on its own page and in the home page table."""
    indicator = client.get("/biennia/2014-15/indicators/4.2/")
    home = client.get("/?biennium=2014-15")
    label = html_element(home, "indicator-4.2").xpath(".//*[contains(@class, 'total')]//*[contains(@class, 'label')]")
    return _words(_document(indicator).xpath("//*[@data-counts='result']//strong")[0]), _words(label[0])


@pytest.mark.django_db
def test_the_first_tour_of_the_readme_can_be_followed_to_the_end(client, capsys):
    tour = _tour()
    assert re.findall(r"\*([^*]+)\*", tour) == TOUR_NAMES
    call_command("load_demo")
    capsys.readouterr()

    # Sign in as admin, open the Framework editor, pick indicator 4.2 and type its criteria under New criteria.
    _sign_in(client, "admin")
    editor = client.get(_link(client.get("/"), "Framework editor", within="header"), follow=True)
    indicator_page = client.get(_link(editor, "4.2"))
    action, data = _form(indicator_page, "Save")
    data[_label_for(indicator_page, "New criteria")] = ["\n".join(CRITERIA)]
    data[_label_for(indicator_page, "Reason for the change")] = ["Criteria of the P&B 2014-15"]
    assert client.post(action, data).status_code == 302

    # As officer: an indicator from the home page table, Add a result for an African member State, tick the
    # criteria, add evidence and send it for validation.
    _sign_in(client, "officer")
    before = _counts(client)
    indicator = client.get(_link(client.get("/?biennium=2014-15"), "Indicator 4.2:", starts=True))
    form_page = client.get(_link(indicator, "Add a result"))
    action, data = _form(form_page, "Save and submit for validation")
    data.update(
        place=[_document(form_page).xpath("//select[@name='place']//option[normalize-space()='Algeria']/@value")[0]],
        description=["A social protection floor policy was adopted by the cabinet."],
        criteria_met=["1", "2"],
        evidence=["Cabinet decision No. 12 of 2015"],
    )
    submitted = client.post(action, data, follow=True)
    assert "The result for Algeria is submitted" in _words(_document(submitted))
    result = Result.objects.get(indicator__code="4.2", biennium__start_year=2014, place__name="Algeria")
    assert (result.status, result.criteria_met) == (Result.Status.SUBMITTED, [1, 2])

    # As manager: the Validation queue, return it with a message.
    _sign_in(client, "manager")
    queue = client.get(_link(client.get("/"), "Validation queue", within="header"))
    result_page = client.get(_link(queue, "Algeria"))
    action, data = _form(result_page, "Return to the officer")
    data["message"] = ["Attach the cabinet decision itself."]
    assert client.post(action, data).status_code == 302

    # Back as officer: My results shows it first with the message; edit, submit again.
    _sign_in(client, "officer")
    mine = client.get(_link(client.get("/"), "My results", within="header"))
    first = html_element(mine, "my-results").xpath(".//tbody/tr")[0]
    assert "Algeria" in _words(first) and "Attach the cabinet decision itself." in _words(first)
    edit_page = client.get(_link(client.get(first.xpath(".//a")[0].get("href")), "Edit"))
    action, data = _form(edit_page, "Save and submit for validation")
    data["evidence"] = ["Cabinet decision No. 12 of 2015, attached"]
    assert client.post(action, data).status_code == 302
    result.refresh_from_db()
    assert result.status == Result.Status.SUBMITTED

    # As manager, validate it: the indicator's counts and the home page table now include it.
    _sign_in(client, "manager")
    action, data = _form(client.get(f"/results/{result.pk}/"), "Validate")
    assert client.post(action, data).status_code == 302
    result.refresh_from_db()
    after = _counts(client)

    assert result.status == Result.Status.VALIDATED
    assert before == ("24 member States and 1 territory", "24 member States and 1 territory")
    assert after == ("25 member States and 1 territory", "25 member States and 1 territory")
