import csv
import io

import pytest

from indicators.selectors import indicator_counts_list
from tests.factories import IndicatorFactory, MeasurementCriterionFactory, ResultFactory, TargetFactory, place


def test_the_counts_of_seed_000_over_the_api_are_the_published_figures(seed_000_imported, client):
    response = client.get("/api/v1/counts/", {"biennium": "2014-15"})

    body = response.json()
    assert response.status_code == 200
    assert [(item["indicator"], item["label"], item["target_met"], item["discrepancies"]) for item in body] == [
        ("4.1", "11 member States", True, []),
        ("4.2", "24 member States and 1 territory", True, []),
        ("4.3", "16 member States and 1 territory", True, []),
    ]
    assert [item["published"]["text"] for item in body] == [item["label"] for item in body]
    assert body == indicator_counts_list(biennium=seed_000_imported)


def test_the_counts_list_holds_the_same_objects_as_the_per_indicator_endpoint(seed_000_imported, client):
    listed = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()

    singles = [
        client.get(f"/api/v1/indicators/{code}/counts/", {"biennium": "2014-15"}).json()
        for code in ["4.1", "4.2", "4.3"]
    ]
    assert listed == singles


def test_the_counts_list_narrows_to_an_outcome_or_a_region(seed_000_imported, client):
    in_arab_states = client.get("/api/v1/counts/", {"biennium": "2014-15", "region": "arab-states"}).json()
    of_outcome_4 = client.get("/api/v1/counts/", {"biennium": "2014-15", "outcome": "4"}).json()
    unknown = client.get("/api/v1/counts/", {"biennium": "2014-15", "outcome": "19"})

    assert [(item["indicator"], item["result"]) for item in in_arab_states] == [("4.1", 1), ("4.2", 5), ("4.3", 4)]
    assert [item["by_region"]["Africa"] for item in in_arab_states] == [0, 0, 0]
    assert [item["indicator"] for item in of_outcome_4] == ["4.1", "4.2", "4.3"]
    assert (unknown.status_code, unknown.json()) == (400, {"outcome": ["There is no outcome 19 in 2014-15."]})


