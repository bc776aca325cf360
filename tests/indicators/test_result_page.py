"""`result_page`: a page of results in their order, counted in the same statement as its ids, as get_page pages."""

import pytest

from indicators.models import Result
from indicators.selectors.results import result_page
from tests.factories import IndicatorFactory, ResultFactory, biennium, place

pytestmark = pytest.mark.django_db

PLACES = ["Ghana", "Kenya", "Peru", "Chile", "Jordan", "Nepal", "Togo"]


@pytest.fixture
def results():
    indicator = IndicatorFactory()
    for name in PLACES:
        ResultFactory(indicator=indicator, place=place(name))
    return Result.objects.filter(indicator=indicator).select_related("place").order_by("place__name")


def names(page) -> list[str]:
    return [result.place.name for result in page.object_list]


def test_each_page_holds_its_share_in_order_and_knows_the_total(results):
    first, third = (
        result_page(results=results, number=1, per_page=3),
        result_page(results=results, number="3", per_page=3),
    )

    assert names(first) == ["Chile", "Ghana", "Jordan"]
    assert names(third) == ["Togo"]
    assert (first.paginator.count, first.paginator.num_pages) == (7, 3)
    assert first.has_next() and not third.has_next()
    assert (third.number, third.start_index(), third.end_index()) == (3, 7, 7)


@pytest.mark.parametrize("number", [None, "", "two", "2.5", [2]])
def test_a_number_that_is_not_one_gives_the_first_page(results, number):
    page = result_page(results=results, number=number, per_page=3)

    assert (page.number, names(page)) == (1, ["Chile", "Ghana", "Jordan"])


@pytest.mark.parametrize("number", [4, "99", 0, -1, 10**30])
def test_a_number_out_of_range_gives_the_last_page(results, number):
    page = result_page(results=results, number=number, per_page=3)

    assert (page.number, names(page), page.paginator.count) == (3, ["Togo"], 7)


def test_nothing_to_list_is_an_empty_first_page(db):
    page = result_page(results=Result.objects.order_by("pk"), number="5", per_page=3)

    assert (page.number, list(page.object_list), page.paginator.count, page.paginator.num_pages) == (1, [], 0, 1)


def test_a_page_reads_its_ids_with_the_total_then_its_rows(results, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = result_page(results=results, number=2, per_page=3)
        assert names(page) == ["Kenya", "Nepal", "Peru"]
        assert page.paginator.num_pages == 3


# --- pages found from the results' tallies ----------------------------------------------------------


@pytest.fixture
def mixed():
    """Two bienniums, three indicators (one of entities, many to a place), seven places in two regions, and
    results in every status, so that a place's results of one indicator cross page boundaries."""
    from indicators.models import Indicator

    later = biennium(2016)
    states = [Result.Status.VALIDATED, Result.Status.SUBMITTED, Result.Status.DRAFT, Result.Status.RETURNED]
    first = IndicatorFactory(code="1.2")
    entities = IndicatorFactory(outcome=first.outcome, code="1.1", unit_kind=Indicator.UnitKind.ENTITIES)
    other = IndicatorFactory(code="2.1")
    number = 0
    for period in (biennium(), later):
        for indicator in (first, entities, other):
            for name in PLACES:
                for entity in range(4 if indicator == entities else 1):
                    number += 1
                    ResultFactory(
                        indicator=indicator,
                        biennium=period,
                        place=place(name),
                        entity_name=f"Entity {entity}" if indicator == entities else "",
                        status=states[number % len(states)],
                    )
    return later


def both_ways(user, per_page: int, **filters):
    """Every page, walked by counting the results and by their tallies."""
    from indicators.selectors import result_list, result_tally_list

    results, tallies = result_list(user=user, **filters), result_tally_list(user=user, **filters)
    counted = result_page(results=results, number=1, per_page=per_page)
    pages = range(1, counted.paginator.num_pages + 2)  # and one past the last
    return (
        [
            [
                (page.number, page.paginator.count, [r.pk for r in page])
                for page in [result_page(results=results, number=n, per_page=per_page)]
            ]
            for n in pages
        ],
        [
            [
                (page.number, page.paginator.count, [r.pk for r in page])
                for page in [result_page(results=results, tallies=tallies, number=n, per_page=per_page)]
            ]
            for n in pages
        ],
    )


@pytest.mark.parametrize("per_page", [1, 3, 5, 50])
def test_pages_found_from_the_tallies_are_the_pages_counted_from_the_results(mixed, per_page):
    from tests.factories import user_with_role

    manager = user_with_role("manager")
    counted, tallied = both_ways(manager, per_page, biennium=mixed)

    assert tallied == counted
    assert counted[0][0][1] == 7 * (1 + 4 + 1)


@pytest.mark.parametrize(
    "filters",
    [
        {"status": Result.Status.SUBMITTED},
        {"region": "africa"},
        {"place": "Peru"},
        {"outcome": True},
        {"indicator": True},
    ],
)
def test_pages_found_from_the_tallies_follow_each_filter_and_the_users_scope(mixed, filters):
    from tests.factories import region, user_with_role

    africa = region("africa")
    chosen = {"biennium": mixed}
    if "status" in filters:
        chosen["status"] = filters["status"]
    if "region" in filters:
        chosen["region"] = africa
    if "place" in filters:
        chosen["place_id"] = place(filters["place"]).pk
    indicator = Result.objects.filter(biennium=mixed, entity_name__gt="").first().indicator
    if "outcome" in filters:
        chosen["outcome_id"] = indicator.outcome_id
    if "indicator" in filters:
        chosen["indicator_id"] = indicator.pk
    for user in (user_with_role("manager"), user_with_role("officer", regions=[africa]), user_with_role("viewer")):
        counted, tallied = both_ways(user, 4, **chosen)
        assert tallied == counted


def test_a_page_found_from_the_tallies_reads_the_groups_then_its_ids_then_its_rows(mixed, django_assert_num_queries):
    from indicators.selectors import result_list, result_tally_list
    from tests.factories import user_with_role

    manager = user_with_role("manager")
    results, tallies = result_list(user=manager, biennium=mixed), result_tally_list(user=manager, biennium=mixed)
    with django_assert_num_queries(3):
        page = result_page(results=results, tallies=tallies, number=3, per_page=5)
        assert len(page.object_list) == 5
