import csv
import io
from base64 import b64encode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from indicators.models import Result
from indicators.services import result_reopen, result_update
from tests.api.conftest import client_as
from tests.factories import ResultFactory, place

RESULT_COLUMNS = [
    "id",
    "biennium",
    "outcome",
    "indicator",
    "iso3",
    "place",
    "place_kind",
    "region",
    "entity_name",
    "reported_name",
    "description",
    "evidence",
    "criteria_met",
    "status",
    "source",
    "version",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
    "cpo_code",
    "cpo_title",
    "entity_unnamed",
]


def names(response) -> list[str]:
    return [item["place"]["name"] for item in response.json()["results"]]


def test_the_csv_of_results_opens_with_the_right_columns(seed_000_imported, client):
    response = client.get("/api/v1/results/", {"format": "csv", "biennium": "2014-15", "indicator": "4.2"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="results.csv"'
    assert rows[0] == RESULT_COLUMNS
    assert len(rows) == 1 + 25
    iraq = next(row for row in rows if row[5] == "Iraq")
    assert iraq[1:10] == ["2014-15", "4", "4.2", "IRQ", "Iraq", "member_state", "arab-states", "", "Iraq"]
    assert iraq[13:16] == ["validated", "import", "1"]


def test_the_csv_is_asked_for_by_accept_header_too(seed_000_imported, client):
    response = client.get("/api/v1/results/", HTTP_ACCEPT="text/csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[0] == ",".join(RESULT_COLUMNS)


def test_the_excel_workbook_of_results_has_the_same_table(seed_000_imported, client):
    from openpyxl import load_workbook

    response = client.get("/api/v1/results/", {"format": "xlsx", "biennium": "2014-15", "indicator": "4.1"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert list(rows[0]) == RESULT_COLUMNS
    assert sorted(row[5] for row in rows[1:]) == sorted(
        Result.objects.filter(indicator__code="4.1").values_list("place__name", flat=True)
    )
    assert len(rows) == 1 + 11


def test_text_that_looks_like_a_formula_stays_text_in_csv_and_excel(world):
    from openpyxl import load_workbook

    world.validated.description = '=HYPERLINK("http://evil.example")'
    world.validated.save()
    client = Client()

    as_csv = list(csv.DictReader(io.StringIO(client.get("/api/v1/results/", {"format": "csv"}).content.decode())))
    sheet = load_workbook(io.BytesIO(client.get("/api/v1/results/", {"format": "xlsx"}).content)).active

    assert as_csv[0]["description"] == '\'=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=2, column=11).value == '=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=2, column=11).data_type == "s"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"biennium": "2014-15", "indicator": "4.2", "region": "arab-states"}, 5),
        ({"biennium": "2014-15", "outcome": "4"}, 53),
        ({"region": "americas", "biennium": "2014-15", "indicator": "4.1"}, 4),
        ({"place": "PER"}, None),
        ({"place": "Peru"}, None),
        ({"status": "draft"}, 0),
        ({"status": "validated", "biennium": "2014-15"}, 53),
    ],
)
def test_the_results_list_filters(seed_000_imported, client, query, expected):
    response = client.get("/api/v1/results/", {**query, "page_size": 100})

    assert response.status_code == 200
    if expected is None:
        assert set(names(response)) == {"Peru"}
    else:
        assert len(response.json()["results"]) == expected


def test_the_place_filter_takes_an_iso_code_or_any_spelling(seed_000_imported, client):
    by_code = client.get("/api/v1/results/", {"place": "BOL"}).json()["results"]
    by_name = client.get("/api/v1/results/", {"place": "plurinational state of bolivia"}).json()["results"]

    assert [item["id"] for item in by_code] == [item["id"] for item in by_name]
    assert [item["place"]["name"] for item in by_code] == ["Bolivia"]


