import csv
import datetime
import io

import pytest
from django.urls import reverse

from indicators.models import Result
from indicators.selectors import indicator_get
from tests.evaluations.factories import FollowUpActionFactory, RecommendationFactory
from tests.factories import IndicatorFactory, OutcomeFactory, ResultFactory, TargetFactory, biennium, place, region
from tests.factories import user_with_role as role_user
from tests.html import html_element, html_table, html_text


@pytest.fixture
def manager(db):
    return role_user("manager", username="kofi")


def test_the_dashboard_shows_the_published_figures_of_seed_000(seed_000_imported, client, manager):
    client.force_login(manager)

    page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    assert html_text(page, "tile-target-met") == "3 indicators with target met"
    assert html_text(page, "tile-target-not-met") == "0 indicators with target not yet met"
    assert html_table(page, "table-outcome-4") == [
        [
            "Indicator",
            "Target",
            "Result",
            "Status",
            "Africa",
            "Americas",
            "Arab States",
            "Asia-Pacific",
            "Europe-Central Asia",
        ],
        ["4.1", "10 member States", "11 member States", "target met", "3", "4", "1", "1", "2"],
        ["4.2", "12 member States", "24 member States and 1 territory", "target met", "8", "4", "5", "7", "1"],
        ["4.3", "8 member States", "16 member States and 1 territory", "target met", "3", "2", "4", "6", "2"],
    ]


def test_places_reached_counts_distinct_places_across_indicators(seed_000_imported, client, manager):
    client.force_login(manager)

    page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    # 53 results name 38 distinct places (Ghana, Niger, Myanmar ... recur), one of them a territory.
    assert html_text(page, "tile-places") == "38 places reached (37 member States and 1 territory)"


def test_every_number_links_to_the_list_behind_it(seed_000_imported, client, manager):
    client.force_login(manager)
    page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    [link] = html_element(page, "table-outcome-4").xpath('./tbody/tr[@data-indicator="4.2"]/td/a[text()="5"]/@href')
    listed = client.get(link)

    assert (
        link == reverse("dashboard:result-list") + "?biennium=2014-15&indicator=4.2&region=arab-states&status=validated"
    )
    behind = Result.objects.filter(
        biennium=seed_000_imported, indicator__code="4.2", place__region__code="arab-states", status="validated"
    )
    pages = {result.display_name: result.get_absolute_url() for result in behind}
    names = ["Iraq", "Jordan", "Occupied Palestinian Territory", "Oman", "Saudi Arabia"]
    links = html_element(listed, "results-table").xpath("./tbody/tr/th/a")
    assert [link.text for link in links] == names
    assert [link.get("href") for link in links] == [pages[name] for name in names]


def test_the_places_list_behind_the_tile_names_each_place(seed_000_imported, client, manager):
    client.force_login(manager)

    page = client.get(reverse("dashboard:place-list"), {"biennium": "2014-15", "region": "europe-central-asia"})

    assert [row[0] for row in html_table(page, "places-table")[1:]] == [
        "Czechia",
        "Kazakhstan",
        "Kyrgyzstan",
        "Slovakia",
        "Tajikistan",
    ]


def test_the_results_list_pages_keep_the_filters(seed_000_imported, client, manager):
    client.force_login(manager)

    first = client.get(reverse("dashboard:result-list"), {"biennium": "2014-15", "status": "validated"})
    second = client.get(reverse("dashboard:result-list"), {"biennium": "2014-15", "status": "validated", "page": "2"})

    assert html_element(first, "results-table").xpath("count(./tbody/tr)") == 50
    assert [link.get("href") for link in html_element(first, "main").xpath(".//nav[@class='pagination']/a")] == [
        "?biennium=2014-15&status=validated&page=2"
    ]
    assert html_element(second, "results-table").xpath("count(./tbody/tr)") == 3
    assert [link.get("href") for link in html_element(second, "main").xpath(".//nav[@class='pagination']/a")] == [
        "?biennium=2014-15&status=validated&page=1"
    ]


def test_csv_download_gives_what_the_section_shows(seed_000_imported, client, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard:dashboard-export", args=["indicators"]), {"biennium": "2014-15"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows == [
        [
            "Outcome",
            "Indicator",
            "Target",
            "Result",
            "Label",
            "Africa",
            "Americas",
            "Arab States",
            "Asia and the Pacific",
            "Europe and Central Asia",
        ],
        ["4", "4.1", "10", "11", "11 member States", "3", "4", "1", "1", "2"],
        ["4", "4.2", "12", "25", "24 member States and 1 territory", "8", "4", "5", "7", "1"],
        ["4", "4.3", "8", "17", "16 member States and 1 territory", "3", "2", "4", "6", "2"],
    ]


