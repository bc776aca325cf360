"""CPOs over the API: read by everyone, written by officers for places in their scope, under the services' rules."""

import pytest

from indicators.models import CountryProgrammeOutcome
from tests.factories import IndicatorFactory, region, user_with_role

pytestmark = pytest.mark.django_db


def test_an_officer_records_and_changes_a_cpo_and_anyone_reads_it(client, django_assert_max_num_queries):
    IndicatorFactory(code="4.2", outcome__number="4")
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    created = client.post(
        "/api/v1/programme-outcomes/create/",
        {"place": "Ghana", "code": "gha101", "title": "Floor extended", "contributions": "2014-15: 4.2"},
        "application/json",
    )
    updated = client.put(
        "/api/v1/programme-outcomes/GHA101/update/",
        {"code": "GHA101", "title": "Floor extended to informal workers", "contributions": "2014-15: 4"},
        "application/json",
    )
    client.logout()
    with django_assert_max_num_queries(4):
        listed = client.get("/api/v1/programme-outcomes/", {"place": "GHA"})

    assert created.status_code == 201
    assert created.json() == {
        "place": "GHA",
        "code": "GHA101",
        "title": "Floor extended",
        "programme": None,
        "contributions": [{"biennium": "2014-15", "outcome": "4", "indicator": "4.2"}],
    }
    assert updated.status_code == 200
    assert listed.json() == [
        {
            "place": "GHA",
            "code": "GHA101",
            "title": "Floor extended to informal workers",
            "programme": None,
            "contributions": [{"biennium": "2014-15", "outcome": "4", "indicator": None}],
        }
    ]


def test_the_api_refuses_another_places_code_an_unknown_place_a_duplicate_and_a_place_out_of_scope(client):
    client.force_login(user_with_role("officer", regions=[region("africa")]))
    post = lambda payload: client.post("/api/v1/programme-outcomes/create/", payload, "application/json")  # noqa: E731

    other = post({"place": "GHA", "code": "TZA104", "title": "x"})
    unknown = post({"place": "Atlantis", "code": "ATL101", "title": "x"})
    post({"place": "GHA", "code": "GHA101", "title": "x"})
    duplicate = post({"place": "GHA", "code": "GHA101", "title": "again"})
    outside = post({"place": "BRA", "code": "BRA101", "title": "x"})

    assert (other.status_code, other.json()) == (
        400,
        {"code": ["CPO code TZA104 does not start with the ISO code of Ghana (GHA)."]},
    )
    assert unknown.status_code == 400
    assert unknown.json() == {
        "place": ["“Atlantis” is not a member State or territory we know; give its ISO code or name."]
    }
    assert duplicate.json() == {"code": ["Ghana already has a country programme outcome GHA101."]}
    assert (outside.status_code, outside.json()) == (
        403,
        {"detail": "Brazil is outside your scope: you cannot change its country programme."},
    )
    assert list(CountryProgrammeOutcome.objects.values_list("code", "title")) == [("GHA101", "x")]