def test_the_counts_csv_has_one_column_per_region(seed_000_imported, client):
    response = client.get("/api/v1/counts/", {"biennium": "2014-15", "format": "csv"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "indicator",
        "biennium",
        "unit",
        "target",
        "target_text",
        "result",
        "member_states",
        "territories",
        "Africa",
        "Americas",
        "Arab States",
        "Asia and the Pacific",
        "Europe and Central Asia",
        "label",
        "target_met",
        "published",
        "discrepancies",
        "places",
        "unnamed",
        "notes",
    ]
    assert [(row["indicator"], row["result"], row["territories"], row["target_met"]) for row in rows] == [
        ("4.1", "11", "0", "yes"),
        ("4.2", "25", "1", "yes"),
        ("4.3", "17", "1", "yes"),
    ]


def test_counts_answer_304_to_their_etag_and_change_when_a_result_is_validated(seed_000_imported, client):
    first = client.get("/api/v1/counts/", {"biennium": "2014-15"})
    unchanged = client.get("/api/v1/counts/", {"biennium": "2014-15"}, HTTP_IF_NONE_MATCH=first["ETag"])
    validated = ResultFactory(
        indicator=IndicatorFactory(outcome__framework=seed_000_imported.framework), place=place("Kenya")
    )
    changed = client.get("/api/v1/counts/", {"biennium": "2014-15"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert (unchanged.status_code, changed.status_code) == (304, 200)
    assert validated.indicator.code in {item["indicator"] for item in changed.json()}


@pytest.mark.parametrize("indicators", [1, 6])
def test_the_counts_list_takes_the_same_queries_whatever_the_number_of_indicators(
    db, client, django_assert_num_queries, indicators
):
    target = TargetFactory()
    for number in range(indicators - 1):
        indicator = IndicatorFactory(outcome=target.indicator.outcome, code=f"9.{number}")
        ResultFactory(indicator=indicator, place=place("Peru"))

    # biennium, regions, indicators, grouped results
    with django_assert_num_queries(4):
        response = client.get("/api/v1/counts/", {"biennium": "2014-15"})
    assert len(response.json()) == indicators


def test_indicators_come_with_their_targets_and_criteria(db, client):
    target = TargetFactory(value=7, text="7 member States")
    MeasurementCriterionFactory(indicator=target.indicator, number=2, text="A policy is adopted.")
    MeasurementCriterionFactory(indicator=target.indicator, number=1, text="A study is published.")

    response = client.get(f"/api/v1/indicators/{target.indicator.code}/", {"biennium": "2014-15"})

    body = response.json()
    assert body["target"] == {"biennium": "2014-15", "value": 7, "text": "7 member States"}
    assert body["targets"] == [{"biennium": "2014-15", "value": 7, "text": "7 member States"}]
    assert body["criteria"] == [
        {"number": 1, "text": "A study is published."},
        {"number": 2, "text": "A policy is adopted."},
    ]


def test_an_indicator_outside_the_biennium_answers_404(seed_000_imported, client):
    response = client.get("/api/v1/indicators/4.2/", {"biennium": "2018-19"})

    assert (response.status_code, response.json()) == (404, {"detail": "There is no indicator 4.2 in 2018-19."})


@pytest.mark.parametrize("indicators", [1, 5])
def test_the_indicator_list_takes_the_same_queries_whatever_its_length(
    db, client, django_assert_num_queries, indicators
):
    target = TargetFactory()
    MeasurementCriterionFactory(indicator=target.indicator)
    for number in range(indicators - 1):
        indicator = IndicatorFactory(outcome=target.indicator.outcome, code=f"9.{number}")
        TargetFactory(indicator=indicator)
        MeasurementCriterionFactory(indicator=indicator)

    # biennium, indicators, targets, criteria
    with django_assert_num_queries(4):
        response = client.get("/api/v1/indicators/", {"biennium": "2014-15"})
    assert len(response.json()) == indicators


def test_places_come_with_their_region_and_spellings(db, client):
    response = client.get("/api/v1/places/TUR/")

    body = response.json()
    assert (body["name"], body["region"], body["kind"]) == ("Türkiye", "europe-central-asia", "member_state")
    assert "Turkey" in body["aliases"]


@pytest.mark.parametrize(("query", "count"), [({}, 191), ({"region": "africa"}, 54), ({"kind": "territory"}, 4)])
def test_the_place_list_takes_two_queries_whatever_its_length(db, client, django_assert_num_queries, query, count):
    with django_assert_num_queries(2 + ("region" in query)):
        response = client.get("/api/v1/places/", query)

    assert len(response.json()) == count


def test_an_unknown_place_answers_404(db, client):
    response = client.get("/api/v1/places/QQQ/")

    assert (response.status_code, response.json()) == (404, {"detail": "There is no place with the ISO code QQQ."})


def test_biennia_outcomes_and_regions_are_listed_as_published(seed_000_imported, client):
    biennia = client.get("/api/v1/biennia/").json()
    outcomes = client.get("/api/v1/outcomes/", {"biennium": "2014-15"}).json()
    regions = client.get("/api/v1/regions/", {"format": "csv"}).content.decode().splitlines()

    assert next(item for item in biennia if item["label"] == "2014-15") == {
        "label": "2014-15",
        "start_year": 2014,
        "end_year": 2015,
        "framework": "Strategic Policy Framework 2010-15",
        "is_closed": False,
    }
    assert [item["number"] for item in outcomes] == ["4"]
    assert regions == [
        "code,name,short_name",
        "africa,Africa,Africa",
        "americas,Americas,Americas",
        "arab-states,Arab States,Arab States",
        "asia-pacific,Asia and the Pacific,Asia-Pacific",
        "europe-central-asia,Europe and Central Asia,Europe-Central Asia",
    ]