def pipeline_cells(client, **params) -> list[list[str]]:
    response = client.get(reverse("dashboard:dashboard-export", args=["pipeline"]), {"biennium": "2014-15", **params})
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_viewers_see_validated_data_only_and_officers_their_scopes_drafts(seed_000_imported, client):
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    ResultFactory(indicator=indicator, biennium=seed_000_imported, place=place("Kenya"), status="draft")
    ResultFactory(indicator=indicator, biennium=seed_000_imported, place=place("Chile"), status="submitted")

    client.force_login(role_user("viewer"))
    viewer = pipeline_cells(client)
    client.force_login(role_user("officer", regions=[region("africa")]))
    officer = pipeline_cells(client)

    assert viewer[1] == ["Africa", "0", "0", "0", "14"]
    assert viewer[2] == ["Americas", "0", "0", "0", "10"]
    assert officer[1] == ["Africa", "1", "0", "0", "14"]
    assert officer[2] == ["Americas", "0", "0", "0", "10"]


def test_the_region_filter_shows_regional_results_against_programme_targets(seed_000_imported, client, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15", "region": "arab-states"})

    rows = {row["indicator"].code: row for row in response.context["indicators"]}
    assert (rows["4.2"]["shown"]["label"], rows["4.2"]["whole"]["target_met"]) == (
        "4 member States and 1 territory",
        True,
    )


def test_bad_filters_are_named_and_the_rest_still_applies(seed_000_imported, client, manager):
    client.force_login(manager)

    response = client.get(
        reverse("dashboard:dashboard-detail"), {"biennium": "2014-15", "outcome": "99", "region": "mars"}
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        "There is no outcome 99 in 2014-15.",
        "There is no region “mars”; give its code, e.g. africa.",
    ]
    assert response.context["filters"].biennium.label == "2014-15"


def continued_indicator():
    """A 2016-17 indicator continuing a 2014-15 one, each with a target and validated results (2, then 5)."""
    earlier = TargetFactory(biennium=biennium(2014), value=3).indicator
    later = IndicatorFactory(outcome=OutcomeFactory(framework=biennium(2016).framework), predecessor=earlier)
    TargetFactory(indicator=later, biennium=biennium(2016), value=4)
    for name in ["Ghana", "Togo"]:
        ResultFactory(indicator=earlier, biennium=biennium(2014), place=place(name))
    for name in ["Ghana", "Togo", "Benin", "Mali", "Peru"]:
        ResultFactory(indicator=later, biennium=biennium(2016), place=place(name))
    return later


def test_trends_follow_indicators_that_continue_earlier_ones(db, client, manager):
    continued_indicator()
    client.force_login(manager)

    response = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})

    [trend] = response.context["trends"]
    assert trend["points"] == [
        {"biennium": "2014-15", "result": 2, "target": 3},
        {"biennium": "2016-17", "result": 5, "target": 4},
    ]


def test_the_dashboard_needs_a_sign_in(db, client):
    response = client.get(reverse("dashboard:dashboard-detail"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/sign-in/?next=/dashboard/")


def grow_tenfold(biennium_2014_15):
    """Add validated results so the biennium holds ten times the seed's 53."""
    from places.models import Place

    indicators = list(biennium_2014_15.framework.indicators.all())
    taken = set(Result.objects.values_list("indicator_id", "place_id"))
    new = []
    for indicator in indicators:
        for candidate in Place.objects.order_by("iso3"):
            if (indicator.pk, candidate.pk) not in taken and len(new) < 477:
                new.append(Result(indicator=indicator, biennium=biennium_2014_15, place=candidate, status="validated"))
                taken.add((indicator.pk, candidate.pk))
    Result.objects.bulk_create(new)
    assert Result.objects.count() == 530


def test_the_dashboards_query_count_does_not_grow_with_the_data(
    seed_000_imported, client, manager, django_assert_num_queries
):
    from django.core.cache import cache

    client.force_login(manager)
    client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})
    cache.clear()  # measure the page computing its figures, not answering from the cache

    with django_assert_num_queries(
        23
    ) as small:  # 21 (the map counts per place, then names them), the plans of action (none here), the unread badge
        client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})
    grow_tenfold(seed_000_imported)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})


