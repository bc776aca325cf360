"""The country page, its profile JSON and the directory: what they show, to whom, and at what cost."""

import datetime

import pytest
from django.urls import reverse

from indicators.models import Result
from indicators.services.programmes import programme_outcome_save
from tests.factories import IndicatorFactory, ResultFactory, place, region, user_with_role
from tests.html import html_element, html_table, html_text

pytestmark = pytest.mark.django_db

GHANA = "/countries/GHA/"
PROFILE = "/api/v1/places/GHA/profile/"


def _draft_in_ghana(seed) -> Result:
    """A draft for Ghana under 4.1 of 2014-15, where the seed has nothing for Ghana."""
    from indicators.models import Indicator

    indicator = Indicator.objects.get(framework=seed.framework, code="4.1")
    return ResultFactory(
        indicator=indicator, biennium=seed, status=Result.Status.DRAFT, description="DRAFT-SECRET text"
    )


def test_ghana_counts_under_4_2_and_4_3_in_2014_15_and_not_under_4_1(client, seed_000_imported):
    page = client.get(GHANA)

    assert page.status_code == 200
    assert html_table(page, "outcome-2014-15-4")[1:] == [
        ["4.1", "no", "—"],
        ["4.2", "yes", "Ghana"],
        ["4.3", "yes", "Ghana"],
    ]
    assert "counted under 2 of 3 indicators" in html_text(page, "outcome-2014-15-4")
    assert html_text(page, "timeline") == ("Timeline of results 2014-15 2 validated results indicators 4.2, 4.3")
    assert html_text(page, "country-facts") == (
        "Official nameRepublic of Ghana Short nameGhana RegionAfrica StatusMember State ISO codeGHA"
    )


@pytest.mark.parametrize("alias", ["ghana", "gha", "Ghana", "république-du-ghana"])
def test_an_alias_of_the_place_redirects_to_its_iso_page(client, alias):
    answer = client.get(f"/countries/{alias}/")

    if alias == "république-du-ghana":
        assert answer.status_code == 404
        return
    assert (answer.status_code, answer["Location"]) == (301, GHANA)


def test_an_unknown_country_is_a_404(client, db):
    assert client.get("/countries/atlantis/").status_code == 404
    assert client.get("/api/v1/places/XXX/profile/").status_code == 404


def test_a_country_with_nothing_recorded_says_so_plainly(client, seed_000_imported):
    page = client.get("/countries/ISL/")

    assert page.status_code == 200
    assert html_text(page, "nothing-recorded") == (
        "Nothing is recorded for Iceland yet: no country programme, result or evaluation."
    )
    assert "No result is recorded for Iceland." in html_text(page, "results")


def test_anonymous_visitors_never_see_a_draft_on_the_page_the_directory_or_the_json(client, seed_000_imported):
    draft = _draft_in_ghana(seed_000_imported)

    page = client.get(GHANA)
    profile = client.get(PROFILE).json()
    directory = client.get("/countries/?biennium=2014-15")
    indicator_page = client.get(reverse("indicators:indicator-detail", args=["2014-15", "4.1"]))
    home = client.get("/?biennium=2014-15")

    for answer in (page, directory, indicator_page, home):
        assert answer.status_code == 200
        assert "DRAFT-SECRET" not in answer.content.decode()
        assert f"result-{draft.pk}" not in answer.content.decode()
    assert "DRAFT-SECRET" not in str(profile)
    assert profile["shows_status"] is False
    assert [
        result["id"]
        for period in profile["biennia"]
        for o in period["outcomes"]
        for i in o["indicators"]
        for result in i["results"]
    ] == list(
        Result.objects.filter(place__iso3="GHA", status="validated")
        .order_by("indicator__code")
        .values_list("pk", flat=True)
    )
    assert html_table(directory, "region-africa")[1:] and ["Ghana", "2", "2"] in html_table(directory, "region-africa")


def test_an_officer_of_the_region_sees_the_draft_with_its_status(client, seed_000_imported):
    draft = _draft_in_ghana(seed_000_imported)
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    page = client.get(GHANA)
    profile = client.get(PROFILE).json()

    assert html_table(page, "outcome-2014-15-4")[1][:2] == ["4.1", "no"]
    assert "draft" in html_table(page, "outcome-2014-15-4")[1][2]
    statuses = {
        r["id"]: r["status"]
        for p in profile["biennia"]
        for o in p["outcomes"]
        for i in o["indicators"]
        for r in i["results"]
    }
    assert statuses[draft.pk] == "draft"


