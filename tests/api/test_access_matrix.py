"""Each role's access on each endpoint: anonymous, viewer, officer in and out of scope, manager, and an
officer's read-only and read-write tokens. Drafts and submitted results never reach those who may not see them."""

import csv
import io

import pytest

from indicators.models import Result
from tests.api.conftest import ACTORS, client_as


def _matrix(**expected):
    assert set(expected) == set(ACTORS)
    return pytest.mark.parametrize(("actor", "expected"), list(expected.items()))


ALL = {"Benin", "Ghana", "Togo"}
PUBLISHED = {"Ghana"}


@_matrix(
    anonymous=PUBLISHED,
    viewer=PUBLISHED,
    officer_in_scope=ALL,
    officer_out_of_scope=PUBLISHED,
    manager=ALL,
    read_token=ALL,
    write_token=ALL,
)
def test_the_results_list_shows_each_actor_what_they_may_see(world, actor, expected):
    response = client_as(actor, world).get("/api/v1/results/", {"biennium": "2014-15"})

    assert response.status_code == 200
    assert {item["place"]["name"] for item in response.json()["results"]} == expected


@_matrix(
    anonymous=PUBLISHED,
    viewer=PUBLISHED,
    officer_in_scope=ALL,
    officer_out_of_scope=PUBLISHED,
    manager=ALL,
    read_token=ALL,
    write_token=ALL,
)
def test_the_csv_and_excel_lists_show_each_actor_what_they_may_see(world, actor, expected):
    from openpyxl import load_workbook

    client = client_as(actor, world)
    as_csv = client.get("/api/v1/results/", {"format": "csv"})
    as_xlsx = client.get("/api/v1/results/", {"format": "xlsx"})

    assert {row["place"] for row in csv.DictReader(io.StringIO(as_csv.content.decode()))} == expected
    rows = list(load_workbook(io.BytesIO(as_xlsx.content)).active.iter_rows(values_only=True))
    place_column = rows[0].index("place")
    assert {row[place_column] for row in rows[1:]} == expected


@_matrix(
    anonymous=404,
    viewer=404,
    officer_in_scope=200,
    officer_out_of_scope=404,
    manager=200,
    read_token=200,
    write_token=200,
)
def test_a_draft_is_read_only_by_those_who_may_see_it(world, actor, expected):
    response = client_as(actor, world).get(f"/api/v1/results/{world.draft.pk}/")

    assert response.status_code == expected
    if expected == 404:
        assert response.json() == {"detail": f"There is no result {world.draft.pk}, or it is not visible to you."}


@pytest.mark.parametrize("actor", ACTORS)
def test_counts_are_the_same_for_everyone_and_count_only_validated_results(world, actor):
    client = client_as(actor, world)
    listed = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()
    single = client.get(f"/api/v1/indicators/{world.indicator.code}/counts/", {"biennium": "2014-15"}).json()

    [counts] = [item for item in listed if item["indicator"] == world.indicator.code]
    assert counts == single
    assert (counts["result"], counts["by_region"]["Africa"], counts["label"]) == (1, 1, "1 member State")


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_reads_the_framework(world, actor):
    client = client_as(actor, world)

    statuses = [
        client.get(url, query).status_code
        for url, query in [
            ("/api/v1/biennia/", {}),
            ("/api/v1/regions/", {}),
            ("/api/v1/places/", {"region": "africa"}),
            ("/api/v1/places/GHA/", {}),
            ("/api/v1/outcomes/", {"biennium": "2014-15"}),
            ("/api/v1/indicators/", {"biennium": "2014-15"}),
            (f"/api/v1/indicators/{world.indicator.code}/", {"biennium": "2014-15"}),
        ]
    ]

    assert statuses == [200] * 7


