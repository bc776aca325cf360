"""Officers enter a place's programmes and CPOs in the browser, for places in their scope only."""

import pytest

from indicators.models import CountryProgramme, CountryProgrammeOutcome
from tests.factories import IndicatorFactory, place, region, user_with_role
from tests.html import html_table, html_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return user_with_role("officer", regions=[region("africa")])


def test_an_officer_adds_a_programme_and_a_cpo_with_its_contributions(client, officer):
    IndicatorFactory(code="4.2", outcome__number="4")
    client.force_login(officer)

    programme = client.post(
        "/countries/GHA/programmes/new/",
        {"title": "Ghana DWCP", "start_year": "2014", "end_year": "2017", "status": "active"},
    )
    dwcp = CountryProgramme.objects.get()
    created = client.post(
        "/countries/GHA/programme-outcomes/new/",
        {"code": "gha101", "title": "Floor extended", "programme": dwcp.pk, "contributions": "2014-15: 4.2"},
    )

    assert (programme.status_code, created.status_code) == (302, 302)
    assert created["Location"] == "/countries/GHA/#cpo-GHA101"
    page = client.get("/countries/GHA/")
    assert html_table(page, "cpo-table")[1] == [
        "GHA101 edit",
        "Floor extended",
        "Ghana DWCP (2014-2017)",
        "2014-15: 4.2",
        "0",
    ]
    edit = client.get("/countries/GHA/programme-outcomes/GHA101/edit/")
    assert 'value="GHA101"' in edit.content.decode()
    assert "2014-15: 4.2</textarea>" in edit.content.decode()


def test_the_cpo_form_refuses_another_places_code_and_unknown_contributions_keeping_the_input(client, officer):
    client.force_login(officer)

    response = client.post(
        "/countries/GHA/programme-outcomes/new/",
        {"code": "TZA104", "title": "A title typed", "contributions": "2014-15: 9.9"},
    )
    other = client.post("/countries/GHA/programme-outcomes/new/", {"code": "TZA104", "title": "A title typed"})

    assert response.status_code == 400
    assert "2014-15 has no indicator or outcome 9.9." in html_text(response)
    assert "CPO code TZA104 does not start with the ISO code of Ghana (GHA)." in html_text(other)
    assert "A title typed" in other.content.decode()
    assert CountryProgrammeOutcome.objects.count() == 0


def test_an_officer_cannot_enter_a_cpo_outside_their_scope_nor_a_viewer_at_all(client, officer):
    client.force_login(officer)
    outside = client.get("/countries/BRA/programme-outcomes/new/")
    client.force_login(user_with_role("viewer"))
    viewer = client.post("/countries/GHA/programme-outcomes/new/", {"code": "GHA101", "title": "x"})

    assert outside.status_code == 403
    assert "Brazil is outside your scope: you cannot change its country programme." in html_text(outside)
    assert viewer.status_code == 403
    assert CountryProgrammeOutcome.objects.count() == 0
    assert client.get("/countries/GHA/").content.decode().count("programme-outcomes/new/") == 0
    assert place("Ghana").programme_outcomes.count() == 0
