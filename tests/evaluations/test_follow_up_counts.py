"""A figure per outcome: its recommendations by follow-up state, counted by the database."""

import datetime
from collections import Counter

from evaluations.models import Evaluation, FollowUpAction
from evaluations.selectors import recommendation_annex, recommendation_follow_up_counts
from tests.evaluations.factories import EvaluationFactory, FollowUpActionFactory, RecommendationFactory
from tests.factories import IndicatorFactory, OutcomeFactory


def test_recommendations_are_counted_once_per_outcome_by_state_as_the_annex_lists_them(db):
    outcome = OutcomeFactory()
    other = OutcomeFactory(framework=outcome.framework)
    indicator = IndicatorFactory(outcome=outcome)
    # Linked directly and through the outcome's indicator: counted once.
    both_ways = RecommendationFactory(outcomes=[outcome], indicators=[indicator])
    FollowUpActionFactory(recommendation=both_ways, due_date=datetime.date(2020, 1, 1))  # open past its due date
    done = RecommendationFactory(outcomes=[outcome, other])
    FollowUpActionFactory(
        recommendation=done, status=FollowUpAction.Status.COMPLETED, completed_on=datetime.date(2020, 1, 1)
    )
    FollowUpActionFactory(
        recommendation=done,
        status=FollowUpAction.Status.CANCELLED,
        cancellation_reason="Overtaken by the new strategy.",
    )
    RecommendationFactory(indicators=[indicator])  # no action yet: not started
    open_ = RecommendationFactory(outcomes=[outcome])
    FollowUpActionFactory(recommendation=open_)
    RecommendationFactory(outcomes=[outcome], evaluation=EvaluationFactory(status=Evaluation.Status.DRAFT))

    counts = recommendation_follow_up_counts(outcome_ids=[outcome.pk, other.pk])

    assert counts == {outcome.pk: {"overdue": 1, "done": 1, "not started": 1, "open": 1}, other.pk: {"done": 1}}
    annex = recommendation_annex(outcome_ids=[outcome.pk, other.pk])
    assert {key: dict(Counter(row["follow_up"] for row in rows)) for key, rows in annex.items()} == counts


def test_an_outcome_nothing_is_linked_to_has_no_counts(db, django_assert_num_queries):
    outcome = OutcomeFactory()

    with django_assert_num_queries(1):
        assert recommendation_follow_up_counts(outcome_ids=[outcome.pk]) == {outcome.pk: {}}
    with django_assert_num_queries(0):
        assert recommendation_follow_up_counts(outcome_ids=[]) == {}
