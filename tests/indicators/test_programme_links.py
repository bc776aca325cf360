"""A result names its CPO in the entry form and over the API: one of its own place, or it is refused."""

import pytest

from indicators.models import Result
from indicators.services.programmes import programme_outcome_save
from tests.factories import place
from tests.html import html_text
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, officer, result_url

pytestmark = pytest.mark.django_db

OTHER_PLACE = "CPO TGO101 is a country programme outcome of Togo, not of Ghana; a result names a CPO of its own place."


@pytest.fixture
def cpos():
    return (
        programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Social protection floor"),
        programme_outcome_save(user=None, place=place("Togo"), code="TGO101", title="Social security code"),
    )


def test_the_entry_form_links_a_cpo_of_the_place_and_the_pages_show_it(client, cpos):
    indicator = indicator_with_criteria()
    client.force_login(officer())

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "A floor was adopted.", "programme_outcome": "GHA101"},
    )

    result = Result.objects.get()
    assert (response.status_code, result.programme_outcome) == (302, cpos[0])
    assert "Country programme outcomeGHA101: Social protection floor" in html_text(client.get(result_url(result)))
    assert "GHA101" in html_text(client.get(indicator_url(indicator)), f"result-{result.pk}")


def test_the_entry_form_refuses_a_cpo_of_another_place_and_keeps_what_was_typed(client, cpos):
    indicator = indicator_with_criteria()
    client.force_login(officer())

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "A floor was adopted.", "programme_outcome": "TGO101"},
    )

    assert response.status_code == 400
    assert OTHER_PLACE in html_text(response)
    assert "A floor was adopted." in response.content.decode()
    assert Result.objects.count() == 0


def test_editing_a_result_changes_its_cpo_or_refuses_another_places(client, cpos):
    indicator = indicator_with_criteria()
    ama = officer()
    client.force_login(ama)
    client.post(indicator_url(indicator, "result-create"), {"place": place("Ghana").pk, "description": "Adopted."})
    result = Result.objects.get()

    refused = client.post(
        result_url(result, "result-update"),
        {"place": place("Ghana").pk, "description": "Adopted.", "programme_outcome": "TGO101", "version": 1},
    )
    saved = client.post(
        result_url(result, "result-update"),
        {"place": place("Ghana").pk, "description": "Adopted.", "programme_outcome": "GHA101", "version": 1},
    )

    assert refused.status_code == 400
    assert OTHER_PLACE in html_text(refused)
    result.refresh_from_db()
    assert (saved.status_code, result.programme_outcome, result.version) == (302, cpos[0], 2)


def test_the_api_records_a_result_with_its_cpo_and_refuses_another_places_or_an_unknown_code(client, cpos):
    indicator = indicator_with_criteria()
    client.force_login(officer())
    payload = {"biennium": "2014-15", "indicator": indicator.code, "place": "GHA", "description": "Adopted."}

    other = client.post("/api/v1/results/create/", {**payload, "programme_outcome": "TGO101"}, "application/json")
    unknown = client.post("/api/v1/results/create/", {**payload, "programme_outcome": "GHA999"}, "application/json")
    created = client.post("/api/v1/results/create/", {**payload, "programme_outcome": "gha101"}, "application/json")

    assert (other.status_code, other.json()) == (400, {"programme_outcome": [OTHER_PLACE]})
    assert (unknown.status_code, unknown.json()) == (
        400,
        {"programme_outcome": ["Ghana has no country programme outcome GHA999."]},
    )
    assert created.status_code == 201
    assert created.json()["programme_outcome"] == {"code": "GHA101", "title": "Social protection floor"}
    result_id = created.json()["id"]
    moved = client.patch(f"/api/v1/results/{result_id}/update/", {"version": 1, "place": "TGO"}, "application/json")
    assert moved.status_code == 400
    assert moved.json() == {
        "programme_outcome": [
            "CPO GHA101 is a country programme outcome of Ghana, not of Togo; a result names a CPO of its own place."
        ]
    }
    assert Result.objects.count() == 1


def test_the_results_history_shows_its_cpo_changing(client, cpos):
    indicator = indicator_with_criteria()
    client.force_login(officer())
    client.post(indicator_url(indicator, "result-create"), {"place": place("Ghana").pk, "description": "Adopted."})
    result = Result.objects.get()
    client.post(
        result_url(result, "result-update"),
        {"place": place("Ghana").pk, "description": "Adopted.", "programme_outcome": "GHA101", "version": 1},
    )

    history = html_text(client.get(result_url(result)), "history")

    assert "GHA101: Social protection floor" in history
