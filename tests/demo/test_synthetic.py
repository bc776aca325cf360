import datetime
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Role
from demo.services import OWNED_EVERY
from evaluations.models import Evaluation, FollowUpAction, Recommendation
from indicators.models import Indicator, Result
from outcomes.models import Biennium, Outcome
from tests.factories import OutcomeFactory


def test_generate_synthetic_fills_four_frameworks_and_six_biennia_and_says_what_it_made(db, capsys):
    call_command("generate_synthetic", "--scale", "0.1", "--seed", "7")

    output = capsys.readouterr().out
    by_status = dict(Result.objects.order_by().values_list("status").annotate(count=Count("id")).order_by("status"))
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(by_status.items()))
    assert Outcome.objects.filter(framework__biennia__start_year__in=[2018, 2020]).distinct().count() == 20
    assert Indicator.objects.filter(predecessor__isnull=False).count() == 180
    assert sorted(Result.objects.order_by().values_list("biennium__start_year", flat=True).distinct()) == [
        2016,
        2018,
        2020,
        2022,
        2024,
        2026,
    ]
    assert output.startswith(
        f"80 outcomes, 240 indicators, 360 targets, {sum(by_status.values())} results ({statuses}), "
        "100 evaluations, 200 follow-up actions in "
    )


def test_generate_synthetic_gives_an_officer_every_twentieth_result_and_evaluations_with_follow_up(db):
    call_command("generate_synthetic", "--scale", "0.1", "--seed", "7")

    officer = User.objects.get(username="synthetic-officer")
    results = Result.objects.count()
    assert officer.profile.role == Role.OFFICER
    assert Result.objects.filter(created_by=officer).count() == (results + OWNED_EVERY - 1) // OWNED_EVERY
    assert Result.objects.filter(status=Result.Status.SUBMITTED, submitted_at__isnull=True).count() == 0
    assert Evaluation.objects.filter(status=Evaluation.Status.PUBLISHED, outcomes__isnull=False).count() == 100
    assert Recommendation.objects.count() == 200
    assert FollowUpAction.objects.filter(status=FollowUpAction.Status.COMPLETED, completed_on__isnull=True).count() == 0
    assert FollowUpAction.objects.count() == 200


def test_generate_synthetic_links_each_recommendation_to_outcomes_of_its_evaluations_framework(db):
    call_command("generate_synthetic", "--scale", "0.1", "--seed", "7")

    links = Recommendation.outcomes.through.objects.values_list(
        "recommendation_id", "outcome__framework_id", "recommendation__evaluation__outcomes__framework_id"
    )
    per_recommendation = Counter(recommendation for recommendation, _, _ in links)
    assert Counter(per_recommendation.values()) == {1: 100, 2: 100}
    assert {framework == evaluation_framework for _, framework, evaluation_framework in links} == {True}
    assert Recommendation.objects.filter(outcomes__isnull=True).count() == 0
    # The evaluation's own outcome is among its recommendations' outcomes.
    linked = set(Recommendation.outcomes.through.objects.values_list("recommendation_id", "outcome_id"))
    own = set(Recommendation.objects.values_list("pk", "evaluation__outcomes"))
    assert len(own) == 200
    assert own <= linked


def test_generate_synthetic_refuses_a_database_that_holds_outcomes_of_its_frameworks(db):
    OutcomeFactory(framework=Biennium.objects.get(start_year=2018).framework, number="1")

    with pytest.raises(CommandError) as refused:
        call_command("generate_synthetic")

    assert str(refused.value) == (
        "The frameworks of 2016-27 already hold outcomes; generate synthetic data into an empty database."
    )


def test_generate_synthetic_refuses_a_scale_that_is_not_positive(db):
    with pytest.raises(CommandError) as refused:
        call_command("generate_synthetic", "--scale", "0")

    assert str(refused.value) == "--scale must be positive."


def test_generate_synthetic_writes_each_result_s_creation_into_its_history(db):
    call_command("generate_synthetic", "--scale", "0.1", "--seed", "7")

    result = Result.objects.order_by("pk").last()
    history = Result.history.filter(id=result.pk).get()
    assert Result.history.count() == Result.objects.count()
    assert (history.history_type, history.history_change_reason) == ("+", "Synthetic data")
    assert (history.created_at, history.status, history.entity_name) == (
        result.created_at,
        result.status,
        result.entity_name,
    )
    # Written in the same moment (on PostgreSQL the very same: tests/rbm/test_bulk.py).
    assert abs(result.created_at - history.history_date) < datetime.timedelta(seconds=5)