def test_the_dashboard_and_its_sections_read_the_results_tallies_not_a_single_result(
    seed_000_imported, client, manager
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    urls = [reverse("dashboard:dashboard-detail")] + [
        reverse("dashboard:dashboard-export", args=[section])
        for section in ("indicators", "pipeline", "places", "trends")
    ]
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"biennium": "2014-15"}).status_code == 200
        read = [query["sql"] for query in queries.captured_queries if '"indicators_result"' in query["sql"]]
        assert read == [], url
        # Trends read nothing here: no indicator of seed 000 continues an earlier one.
        if not url.endswith("/trends/"):
            assert any('"indicators_resulttally"' in query["sql"] for query in queries.captured_queries), url


def test_the_dashboard_answers_from_the_cache_until_a_result_changes(seed_000_imported, client, manager):
    from indicators.services import result_submit, result_validate

    client.force_login(manager)
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    officer = role_user("officer")
    result = ResultFactory(
        indicator=indicator, biennium=seed_000_imported, place=place("Kenya"), status="draft", created_by=officer
    )
    first = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"}).context["computed_at"]
    again = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"}).context["computed_at"]

    result_validate(user=manager, result=result_submit(user=officer, result=result))
    response = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    assert again == first
    assert response.context["computed_at"] > first
    assert html_text(response, "tile-places") == "39 places reached (38 member States and 1 territory)"


def rendered_templates(response) -> set[str]:
    return {template.name for template in response.templates}


def test_the_figures_sections_are_rendered_once_until_a_result_changes(seed_000_imported, client, manager):
    from indicators.services import result_submit, result_validate

    client.force_login(manager)
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    officer = role_user("officer")
    result = ResultFactory(
        indicator=indicator, biennium=seed_000_imported, place=place("Kenya"), status="draft", created_by=officer
    )
    first = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})
    again = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    result_validate(user=manager, result=result_submit(user=officer, result=result))
    changed = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    assert "dashboard/_figures.html" in rendered_templates(first)
    assert "dashboard/_figures.html" not in rendered_templates(again)
    assert html_table(again, "table-pipeline") == html_table(first, "table-pipeline")
    assert "dashboard/_figures.html" in rendered_templates(changed)
    assert html_table(first, "table-pipeline")[1] == ["Africa", "1", "0", "0", "14"]
    assert html_table(changed, "table-pipeline")[1] == ["Africa", "0", "0", "0", "15"]


def test_the_figures_sections_are_rendered_per_language_and_per_scope(seed_000_imported, client, manager):
    client.force_login(manager)
    client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    french = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15", "lang": "fr"})
    client.force_login(role_user("viewer"))
    viewer = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    assert html_table(french, "table-pipeline")[1][0] == "Afrique"
    assert "dashboard/_figures.html" in rendered_templates(viewer)
    assert "Validated results only." in html_text(viewer, "pipeline")


def test_a_tile_of_one_speaks_in_the_singular(client, manager):
    target = TargetFactory(value=1)
    ResultFactory(indicator=target.indicator, place=place("Ghana"))
    ResultFactory(indicator=target.indicator, place=place("Togo"), status=Result.Status.SUBMITTED)
    client.force_login(manager)

    page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"})

    assert html_text(page, "tile-target-met") == "1 indicator with target met"
    assert html_text(page, "tile-target-not-met") == "0 indicators with target not yet met"
    assert html_text(page, "tile-awaiting") == "1 result awaiting validation"


def test_the_csv_download_in_french_has_french_headings_regions_and_counts(seed_000_imported, client, manager):
    client.force_login(manager)

    response = client.get(
        reverse("dashboard:dashboard-export", args=["indicators"]), {"biennium": "2014-15", "lang": "fr"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Résultat",
        "Indicateur",
        "Cible",
        "Résultat obtenu",
        "Libellé",
        "Afrique",
        "Amériques",
        "États arabes",
        "Asie et Pacifique",
        "Europe et Asie centrale",
    ]
    assert next(row for row in rows if row[1] == "4.2")[4] == "24 États Membres et 1 territoire"


def continued_indicator_with_results_and_follow_up():
    """The continued indicator, with a result awaiting validation and a recommendation past its due date."""
    later = continued_indicator()
    ResultFactory(indicator=later, biennium=biennium(2016), place=place("Chile"), status="submitted")
    recommendation = RecommendationFactory(outcomes=[later.outcome])
    FollowUpActionFactory(recommendation=recommendation, due_date=datetime.date(2020, 1, 1))


@pytest.mark.parametrize("section", ["indicators", "pipeline", "places", "trends", "follow-up"])
def test_a_sections_csv_computed_alone_is_the_one_the_cached_dashboard_gives(db, client, manager, section):
    from django.core.cache import cache

    continued_indicator_with_results_and_follow_up()
    client.force_login(manager)
    url = reverse("dashboard:dashboard-export", args=[section])
    cache.clear()

    alone = client.get(url, {"biennium": "2016-17"}).content.decode()
    client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})  # caches the dashboard's figures
    from_dashboard = client.get(url, {"biennium": "2016-17"}).content.decode()

    assert alone == from_dashboard
    assert len(list(csv.reader(io.StringIO(alone)))) >= 2  # the headings and the section's rows


