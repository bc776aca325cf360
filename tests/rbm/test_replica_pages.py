"""The pages people use most read what grows with the data (results, evaluations, recommendations, follow-up
actions) from the replica: their list and figure selectors are marked `@replica_read` (rbm/replica.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from evaluations.selectors import evaluation_filterset
from indicators.selectors import result_list
from rbm.replica import REPLICA
from tests.evaluations.factories import EvaluationFactory, FollowUpActionFactory
from tests.rbm.test_replica import both_databases, queries_by_database

# The tables that grow with the organisation's work.
GROWING = ("indicators_result", "evaluations_evaluation", "evaluations_recommendation", "evaluations_followupaction")


def reads_of_growing_tables(queries) -> list[str]:
    return [query["sql"] for query in queries if any(f'"{table}"' in query["sql"] for table in GROWING)]


@pytest.fixture
def replica_on(settings):
    from rbm.replica import replica_outage_forget

    settings.RBM_READ_REPLICA = True
    replica_outage_forget()
    yield
    replica_outage_forget()


@pytest.fixture
def register_filled(seed_000_imported):
    FollowUpActionFactory.create_batch(2)
    EvaluationFactory(title="Social dialogue in the garment sector")
    return seed_000_imported


@both_databases
@pytest.mark.parametrize(
    ("url", "replica_reads"),
    [
        ("/?biennium=2014-15", 10),
        ("/biennia/2014-15/indicators/4.2/", 8),
        ("/evaluations/", 6),
        ("/evaluations/?q=social+dialogue", 6),
        ("/evaluations/follow-up/", 6),
        ("/countries/LAO/", 9),
    ],
)
def test_a_page_people_use_reads_what_grows_on_the_replica(replica_on, client, register_filled, url, replica_reads):
    with queries_by_database() as (primary, replica):
        response = client.get(url)

    assert response.status_code == 200
    assert reads_of_growing_tables(primary) == []
    assert len(replica) == replica_reads


@both_databases
def test_the_dashboards_results_behind_a_figure_read_on_the_replica(replica_on, admin_client, register_filled):
    with queries_by_database() as (primary, replica):
        response = admin_client.get("/dashboard/results/", {"biennium": "2014-15"})

    assert response.status_code == 200
    assert reads_of_growing_tables(primary) == []
    # The page's places and total from the results' tallies, then the ids of its results, then its rows.
    assert len([query for query in replica if '"indicators_resulttally"' in query["sql"]]) == 1
    assert len(reads_of_growing_tables(replica)) == 2


@both_databases
def test_the_register_binds_its_list_and_filter_choices_to_the_replica(replica_on, register_filled):
    filterset = evaluation_filterset(user=AnonymousUser(), data={"q": "dialogue"})

    assert filterset.qs.db == REPLICA
    assert {filterset.form.fields[name].queryset.db for name in ("region", "place", "outcome")} == {REPLICA}


@both_databases
def test_results_read_inside_a_write_stay_on_the_primary(replica_on, register_filled):
    with queries_by_database() as (primary, replica), transaction.atomic():
        results = result_list(user=AnonymousUser(), biennium=register_filled)
        count = results.count()
        filterset = evaluation_filterset(user=AnonymousUser())
        evaluations = filterset.qs.count()

    assert (results.db, filterset.qs.db, count, evaluations) == ("default", "default", 53, 3)
    assert (len(reads_of_growing_tables(primary)), len(replica)) == (2, 0)