def test_the_profile_json_gives_the_place_programmes_cpos_results_and_timeline(client, seed_000_imported):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(framework=seed_000_imported.framework, code="4.2")
    from indicators.services.programmes import Contribution

    cpo = programme_outcome_save(
        user=None,
        place=place("Ghana"),
        code="GHA101",
        title="Social protection floor extended",
        contributions=[Contribution(biennium=seed_000_imported, outcome=indicator.outcome, indicator=indicator)],
    )
    Result.objects.filter(place__iso3="GHA", indicator=indicator).update(programme_outcome=cpo)

    profile = client.get(PROFILE).json()

    assert profile["place"] == {
        "iso3": "GHA",
        "iso_numeric": "288",
        "name": "Ghana",
        "official_name": "Republic of Ghana",
        "kind": "member_state",
        "kind_label": "member State",
        "region": {"code": "africa", "name": "Africa"},
        "aliases": profile["place"]["aliases"],
    }
    assert profile["programme_outcomes"] == [
        {
            "code": "GHA101",
            "title": "Social protection floor extended",
            "programme": None,
            "programme_period": None,
            "biennia": ["2014-15"],
            "contributions": [{"biennium": "2014-15", "outcome": "4", "indicator": "4.2"}],
            "results": list(cpo.results.values_list("pk", flat=True)),
        }
    ]
    assert profile["timeline"] == [{"biennium": "2014-15", "results": 2, "indicators": ["4.2", "4.3"]}]
    assert html_table(client.get(GHANA), "cpo-table")[1][0] == "GHA101"


def test_the_country_page_and_json_read_a_fixed_number_of_queries(client, seed_000_imported, django_assert_num_queries):
    # given: the seed's two results for Ghana; then ten more results under another indicator
    # (the results by biennium and indicator counted in one grouped aggregate, the CPOs' result ids in another)
    with django_assert_num_queries(10):
        client.get(GHANA)
    outcome = Result.objects.filter(place__iso3="GHA").first().indicator.outcome
    for number in range(10):
        extra = IndicatorFactory(code=f"4.{number + 4}", outcome=outcome, framework=outcome.framework)
        ResultFactory(indicator=extra, biennium=seed_000_imported, place=place("Ghana"))

    # then: the same number of queries, for the page, the JSON and the directory
    with django_assert_num_queries(10):
        page = client.get(GHANA)
    assert html_text(page, "timeline").startswith("Timeline of results 2014-15 12 validated results")
    with django_assert_num_queries(10):
        client.get(PROFILE)
    with django_assert_num_queries(3):
        client.get("/countries/?biennium=2014-15")
    client.force_login(user_with_role("officer", regions=[region("africa")]))
    with django_assert_num_queries(16):  # with the header badge's count of unread notifications
        client.get(GHANA)
    with django_assert_num_queries(9):  # with the unread badge
        client.get("/countries/?biennium=2014-15")


def test_the_directory_finds_a_place_by_any_spelling(client, seed_000_imported):
    for query in ("cote d'ivoire", "Côte d’Ivoire", "CIV", "ivoire"):
        page = client.get("/countries/", {"q": query, "biennium": "2014-15"})
        assert html_text(page, "directory-count").startswith("1 place matching"), query
        assert html_table(page, "region-africa")[1][0] == "Côte d'Ivoire"
    nothing = client.get("/countries/", {"q": "Atlantis"})
    assert nothing.status_code == 200
    assert "No member State or territory is known as “Atlantis”." in html_text(nothing)
    # a NUL byte is refused before any page reads it, with the site's readable message
    hostile = client.get("/countries/", {"q": "Atlantis\x00"})
    assert hostile.status_code == 400
    assert "contains a NUL character, which is not allowed" in html_text(hostile)


def test_the_directory_refuses_an_unknown_biennium(client, db):
    assert client.get("/countries/?biennium=1999-00").status_code == 400


def test_the_page_lists_the_published_evaluations_covering_the_place_with_recommendations_and_follow_up(
    client, seed_000_imported, django_assert_num_queries
):
    from evaluations.models import Evaluation, EvaluationPlace
    from tests.evaluations.factories import FollowUpActionFactory, RecommendationFactory

    published = RecommendationFactory(
        evaluation__title="Extending social security in West Africa", evaluation__symbol="GB.309/PFA/5/4"
    )
    FollowUpActionFactory(recommendation=published, status="completed", completed_on=datetime.date(2016, 5, 1))
    FollowUpActionFactory(recommendation=published)
    EvaluationPlace.objects.create(evaluation=published.evaluation, place=place("Ghana"))
    draft = RecommendationFactory(evaluation__title="UNPUBLISHED-EVAL", evaluation__status=Evaluation.Status.DRAFT)
    EvaluationPlace.objects.create(evaluation=draft.evaluation, place=place("Ghana"))

    with django_assert_num_queries(11):
        page = client.get(GHANA)
    profile = client.get(PROFILE).json()

    assert html_text(page, f"evaluation-{published.evaluation.pk}").startswith(
        "GB.309/PFA/5/4: Extending social security in West Africa 2016"
    )
    assert html_table(page, f"evaluation-{published.evaluation.pk}")[1] == [
        str(published.number),
        published.text,
        "—",
        "open (1 of 2 actions closed)",
    ]
    assert "UNPUBLISHED-EVAL" not in page.content.decode()
    assert [evaluation["title"] for evaluation in profile["evaluations"]] == [
        "Extending social security in West Africa"
    ]
    assert profile["evaluations"][0]["recommendations"][0]["follow_up"] == "open"