def test_updated_since_lists_only_results_changed_since(db, client):
    with time_machine.travel("2015-03-01 10:00Z", tick=False):
        ResultFactory(place=place("Ghana"))
    with time_machine.travel("2015-06-01 10:00Z", tick=False):
        ResultFactory(place=place("Peru"))

    response = client.get("/api/v1/results/", {"updated_since": "2015-05-01T00:00:00Z"})

    assert names(response) == ["Peru"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"indicator": "4.2"},
            {"biennium": ["Give the biennium too: outcome and indicator numbers belong to a biennium's framework."]},
        ),
        ({"biennium": "2014-15", "indicator": "9.9"}, {"indicator": ["There is no indicator 9.9 in 2014-15."]}),
        ({"biennium": "2014-15", "outcome": "12"}, {"outcome": ["There is no outcome 12 in 2014-15."]}),
        ({"biennium": "2098-99"}, {"biennium": ["There is no biennium 2098-99."]}),
        (
            {"place": "Atlantis"},
            {"place": ["“Atlantis” is not a member State or territory we know; give its ISO code or name."]},
        ),
        ({"region": "antarctica"}, {"region": ["There is no region “antarctica”; give its code, e.g. africa."]}),
        ({"status": "lost"}, {"status": ['"lost" is not a valid choice.']}),
        ({"ordering": "place"}, {"ordering": ['"place" is not a valid choice.']}),
        ({"page_size": "0"}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        (
            {"updated_since": "yesterday"},
            {
                "updated_since": [
                    "Datetime has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                ]
            },
        ),
    ],
)
def test_bad_filters_get_400_with_field_errors(seed_000_imported, client, query, errors):
    response = client.get("/api/v1/results/", query)

    assert (response.status_code, response.json()) == (400, errors)


