"""Form pages for every role: each aria-describedby names an element of the page, and a refused submit lists
every error in a summary linking to its field (issue 13, point 7)."""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from tests.factories import TargetFactory, biennium, user_with_role
from tests.indicators.entry_helpers import indicator_with_criteria, officer


def dangling_references(content: bytes) -> list[str]:
    document = lxml_html.fromstring(content)
    ids = set(document.xpath("//@id"))
    return [
        f"{element.get('name') or element.tag} -> {reference}"
        for element in document.xpath("//*[@aria-describedby]")
        for reference in element.get("aria-describedby").split()
        if reference not in ids
    ]


@pytest.fixture
def pages(db):
    indicator = indicator_with_criteria(code="9.1")
    TargetFactory(indicator__code="9.2")
    label = biennium().label
    return indicator, [
        reverse("indicators:result-create", args=[label, indicator.code]),
        reverse("indicators:upload-create", args=[label, indicator.code]),
        reverse("indicators:framework-indicator-update", args=[label, indicator.code]),
        reverse("indicators:framework-outcome-create", args=[label]),
        reverse("outcomes:narrative-edit", args=[indicator.outcome_id, label]),
        reverse("outcomes:biennium-list"),
        reverse("indicators:biennium-close", args=[label]),
        reverse("evaluations:evaluation-create"),
        reverse("reports:report-request"),
        reverse("accounts:api-token-list"),
    ]


def test_every_aria_describedby_on_the_form_pages_names_an_element_of_the_page(pages, client):
    _indicator, urls = pages
    client.force_login(user_with_role("administrator", username="ada"))

    dangling = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := dangling_references(response.content):
            dangling[url] = found

    assert dangling == {}


def test_a_refused_submit_lists_each_error_linked_to_its_field(pages, client):
    indicator, _urls = pages
    client.force_login(officer("ama", "africa"))

    url = reverse("indicators:result-create", args=[biennium().label, indicator.code])
    response = client.post(url, {"evidence": "Official Gazette No. 12"})

    assert response.status_code == 400
    document = lxml_html.fromstring(response.content)
    (summary,) = document.xpath("//*[@id='error-summary']")
    assert summary.get("tabindex") == "-1"
    links = summary.xpath(".//a/@href")
    assert links == ["#id_place"]  # what changed is checked by the service, once a place is chosen
    assert all(document.xpath(f"//*[@id='{link[1:]}']") for link in links)
    assert dangling_references(response.content) == []
