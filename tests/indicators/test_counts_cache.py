from django.test import Client
from django.urls import reverse

from indicators.selectors import indicator_get
from indicators.services import result_submit, result_validate
from tests.factories import ResultFactory, UserFactory, place, region, user_with_role

URL = "/api/v1/indicators/4.1/counts/"


def test_a_repeated_counts_request_is_answered_from_the_cache_without_queries(
    seed_000_imported, client, django_assert_num_queries
):
    first = client.get(URL, {"biennium": "2014-15"}).json()

    with django_assert_num_queries(0):
        second = client.get(URL, {"biennium": "2014-15"}).json()

    assert second == first


def test_validating_a_result_changes_the_cached_counts_at_once(seed_000_imported, client):
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    officer = user_with_role("officer")
    manager = user_with_role("manager")
    result = ResultFactory(
        indicator=indicator, biennium=seed_000_imported, place=place("Kenya"), status="draft", created_by=officer
    )
    before = client.get(URL, {"biennium": "2014-15"}).json()

    result_validate(user=manager, result=result_submit(user=officer, result=result))
    after = client.get(URL, {"biennium": "2014-15"}).json()

    assert (before["label"], after["label"]) == ("11 member States", "12 member States")
    assert (before["by_region"]["Africa"], after["by_region"]["Africa"]) == (3, 4)


def test_the_counts_list_follows_a_change_of_target(seed_000_imported, client):
    before = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()
    target = indicator_get(biennium=seed_000_imported, code="4.3").targets.get()
    administrator = UserFactory(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(administrator)

    # Targets change in the admin (or by importing a table); the edit drops the counts cache.
    changed = admin.post(
        reverse("admin:indicators_target_change", args=[target.pk]),
        {"indicator": target.indicator_id, "biennium": target.biennium_id, "value": 20, "text": target.text},
    )

    assert changed.status_code == 302
    after = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()

    assert [item["target_met"] for item in before if item["indicator"] == "4.3"] == [True]
    assert [item["target_met"] for item in after if item["indicator"] == "4.3"] == [False]


def test_errors_are_not_cached(seed_000_imported, client):
    assert client.get(URL, {"biennium": "2099-00"}).status_code == 400
    assert client.get(URL, {"biennium": "2099-00"}).status_code == 400
    assert client.get(URL, {"biennium": "2014-15"}).status_code == 200


def test_committing_an_excel_upload_drops_the_cached_dashboard_figures(seed_000_imported, client):
    from indicators.services.uploads import result_upload_commit, result_upload_create
    from tests.indicators.test_bulk_upload import workbook

    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    officer = user_with_role("officer", username="ama", regions=[region("africa")])
    client.force_login(officer)
    before = client.get("/dashboard/", {"biennium": "2014-15"}).context["pipeline"]["totals"]["draft"]
    content = workbook([["Kenya", "A social security law was adopted.", "Gazette", "", "", ""]])
    upload = result_upload_create(
        user=officer, indicator=indicator, biennium=seed_000_imported, filename="kenya.xlsx", content=content
    )

    result_upload_commit(user=officer, upload=upload)

    after = client.get("/dashboard/", {"biennium": "2014-15"}).context["pipeline"]["totals"]["draft"]
    assert (before, after) == (0, 1)
