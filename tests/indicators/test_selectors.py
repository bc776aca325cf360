import pytest
from django.db import IntegrityError

from indicators.models import Indicator, Result
from indicators.selectors import indicator_counts, indicator_counts_list, indicator_get, indicator_table
from outcomes.models import Biennium
from places.selectors import region_resolve
from tests.factories import (
    IndicatorFactory,
    OutcomeFactory,
    PublishedFigureFactory,
    ResultFactory,
    TargetFactory,
    biennium,
    place,
)


def test_only_validated_results_count(db):
    indicator = TargetFactory(value=2).indicator
    ResultFactory(indicator=indicator, place=place("Ghana"))
    for status, name in [("draft", "Togo"), ("submitted", "Benin"), ("returned", "Mali")]:
        ResultFactory(indicator=indicator, place=place(name), status=status)

    counts = indicator_counts(biennium=biennium(), indicator=indicator)

    assert (counts["result"], counts["member_states"], counts["label"], counts["target_met"]) == (
        1,
        1,
        "1 member State",
        False,
    )
    assert counts["by_region"] == {
        "Africa": 1,
        "Americas": 0,
        "Arab States": 0,
        "Asia and the Pacific": 0,
        "Europe and Central Asia": 0,
    }


def test_counts_without_target_or_published_figure_say_so(db):
    indicator = IndicatorFactory()

    counts = indicator_counts(biennium=biennium(), indicator=indicator)

    assert (counts["target"], counts["target_met"], counts["published"], counts["discrepancies"]) == (
        None,
        None,
        None,
        [],
    )
    assert counts["label"] == "0 member States"


def test_counts_state_each_difference_from_the_published_figure_and_keep_it(db):
    figure = PublishedFigureFactory(text="2 member States and 1 territory", value=3, member_states=2, territories=1)
    for name in ["Ghana", "Togo", "Benin"]:
        ResultFactory(indicator=figure.indicator, place=place(name))

    counts = indicator_counts(biennium=biennium(), indicator=figure.indicator)

    assert counts["published"] == {"value": 3, "text": "2 member States and 1 territory"}
    assert counts["label"] == "3 member States"
    assert counts["discrepancies"] == [
        "The published figure counts 2 member States; validated results give 3.",
        "The published figure counts 1 territory; validated results give 0.",
    ]


def test_counts_of_an_indicator_counting_entities_count_entities_and_their_places(db):
    indicator = IndicatorFactory(
        unit="workers' organizations", unit_singular="workers' organization", unit_kind=Indicator.UnitKind.ENTITIES
    )
    ResultFactory(indicator=indicator, place=place("Ghana"), entity_name="Ghana Trades Union Congress")
    ResultFactory(indicator=indicator, place=place("Ghana"), entity_name="Ghana Federation of Labour")
    ResultFactory(indicator=indicator, place=place("Occupied Palestinian Territory"), entity_name="PGFTU")

    counts = indicator_counts(biennium=biennium(), indicator=indicator)

    assert (counts["result"], counts["member_states"], counts["territories"], counts["label"]) == (
        3,
        1,
        1,
        "3 workers' organizations",
    )
    assert counts["by_region"]["Africa"] == 2


def test_counts_for_one_region_keep_all_five_keys(seed_000_imported):
    indicator = indicator_get(biennium=seed_000_imported, code="4.2")

    counts = indicator_counts(
        biennium=seed_000_imported, indicator=indicator, region=region_resolve(name="Arab States")
    )

    assert counts["by_region"] == {
        "Africa": 0,
        "Americas": 0,
        "Arab States": 5,
        "Asia and the Pacific": 0,
        "Europe and Central Asia": 0,
    }
    assert counts["label"] == "4 member States and 1 territory"


def test_an_indicator_code_is_resolved_within_the_framework_of_the_biennium(db):
    earlier = IndicatorFactory(code="3.1", outcome=OutcomeFactory(framework=biennium(2016).framework))
    later = IndicatorFactory(
        code="3.1", outcome=OutcomeFactory(framework=biennium(2018).framework), predecessor=earlier
    )

    assert indicator_get(biennium=Biennium.objects.get(start_year=2016), code="3.1") == earlier
    assert indicator_get(biennium=Biennium.objects.get(start_year=2018), code="3.1") == later
    assert list(earlier.successors.all()) == [later]


def test_the_database_refuses_a_second_result_for_the_same_indicator_biennium_and_place(db):
    result = ResultFactory()

    with pytest.raises(IntegrityError):
        Result.objects.create(indicator=result.indicator, biennium=result.biennium, place=result.place)


def test_the_database_refuses_a_biennium_not_spanning_two_consecutive_years(db):
    with pytest.raises(IntegrityError):
        Biennium.objects.create(framework=biennium().framework, start_year=2040, end_year=2042)


def test_counts_for_a_whole_biennium_take_three_queries_whatever_the_size(db, django_assert_num_queries):
    target = TargetFactory()
    for code in ["1.2", "1.3", "1.4"]:
        indicator = IndicatorFactory(outcome=target.indicator.outcome, code=code)
        for name in ["Ghana", "Peru", "Oman", "Nepal", "France", "Kosovo"]:
            ResultFactory(indicator=indicator, place=place(name))

    period = biennium()

    with django_assert_num_queries(3):
        counts = indicator_counts_list(biennium=period)

    assert {item["indicator"]: item["result"] for item in counts} == {
        target.indicator.code: 0,
        "1.2": 6,
        "1.3": 6,
        "1.4": 6,
    }


def test_indicator_table_lists_places_per_region_alphabetically(seed_000_imported, django_assert_num_queries):
    with django_assert_num_queries(6):
        tables = indicator_table(biennium=seed_000_imported)

    [table] = tables
    row = table.rows[1]
    assert row.indicator.code == "4.2"
    assert [result.display_name for result in row.places_by_region["Arab States"]] == [
        "Iraq",
        "Jordan",
        "Occupied Palestinian Territory",
        "Oman",
        "Saudi Arabia",
    ]
    assert [result.display_name for result in table.rows[2].places_by_region["Asia and the Pacific"]] == [
        "China",
        "Lao People's Democratic Republic",
        "Mongolia",
        "Myanmar",
        "Nepal",
        "Viet Nam",
    ]