@_matrix(
    anonymous=401,
    viewer=403,
    officer_in_scope=201,
    officer_out_of_scope=403,
    manager=201,
    read_token=403,
    write_token=201,
)
def test_recording_a_result_needs_a_recording_role_in_scope_and_a_write_token(world, actor, expected):
    payload = {
        "biennium": "2014-15",
        "indicator": world.indicator.code,
        "place": "KEN",
        "description": "A social protection floor was costed.",
        "criteria_met": [1],
    }

    response = client_as(actor, world).post("/api/v1/results/create/", payload, content_type="application/json")

    assert response.status_code == expected
    assert Result.objects.filter(place__iso3="KEN").exists() == (expected == 201)


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=200,
    officer_out_of_scope=404,
    manager=200,
    read_token=403,
    write_token=200,
)
def test_editing_a_draft(world, actor, expected):
    response = client_as(actor, world).patch(
        f"/api/v1/results/{world.draft.pk}/update/",
        {"version": 1, "evidence": "Cabinet decision 4/2015"},
        content_type="application/json",
    )

    world.draft.refresh_from_db()
    assert response.status_code == expected
    assert world.draft.evidence == ("Cabinet decision 4/2015" if expected == 200 else "")


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=200,
    officer_out_of_scope=404,
    manager=200,
    read_token=403,
    write_token=200,
)
def test_submitting_a_draft(world, actor, expected):
    response = client_as(actor, world).post(f"/api/v1/results/{world.draft.pk}/submit/", {}, "application/json")

    world.draft.refresh_from_db()
    assert (response.status_code, world.draft.status) == (expected, "submitted" if expected == 200 else "draft")


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=200,
    officer_out_of_scope=404,
    manager=200,
    read_token=403,
    write_token=200,
)
def test_withdrawing_a_submitted_result(world, actor, expected):
    response = client_as(actor, world).post(f"/api/v1/results/{world.submitted.pk}/withdraw/", {}, "application/json")

    world.submitted.refresh_from_db()
    assert (response.status_code, world.submitted.status) == (expected, "draft" if expected == 200 else "submitted")


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=403,
    officer_out_of_scope=404,
    manager=200,
    read_token=403,
    write_token=403,
)
def test_validating_a_submitted_result_takes_a_manager_in_scope(world, actor, expected):
    response = client_as(actor, world).post(f"/api/v1/results/{world.submitted.pk}/validate/", {}, "application/json")

    world.submitted.refresh_from_db()
    assert (response.status_code, world.submitted.status) == (
        expected,
        "validated" if expected == 200 else "submitted",
    )


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=403,
    officer_out_of_scope=404,
    manager=200,
    read_token=403,
    write_token=403,
)
def test_returning_a_submitted_result_takes_a_manager_in_scope(world, actor, expected):
    response = client_as(actor, world).post(
        f"/api/v1/results/{world.submitted.pk}/return/", {"message": "Attach the decree."}, "application/json"
    )

    world.submitted.refresh_from_db()
    assert (response.status_code, world.submitted.status) == (
        expected,
        "returned" if expected == 200 else "submitted",
    )


@_matrix(
    anonymous=401,
    viewer=403,
    officer_in_scope=403,
    officer_out_of_scope=403,
    manager=200,
    read_token=403,
    write_token=403,
)
def test_reopening_a_validated_result_takes_a_manager_in_scope(world, actor, expected):
    response = client_as(actor, world).post(
        f"/api/v1/results/{world.validated.pk}/reopen/", {"reason": "Wrong country."}, "application/json"
    )

    world.validated.refresh_from_db()
    assert (response.status_code, world.validated.status) == (
        expected,
        "returned" if expected == 200 else "validated",
    )


@_matrix(
    anonymous=401,
    viewer=404,
    officer_in_scope=204,
    officer_out_of_scope=404,
    manager=204,
    read_token=403,
    write_token=204,
)
def test_deleting_a_draft(world, actor, expected):
    response = client_as(actor, world).delete(f"/api/v1/results/{world.draft.pk}/delete/")

    assert response.status_code == expected
    assert Result.objects.filter(pk=world.draft.pk).exists() == (expected != 204)


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_a_manager_or_administrator_without_regions_sees_every_unvalidated_result(world, role):
    from django.test import Client

    from tests.factories import user_with_role

    client = Client()
    client.force_login(user_with_role(role, username=f"all-{role}"))

    listed = client.get("/api/v1/results/").json()["results"]
    draft = client.get(f"/api/v1/results/{world.draft.pk}/")

    assert {item["place"]["name"] for item in listed} == ALL
    assert draft.status_code == 200
