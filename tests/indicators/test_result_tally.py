"""Result tallies follow the results table whatever writes it: services, COPY, queryset updates and deletes."""

import pytest
from django.db.models import Count, Q

from indicators.models import Result, ResultTally
from indicators.services.bulk import results_bulk_create, results_bulk_update
from tests.factories import IndicatorFactory, ResultFactory, biennium, place

pytestmark = pytest.mark.django_db

PLACES = ["Ghana", "Kenya", "Peru", "Viet Nam", "Jordan"]


def grouped_results() -> dict[tuple, tuple[int, int]]:
    """What the tallies should hold: the results grouped by indicator, biennium, place and status."""
    rows = Result.objects.values("indicator_id", "biennium_id", "place_id", "status").annotate(
        n=Count("id"), unnamed=Count("id", filter=Q(entity_unnamed=True))
    )
    return {
        (row["indicator_id"], row["biennium_id"], row["place_id"], row["status"]): (row["n"], row["unnamed"])
        for row in rows
    }


def kept_tallies() -> dict[tuple, tuple[int, int]]:
    return {
        (row.indicator_id, row.biennium_id, row.place_id, row.status): (row.results, row.unnamed)
        for row in ResultTally.objects.all()
    }


@pytest.fixture
def entities_indicator(db):
    return IndicatorFactory(unit="enterprises", unit_singular="enterprise", unit_kind="entities")


def entity(indicator, name: str, number: int, *, status=Result.Status.VALIDATED, unnamed=False) -> Result:
    return Result(
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        entity_name="" if unnamed else f"Enterprise {number}",
        entity_unnamed=unnamed,
        status=status,
        description=f"Result {number}",
    )


def test_tallies_count_the_results_of_each_indicator_biennium_place_and_status_as_they_are_created():
    indicator = IndicatorFactory()
    for name in PLACES[:3]:
        ResultFactory(indicator=indicator, place=place(name))
    ResultFactory(indicator=indicator, place=place("Jordan"), status=Result.Status.SUBMITTED)

    assert kept_tallies() == grouped_results()
    assert len(kept_tallies()) == 4


def test_thousands_written_at_once_are_tallied_in_the_same_statement(entities_indicator):
    results = [
        # One unnamed entity per place at most (an unnamed entity is unique in its place).
        entity(entities_indicator, PLACES[number % 5], number, unnamed=number <= 5, status=status)
        for number in range(1, 1201)
        for status in [Result.Status.VALIDATED if number % 3 else Result.Status.DRAFT]
    ]
    results_bulk_create(results=results, user=None, change_reason="bulk", validate=False)

    assert kept_tallies() == grouped_results()
    assert sum(count for count, _unnamed in kept_tallies().values()) == 1200
    assert sum(unnamed for _count, unnamed in kept_tallies().values()) == 5


def test_a_status_change_moves_the_result_between_tallies_and_an_edit_of_its_text_writes_none():
    indicator = IndicatorFactory()
    first, second = ResultFactory(indicator=indicator), ResultFactory(indicator=indicator, place=place("Kenya"))
    before = {row.pk: row.results for row in ResultTally.objects.all()}

    Result.objects.filter(pk=second.pk).update(description="Edited text only")
    assert {row.pk: row.results for row in ResultTally.objects.all()} == before

    Result.objects.filter(pk__in=[first.pk, second.pk]).update(status=Result.Status.RETURNED)
    assert kept_tallies() == grouped_results()
    assert {key[3] for key in kept_tallies()} == {Result.Status.RETURNED}


def test_moving_results_to_another_place_and_updating_in_bulk_keeps_every_tally(entities_indicator):
    results = results_bulk_create(
        results=[entity(entities_indicator, "Ghana", number) for number in range(1, 301)],
        user=None,
        change_reason="bulk",
        validate=False,
    )
    for result in results[:100]:
        result.place = place("Kenya")
        result.status = Result.Status.SUBMITTED
    results_bulk_update(results=results[:100], fields=["place", "status"], user=None, change_reason="moved")

    assert kept_tallies() == grouped_results()
    assert sorted(count for count, _unnamed in kept_tallies().values()) == [100, 200]


def test_deleting_the_last_result_of_a_tally_removes_the_tally():
    indicator = IndicatorFactory()
    kept, gone = ResultFactory(indicator=indicator), ResultFactory(indicator=indicator, place=place("Peru"))

    gone.delete()
    assert kept_tallies() == grouped_results()
    assert [row.place_id for row in ResultTally.objects.all()] == [kept.place_id]

    Result.objects.all().delete()
    assert not ResultTally.objects.exists()


def test_an_entity_result_named_later_leaves_the_unnamed_count(entities_indicator):
    result = results_bulk_create(
        results=[entity(entities_indicator, "Ghana", 1, unnamed=True)], user=None, change_reason="bulk"
    )[0]
    assert list(kept_tallies().values()) == [(1, 1)]

    Result.objects.filter(pk=result.pk).update(entity_unnamed=False, entity_name="Named at last")
    assert list(kept_tallies().values()) == [(1, 0)]