def test_errors_are_json_even_when_csv_was_asked_for(db, client):
    response = client.get("/api/v1/results/", {"format": "csv", "status": "lost"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": ['"lost" is not a valid choice.']}


def test_cursor_pages_walk_every_result_once_in_a_stable_order(seed_000_imported, client):
    seen, url, pages = [], "/api/v1/results/?page_size=20", 0
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1

    assert pages == 3
    assert seen == sorted(Result.objects.values_list("id", flat=True))


def test_cursor_pages_by_update_time_go_back_and_forth(seed_000_imported, client):
    first = client.get("/api/v1/results/", {"ordering": "-updated_at", "page_size": 10}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()

    expected = list(Result.objects.order_by("-updated_at", "-id").values_list("id", flat=True)[:20])
    assert [item["id"] for item in first["results"] + second["results"]] == expected
    assert back["results"] == first["results"]


@pytest.mark.parametrize("cursor", ["garbage", "cD1hYmM=", "cD0yMDE1LW5vdA=="])
def test_a_forged_cursor_gets_404_not_a_server_error(db, client, cursor):
    response = client.get("/api/v1/results/", {"cursor": cursor, "ordering": "updated_at"})

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "This cursor is not valid; follow the “next” and “previous” links as given."},
    )


@pytest.mark.parametrize("page_size", [5, 50])
def test_the_results_list_takes_the_same_queries_whatever_the_page_size(
    seed_000_imported, client, django_assert_num_queries, page_size
):
    query = {"biennium": "2014-15", "indicator": "4.2", "region": "africa", "place": "Ghana", "page_size": page_size}
    # biennium, indicator, regions, place aliases, last change, page, the page's biennia, evidence links
    with django_assert_num_queries(8):
        response = client.get("/api/v1/results/", query)
    assert names(response) == ["Ghana"]

    # last change, page, the page's biennia, evidence links
    with django_assert_num_queries(4):
        unfiltered = client.get("/api/v1/results/", {"page_size": page_size})
    assert len(unfiltered.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_signed_in_officer_lists_results_in_a_fixed_number_of_queries(world, django_assert_num_queries, page_size):
    for name in ["Kenya", "Mali", "Niger", "Chad", "Gabon", "Malawi", "Zambia", "Uganda"]:
        ResultFactory(indicator=world.indicator, place=place(name), status="draft")
    client = client_as("officer_in_scope", world)

    # session, user, profile with regions and outcomes (3), last change, page, the page's biennia, evidence links
    with django_assert_num_queries(9):
        response = client.get("/api/v1/results/", {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 11)


def test_the_csv_of_results_takes_a_fixed_number_of_queries(seed_000_imported, client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get("/api/v1/results/", {"format": "csv"})

    assert len(response.content.decode().splitlines()) == 1 + 53


def test_an_etag_round_trip_answers_304_until_the_results_change(world, client):
    first = client.get("/api/v1/results/", {"biennium": "2014-15"})

    again = client.get("/api/v1/results/", {"biennium": "2014-15"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])

    ResultFactory(indicator=world.indicator, place=place("Peru"))
    changed = client.get("/api/v1/results/", {"biennium": "2014-15"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_etag_differs_between_json_and_csv(world, client):
    as_json = client.get("/api/v1/results/")
    as_csv = client.get("/api/v1/results/", {"format": "csv"}, HTTP_IF_NONE_MATCH=as_json["ETag"])

    assert as_csv.status_code == 200
    assert as_csv["ETag"] != as_json["ETag"]


def test_if_modified_since_answers_304_until_a_result_the_client_may_see_changes(world, client):
    first = client.get("/api/v1/results/")
    assert first["Last-Modified"] == http_date(
        Result.history.filter(status="validated").latest("history_date").history_date.timestamp()
    )

    later = http_date((timezone.now() + timedelta(seconds=5)).timestamp())
    unchanged = client.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=later)
    assert unchanged.status_code == 304

    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        # a draft changes: anonymous clients do not see it, and are not told (tests/security/test_leaks.py)
        result_update(user=world.users["officer_in_scope"], result=world.draft, version=1, evidence="Decree 7")
        assert client.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
        # the validated one is reopened (it leaves their sight): their list must be fetched again
        result_reopen(user=world.users["manager"], result=world.validated, reason="Wrong decree")
    assert client.get("/api/v1/results/", HTTP_IF_MODIFIED_SINCE=later).status_code == 200


def test_a_result_answers_304_to_its_own_etag(world, client):
    url = f"/api/v1/results/{world.validated.pk}/"
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert first["Last-Modified"] == http_date(world.validated.updated_at.timestamp())


def test_recording_a_result_answers_201_with_the_result(world):
    client = client_as("write_token", world)

    response = client.post(
        "/api/v1/results/create/",
        {
            "biennium": "2014-15",
            "indicator": world.indicator.code,
            "place": "Kenya",
            "description": "A social protection floor was costed.",
            "criteria_met": [1],
            "links": ["https://example.org/floor.pdf"],
        },
        content_type="application/json",
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["version"], body["place"], body["criteria_met"]) == (
        "draft",
        1,
        {"iso3": "KEN", "name": "Kenya", "kind": "member_state", "region": "africa"},
        [1],
    )
    assert body["attachments"] == [{"title": "", "url": "https://example.org/floor.pdf", "file": None}]
    assert Result.objects.get(pk=body["id"]).created_by == world.users["officer_in_scope"]


def test_recording_a_result_with_bad_input_answers_400_with_every_field_error(world):
    client = client_as("write_token", world)

    response = client.post(
        "/api/v1/results/create/",
        {"biennium": "2014-15", "indicator": world.indicator.code, "place": "Atlantis", "criteria_met": ["x"]},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "place": ["“Atlantis” is not a member State or territory we know; give its ISO code or name."],
            "description": ["This field is required."],
            "criteria_met": {"0": ["A valid integer is required."]},
        },
    )


def test_the_services_refusals_come_back_as_field_errors_and_details(world):
    client = client_as("write_token", world)

    duplicate = client.post(
        "/api/v1/results/create/",
        {"biennium": "2014-15", "indicator": world.indicator.code, "place": "Togo", "description": "Again."},
        content_type="application/json",
    )
    unknown_criterion = client.patch(
        f"/api/v1/results/{world.draft.pk}/update/", {"version": 1, "criteria_met": [7]}, "application/json"
    )
    submitted_twice = client.post(f"/api/v1/results/{world.submitted.pk}/submit/", {}, "application/json")

    code = world.indicator.code
    assert (duplicate.status_code, duplicate.json()) == (
        400,
        {"place": [f"A result for Togo is already recorded under indicator {code} for 2014-15."]},
    )
    assert (unknown_criterion.status_code, unknown_criterion.json()) == (
        400,
        {"criteria_met": [f"Indicator {code} has no criterion 7."]},
    )
    assert (submitted_twice.status_code, submitted_twice.json()) == (
        400,
        {"detail": "Only a draft or returned result can be submitted; this one is submitted."},
    )


def test_a_stale_edit_answers_409_with_what_changed_and_saves_nothing(world):
    manager = world.users["manager"]
    result_update(user=manager, result=world.draft, version=1, description="Manager's wording.")

    response = client_as("write_token", world).patch(
        f"/api/v1/results/{world.draft.pk}/update/",
        {"version": 1, "description": "Officer's wording."},
        content_type="application/json",
    )

    body = response.json()
    world.draft.refresh_from_db()
    assert response.status_code == 409
    assert body["detail"].startswith("kofi changed this result on ")
    assert (body["version"], body["changes"]) == (
        2,
        [
            {
                "field": "what changed",
                "was": "A national social protection policy was adopted.",
                "now": "Manager's wording.",
            }
        ],
    )
    assert world.draft.description == "Manager's wording."


def test_an_update_without_a_version_is_refused(world):
    response = client_as("write_token", world).patch(
        f"/api/v1/results/{world.draft.pk}/update/", {"evidence": "x"}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (400, {"version": ["This field is required."]})


def test_the_whole_workflow_over_the_api(world):
    officer = client_as("write_token", world)
    manager = client_as("manager", world)
    draft = world.draft.pk

    submitted = officer.post(f"/api/v1/results/{draft}/submit/", {"version": 1}, "application/json").json()
    returned = manager.post(
        f"/api/v1/results/{draft}/return/",
        {"message": "Attach the decree.", "version": submitted["version"]},
        "application/json",
    ).json()
    edited = officer.patch(
        f"/api/v1/results/{draft}/update/",
        {"version": returned["version"], "evidence": "Decree 12"},
        "application/json",
    ).json()
    officer.post(f"/api/v1/results/{draft}/submit/", {"version": edited["version"]}, "application/json")
    validated = manager.post(f"/api/v1/results/{draft}/validate/", {"message": "Fine."}, "application/json").json()
    reopened = manager.post(f"/api/v1/results/{draft}/reopen/", {"reason": "Wrong year."}, "application/json").json()

    assert [submitted["status"], returned["status"], edited["status"], validated["status"], reopened["status"]] == [
        "submitted",
        "returned",
        "returned",
        "validated",
        "returned",
    ]
    assert (returned["review_message"], reopened["review_message"], reopened["version"]) == (
        "Attach the decree.",
        "Wrong year.",
        7,
    )


def test_return_and_reopen_need_a_message(world):
    manager = client_as("manager", world)

    returned = manager.post(f"/api/v1/results/{world.submitted.pk}/return/", {"message": " "}, "application/json")
    reopened = manager.post(f"/api/v1/results/{world.validated.pk}/reopen/", {}, "application/json")

    assert (returned.status_code, returned.json()) == (
        400,
        {"message": ["Say why the result is returned, so the officer knows what to fix."]},
    )
    assert (reopened.status_code, reopened.json()) == (400, {"reason": ["This field is required."]})


def test_a_session_write_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_in_scope"])

    response = client.post(f"/api/v1/results/{world.draft.pk}/submit/", {}, "application/json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")


def test_cursor_pages_walk_forward_and_back_when_every_result_shares_one_update_time(seed_000_imported, client):
    # A table imported in one write stamps all its results with the same moment.
    Result.objects.update(updated_at=timezone.now())
    expected = list(Result.objects.order_by("-updated_at", "-id").values_list("id", flat=True))

    pages, url = [], "/api/v1/results/?ordering=-updated_at&page_size=10"
    while url:
        body = client.get(url).json()
        pages.append([item["id"] for item in body["results"]])
        url = body["next"]
    back, url = [], body["previous"]
    while url:
        body = client.get(url).json()
        back.append([item["id"] for item in body["results"]])
        url = body["previous"]

    assert [pk for page in pages for pk in page] == expected
    assert back == pages[-2::-1]


def test_a_forged_cursor_without_its_id_is_refused(seed_000_imported, client):
    cursor = b64encode(b"p=2026-01-01+00%3A00%3A00%2B00%3A00").decode()

    response = client.get("/api/v1/results/", {"ordering": "-updated_at", "cursor": cursor})

    assert response.status_code == 404


def test_a_results_representation_is_what_drfs_field_by_field_one_gives(db, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework import serializers

    from indicators.apis.results import ResultOutputSerializer
    from indicators.models import ResultEvidence
    from indicators.selectors.results import result_list_with_attachments
    from indicators.services.programmes import programme_outcome_save

    settings.MEDIA_ROOT = tmp_path
    cpo = programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Social protection extended")
    full = ResultFactory(
        place=place("Ghana"),
        programme_outcome=cpo,
        description="A bill went to parliament.\nIts second reading is set.",
        evidence="Gazette of 3 May",
        criteria_met=[1, 3],
        status="validated",
        review_message="Checked against the gazette.",
        submitted_at=timezone.now() - timedelta(days=2),
        reviewed_at=timezone.now(),
    )
    ResultEvidence.objects.create(result=full, title="Gazette", url="https://example.org/gazette")
    ResultEvidence.objects.create(
        result=full, file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    )
    bare = ResultFactory(place=place("Kenya"), status="validated")
    serializer = ResultOutputSerializer()

    for result in result_list_with_attachments(user=None).filter(pk__in=[full.pk, bare.pk]):
        written_out = serializer.to_representation(result)
        field_by_field = serializers.Serializer.to_representation(serializer, result)

        assert written_out == field_by_field
        assert list(written_out) == list(field_by_field)
        assert list(written_out["place"]) == list(field_by_field["place"])


def test_a_first_page_is_answered_from_the_cache_until_a_result_or_its_evidence_changes(
    world, django_assert_max_num_queries
):
    from indicators.services import result_evidence_add

    officer = client_as("officer_in_scope", world)
    first = officer.get("/api/v1/results/", {"page_size": 2})
    with django_assert_max_num_queries(7):  # session, user, profile (3), last change: not the page
        again = officer.get("/api/v1/results/", {"page_size": 2})
    result_update(
        user=world.users["officer_in_scope"],
        result=world.draft,
        version=world.draft.version,
        description="A new law on social protection.",
    )
    edited = officer.get("/api/v1/results/", {"page_size": 2})
    result_evidence_add(user=world.users["officer_in_scope"], result=world.draft, url="https://example.org/law")
    evidenced = officer.get("/api/v1/results/", {"page_size": 2})

    def draft(response) -> dict:
        return next(item for item in response.json()["results"] if item["id"] == world.draft.pk)

    assert again.json() == first.json()
    assert draft(edited)["description"] == "A new law on social protection."
    assert [item["url"] for item in draft(evidenced)["attachments"]] == ["https://example.org/law"]


def test_a_first_page_kept_for_one_user_is_not_what_another_who_sees_less_gets(world, client):
    officer = client_as("officer_in_scope", world)
    officer.get("/api/v1/results/")

    everyone = client.get("/api/v1/results/")
    elsewhere = client_as("officer_out_of_scope", world).get("/api/v1/results/")

    assert sorted(names(officer.get("/api/v1/results/"))) == ["Benin", "Ghana", "Togo"]
    assert names(everyone) == ["Ghana"]
    assert names(elsewhere) == ["Ghana"]


def test_a_first_page_names_the_cpo_as_it_is_now(world, client):
    from indicators.counts_cache import counts_cache_invalidate
    from indicators.services.programmes import programme_outcome_save

    cpo = programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Old title")
    Result.objects.filter(pk=world.validated.pk).update(programme_outcome=cpo)
    counts_cache_invalidate()  # the update above went past the services
    before = client.get("/api/v1/results/").json()["results"][0]["programme_outcome"]
    programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="New title", programme_outcome=cpo)
    after = client.get("/api/v1/results/").json()["results"][0]["programme_outcome"]

    assert (before, after) == ({"code": "GHA101", "title": "Old title"}, {"code": "GHA101", "title": "New title"})
