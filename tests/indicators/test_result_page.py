"""`result_page`: a page of results in their order, counted in the same statement as its ids, as get_page pages."""

import pytest

from indicators.models import Result
from indicators.selectors.results import result_page
from tests.factories import IndicatorFactory, ResultFactory, place

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