def test_a_sections_csv_computed_alone_does_not_derive_the_other_sections(db, client, manager):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    continued_indicator_with_results_and_follow_up()
    client.force_login(manager)
    client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})
    cache.clear()
    with CaptureQueriesContext(connection) as whole:
        client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})
    cache.clear()
    with CaptureQueriesContext(connection) as places:
        client.get(reverse("dashboard:dashboard-export", args=["places"]), {"biennium": "2016-17"})

    assert len(places) < len(whole) - 10


def test_the_follow_up_moves_on_the_next_request_after_an_action_changes_and_as_days_pass(db, client, manager):
    import time_machine

    from evaluations.services import follow_up_action_create, follow_up_action_update, progress_update_record

    outcome = OutcomeFactory(framework=biennium(2016).framework)
    IndicatorFactory(outcome=outcome)
    recommendation = RecommendationFactory(outcomes=[outcome])
    client.force_login(manager)

    def follow_up_row() -> list[str]:
        page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})
        return html_table(page, "table-follow-up")[1][1:]  # open, overdue, done

    def plan(due: datetime.date):
        return follow_up_action_create(
            user=manager, recommendation=recommendation, description="Publish a guide", unit="SOCPRO", due_date=due
        )

    seen = {}
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        seen["no action yet"] = follow_up_row()  # not started counts as open
        first = plan(datetime.date(2026, 6, 30))
        seen["planned"] = follow_up_row()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        seen["past its due date"] = follow_up_row()
        progress_update_record(
            user=manager, action=first, date=datetime.date(2026, 7, 1), text="Guide published.", status="completed"
        )
        seen["completed"] = follow_up_row()
        second = plan(datetime.date(2026, 8, 1))
        seen["another planned"] = follow_up_row()
        follow_up_action_update(
            user=manager,
            action=second,
            description="Publish a guide",
            unit="SOCPRO",
            due_date=datetime.date(2026, 8, 1),
            status="cancelled",
            cancellation_reason="Covered by the first guide.",
        )
        seen["the other cancelled"] = follow_up_row()

    assert seen == {
        "no action yet": ["1", "0", "0"],
        "planned": ["1", "0", "0"],
        "past its due date": ["0", "1", "0"],
        "completed": ["0", "0", "1"],
        "another planned": ["1", "0", "0"],
        "the other cancelled": ["0", "0", "1"],
    }


def test_the_follow_up_moves_on_the_next_request_after_a_link_or_a_publication_changes(db, client, manager):
    import dataclasses

    from evaluations.services import (
        evaluation_input_from,
        evaluation_update,
        recommendation_input_from,
        recommendation_update,
    )

    outcome = OutcomeFactory(framework=biennium(2016).framework)
    IndicatorFactory(outcome=outcome)
    recommendation = RecommendationFactory()
    client.force_login(manager)

    def recommendations_counted() -> int:
        page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2016-17"})
        return sum(int(cell) for cell in html_table(page, "table-follow-up")[1][1:])

    unlinked = recommendations_counted()
    data = recommendation_input_from(recommendation=recommendation)
    recommendation_update(
        user=manager, recommendation=recommendation, data=dataclasses.replace(data, outcomes=[outcome])
    )
    linked = recommendations_counted()
    evaluation = recommendation.evaluation
    data = evaluation_input_from(evaluation=evaluation)
    evaluation_update(user=manager, evaluation=evaluation, data=dataclasses.replace(data, status="draft"))
    unpublished = recommendations_counted()

    assert (unlinked, linked, unpublished) == (0, 1, 0)