@pytest.mark.parametrize(
    "url",
    [
        "/countries/%00/",
        f"/countries/{'x' * 5000}/",
        "/countries/?biennium=%00",
        f"/countries/?q={'é' * 5000}",
        "/countries/?q=%00%00",
        "/api/v1/places/%00/profile/",
        f"/api/v1/places/{'x' * 5000}/profile/",
        "/countries/GHA/programme-outcomes/%00/edit/",
    ],
)
def test_hostile_keys_and_queries_answer_plainly_never_a_500(client, db, url):
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    assert client.get(url).status_code in {200, 301, 400, 404}


def test_with_the_demo_data_ghana_counts_under_4_2_and_4_3_and_an_alias_redirects(client, db):
    from django.core.management import call_command

    call_command("load_demo", "--no-accounts")

    page = client.get(GHANA)
    alias = client.get("/countries/ghana/")

    assert [row[:2] for row in html_table(page, "outcome-2014-15-4")[1:]] == [
        ["4.1", "no"],
        ["4.2", "yes"],
        ["4.3", "yes"],
    ]
    assert (alias.status_code, alias["Location"]) == (301, GHANA)


def test_the_page_and_json_list_the_places_dated_events_in_plans_of_action(client, db):
    from plans.models import Plan, Target, TargetEvent

    plan = Plan.objects.create(
        symbol="GB.312/POL/2", title="Plan of action on social security", period_start=2011, period_end=2019
    )
    target = Target.objects.create(
        plan=plan,
        ref="I.4.ii",
        text="Ratifications of Convention No. 102",
        event_label="ratification of Convention No. 102",
        deadline=datetime.date(2019, 12, 31),
    )
    TargetEvent.objects.create(target=target, place=place("Ghana"), date=datetime.date(2014, 6, 2), reference="C102")

    page = client.get(GHANA)
    profile = client.get(PROFILE).json()

    assert html_table(page, "plan-events")[1] == [
        "2014-06-02",
        "ratification of Convention No. 102 (C102)",
        "GB.312/POL/2",
        "I.4.ii",
    ]
    assert profile["plan_events"] == [
        {
            "date": "2014-06-02",
            "event": "ratification of Convention No. 102",
            "reference": "C102",
            "plan": {"id": plan.pk, "symbol": "GB.312/POL/2", "title": "Plan of action on social security"},
            "target": "I.4.ii",
        }
    ]
    assert "Nothing is recorded" not in page.content.decode()


def test_the_country_page_lists_its_results_a_page_at_a_time_and_counts_them_all(
    client, seed_000_imported, monkeypatch
):
    monkeypatch.setattr("countries.views.RESULTS_PER_PAGE", 1)
    first_result, second_result = Result.objects.filter(place__iso3="GHA").order_by("indicator__code")

    first, second = client.get(GHANA), client.get(GHANA, {"page": 2})

    assert f'id="result-{first_result.pk}"' in first.content.decode()
    assert f'id="result-{second_result.pk}"' not in first.content.decode()
    assert f'id="result-{second_result.pk}"' in second.content.decode()
    assert "Page 1 of 2" in html_text(first) and "Page 2 of 2" in html_text(second)
    for answer in (first, second):
        assert html_text(answer, "timeline").startswith("Timeline of results 2014-15 2 validated results")
        # every indicator the place counts under is counted on every page, not only those of its page
        assert "counted under 2 of 3 indicators" in html_text(answer)


def test_the_country_pages_links_land_on_the_page_of_the_paged_list_that_holds_their_target(
    client, seed_000_imported, monkeypatch
):
    # given: one result a page, and a CPO listing the second result (on page 2)
    from indicators.services.programmes import Contribution

    monkeypatch.setattr("countries.views.RESULTS_PER_PAGE", 1)
    _, second_result = Result.objects.filter(place__iso3="GHA").order_by("indicator__code")
    cpo = programme_outcome_save(
        user=None,
        place=place("Ghana"),
        code="GHA101",
        title="Social protection floor extended",
        contributions=[Contribution(biennium=seed_000_imported, outcome=second_result.indicator.outcome)],
    )
    Result.objects.filter(pk=second_result.pk).update(programme_outcome=cpo)

    first, second = client.get(GHANA), client.get(GHANA, {"page": 2})

    # then: from page 1 the CPO's result link goes to page 2; on page 2 it stays on the page
    assert html_element(first, "cpo-GHA101").xpath(".//td[last()]/a/@href") == [f"?page=2#result-{second_result.pk}"]
    assert html_element(second, "cpo-GHA101").xpath(".//td[last()]/a/@href") == [f"#result-{second_result.pk}"]
    # the timeline's biennium starts on page 1: a link from page 2 goes back there
    assert html_element(first, "timeline").xpath(".//a/@href") == ["#biennium-2014-15"]
    assert html_element(second, "timeline").xpath(".//a/@href") == ["?page=1#biennium-2014-15"]
