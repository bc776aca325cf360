import datetime

import pytest
import time_machine
from django.db import connection

from evaluations.conditions import evaluation_search
from evaluations.models import Evaluation, FollowUpAction, FollowUpState
from evaluations.selectors import (
    evaluation_detail,
    evaluation_history,
    evaluation_list,
    follow_up_summary,
    recommendation_annex,
)
from evaluations.services import EvaluationInput, evaluation_create, evaluation_input_from, evaluation_update
from outcomes.models import Outcome
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    OfficeResponseFactory,
    RecommendationFactory,
)
from tests.factories import IndicatorFactory, OutcomeFactory, place, region, user_with_role

TODAY = datetime.date(2022, 6, 15)
PAST = datetime.date(2022, 1, 31)
FUTURE = datetime.date(2023, 1, 31)


# --- The annex of recommendations per outcome (for the biennial report) --------------------------------


@time_machine.travel(TODAY)
def test_the_annex_lists_recommendations_linked_directly_or_through_an_indicator(db, django_assert_num_queries):
    outcome, other, empty = OutcomeFactory(), OutcomeFactory(), OutcomeFactory()
    indicator = IndicatorFactory(outcome=outcome)
    early = EvaluationFactory(title="Early review", symbol="GB.300/PFA/1", date=datetime.date(2008, 3, 1), year=2008)
    late = EvaluationFactory(title="Late review", symbol="GB.320/PFA/2", date=datetime.date(2014, 3, 1), year=2014)
    direct = RecommendationFactory(evaluation=late, number=2, text="Do B.", outcomes=[outcome])
    through_indicator = RecommendationFactory(evaluation=early, number=5, text="Do A.", indicators=[indicator])
    both = RecommendationFactory(evaluation=late, number=1, text="Do C.", outcomes=[outcome, other])
    both.indicators.set([indicator])
    RecommendationFactory(evaluation=EvaluationFactory(status="draft"), outcomes=[outcome])  # unpublished
    response = OfficeResponseFactory(evaluation=late)
    direct.response, direct.stance = response, "partially_accepted"
    direct.save()
    FollowUpActionFactory(recommendation=direct, status="completed", completed_on=PAST, due_date=PAST)
    FollowUpActionFactory(recommendation=direct, due_date=PAST)
    FollowUpActionFactory(recommendation=both, status="cancelled", cancellation_reason="Superseded")
    FollowUpActionFactory(recommendation=through_indicator, due_date=FUTURE, status="in_progress")

    with django_assert_num_queries(1):
        annex = recommendation_annex(outcome_ids=[outcome.pk, other.pk, empty.pk])

    assert annex[empty.pk] == []
    assert [(row["evaluation_symbol"], row["number"]) for row in annex[outcome.pk]] == [
        ("GB.300/PFA/1", 5),
        ("GB.320/PFA/2", 1),
        ("GB.320/PFA/2", 2),
    ]
    assert annex[outcome.pk][2] == {
        "evaluation_title": "Late review",
        "evaluation_symbol": "GB.320/PFA/2",
        "evaluation_date": datetime.date(2014, 3, 1),
        "number": 2,
        "text": "Do B.",
        "stance": "partially accepted",
        "follow_up": "overdue",
        "actions_total": 2,
        "actions_completed": 1,
    }
    assert [(row["follow_up"], row["stance"]) for row in annex[outcome.pk][:2]] == [("open", ""), ("done", "")]
    assert [row["number"] for row in annex[other.pk]] == [1]


def test_the_annex_costs_one_query_whatever_its_size(db, django_assert_num_queries):
    outcomes = [OutcomeFactory() for _ in range(3)]
    for index in range(12):
        recommendation = RecommendationFactory(outcomes=outcomes[: 1 + index % 3])
        FollowUpActionFactory(recommendation=recommendation)

    with django_assert_num_queries(1):
        annex = recommendation_annex(outcome_ids=[outcome.pk for outcome in outcomes])

    assert [len(rows) for rows in annex.values()] == [12, 8, 4]
    assert {row["follow_up"] for rows in annex.values() for row in rows} == {"open"}


def test_the_annex_of_seed_001_lists_its_twelve_recommendations_under_outcome_4(seed_000_imported, seed_001_text):
    from evaluations.services import evaluation_summary_import

    evaluation_summary_import(text=seed_001_text, outcome_numbers=["4"])
    outcome = Outcome.objects.get(framework__name="Strategic Policy Framework 2010-15", number="4")

    rows = recommendation_annex(outcome_ids=[outcome.pk])[outcome.pk]

    assert [row["number"] for row in rows] == list(range(1, 13))
    assert {(row["evaluation_symbol"], row["stance"], row["follow_up"]) for row in rows} == {
        ("GB.309/PFA/5/4", "responded, no stance stated", "not started")
    }


# --- Where the follow-up stands ----------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_follow_up_states_derive_from_the_actions(db):
    evaluation = EvaluationFactory()
    states = {}
    for number, actions in enumerate(
        [
            [],
            [("completed", PAST), ("cancelled", None)],
            [("in_progress", FUTURE), ("completed", PAST)],
            [("in_progress", FUTURE), ("not_started", PAST)],
        ],
        start=1,
    ):
        recommendation = RecommendationFactory(evaluation=evaluation, number=number)
        for status, due in actions:
            FollowUpActionFactory(
                recommendation=recommendation,
                status=status,
                due_date=due,
                completed_on=PAST if status == "completed" else None,
                cancellation_reason="Not needed" if status == "cancelled" else "",
            )
        states[number] = recommendation

    detail = evaluation_detail(user=None, pk=evaluation.pk)

    assert [row.follow_up for row in detail.recommendation_rows] == ["not started", "done", "open", "overdue"]
    assert (detail.recommendation_count, detail.overdue_count, detail.open_action_count, detail.done_action_count) == (
        4,
        1,
        3,
        3,
    )


@time_machine.travel(TODAY)
def test_the_tracker_counts_actions_per_unit_and_outcome_with_sql_aggregates(db, django_assert_num_queries):
    outcome = OutcomeFactory(number="7")
    indicator = IndicatorFactory(outcome=outcome)
    first = RecommendationFactory(outcomes=[outcome])
    second = RecommendationFactory(indicators=[indicator])
    RecommendationFactory()  # no actions: not started
    FollowUpActionFactory(recommendation=first, unit="SOCPRO", due_date=PAST)
    FollowUpActionFactory(recommendation=first, unit="SOCPRO", due_date=FUTURE, status="in_progress")
    FollowUpActionFactory(recommendation=second, unit="EVAL", status="completed", completed_on=PAST)
    FollowUpActionFactory(recommendation=second, unit="SOCPRO", status="cancelled", cancellation_reason="Merged")

    # totals, units, outcome counts, outcome names (the actions concern one), recommendation states
    with django_assert_num_queries(5):
        summary = follow_up_summary(user=None)

    assert (summary.totals.open, summary.totals.overdue, summary.totals.done, summary.totals.total) == (2, 1, 2, 4)
    assert [(row.label, row.overdue, row.in_progress, row.completed, row.cancelled) for row in summary.by_unit] == [
        ("EVAL", 0, 0, 1, 0),
        ("SOCPRO", 1, 1, 0, 1),
    ]
    assert [(row.key, row.total, row.overdue, row.done) for row in summary.by_outcome] == [(outcome.pk, 4, 1, 2)]
    assert summary.recommendations == {"not started": 1, "open": 0, "overdue": 1, "done": 1}


@time_machine.travel(TODAY)
def test_the_tracker_counts_an_action_once_per_outcome_however_its_recommendation_links_it(db):
    outcome, other = OutcomeFactory(number="1"), OutcomeFactory(number="2")
    first, second = IndicatorFactory(outcome=outcome), IndicatorFactory(outcome=outcome)
    linked_every_way = RecommendationFactory(
        outcomes=[outcome], indicators=[first, second, IndicatorFactory(outcome=other)]
    )
    FollowUpActionFactory(recommendation=linked_every_way, due_date=PAST)
    FollowUpActionFactory(recommendation=linked_every_way, status="completed", completed_on=PAST)
    FollowUpActionFactory(recommendation=RecommendationFactory(indicators=[second]), due_date=FUTURE)
    FollowUpActionFactory(recommendation=RecommendationFactory())  # concerns no outcome

    summary = follow_up_summary(user=None)

    assert [(row.key, row.overdue, row.not_started, row.completed, row.total) for row in summary.by_outcome] == [
        (outcome.pk, 1, 1, 1, 3),
        (other.pk, 1, 0, 1, 2),
    ]
    assert summary.totals.total == 4


@time_machine.travel(TODAY)
def test_the_tracker_filters_by_unit_and_status(db):
    FollowUpActionFactory(unit="SOCPRO", due_date=PAST)
    FollowUpActionFactory(unit="socpro", due_date=FUTURE)
    FollowUpActionFactory(unit="EVAL", due_date=PAST)

    summary = follow_up_summary(user=None, filters={"unit": "SocPro", "status": "overdue"})

    assert (summary.totals.total, [row.label for row in summary.by_unit]) == (1, ["SOCPRO"])


# --- The register: visibility, filters and search ----------------------------------------------------


def test_drafts_are_seen_only_by_those_who_may_edit_them(db):
    africa, americas = region("africa"), region("americas")
    EvaluationFactory(title="Published")
    EvaluationFactory(title="African draft", status="draft", regions=[africa])
    EvaluationFactory(title="Global draft", status="draft")
    viewer = user_with_role("viewer")
    african_officer = user_with_role("officer", regions=[africa])
    american_officer = user_with_role("officer", regions=[americas])

    def titles(user):
        return sorted(evaluation.title for evaluation in evaluation_list(user=user))

    assert titles(None) == ["Published"]
    assert titles(viewer) == ["Published"]
    assert titles(african_officer) == ["African draft", "Published"]
    assert titles(american_officer) == ["Published"]
    assert titles(user_with_role("officer")) == ["African draft", "Global draft", "Published"]


def test_the_register_filters_by_type_timing_year_region_place_and_outcome(db):
    outcome = OutcomeFactory()
    ghana = place("Ghana")
    covering = EvaluationFactory(title="Covers Ghana", kind="thematic", year=2014)
    covering.place_links.create(place=ghana, is_case_study=True)
    EvaluationFactory(title="Tagged Africa", regions=[region("africa")], timing="mid_term")
    EvaluationFactory(title="About the outcome", outcomes=[outcome], year=2014)
    RecommendationFactory(evaluation=EvaluationFactory(title="Recommends on it"), outcomes=[outcome])

    def titles(**filters):
        return sorted(evaluation.title for evaluation in evaluation_list(user=None, filters=filters))

    assert titles(kind="thematic") == ["Covers Ghana"]
    assert titles(timing="mid_term") == ["Tagged Africa"]
    assert titles(year="2014") == ["About the outcome", "Covers Ghana"]
    assert titles(region=region("africa").pk) == ["Covers Ghana", "Tagged Africa"]
    assert titles(place=ghana.pk) == ["Covers Ghana"]
    assert titles(outcome=outcome.pk) == ["About the outcome", "Recommends on it"]


@time_machine.travel(TODAY)
def test_the_register_filters_by_follow_up_state(db):
    overdue = RecommendationFactory(evaluation__title="Has an overdue action")
    FollowUpActionFactory(recommendation=overdue, due_date=PAST)
    done = RecommendationFactory(evaluation__title="All done")
    FollowUpActionFactory(recommendation=done, status="completed", completed_on=PAST)
    RecommendationFactory(evaluation__title="Nothing planned")

    def titles(state):
        return [evaluation.title for evaluation in evaluation_list(user=None, filters={"follow_up": state})]

    assert titles(FollowUpState.OVERDUE) == ["Has an overdue action"]
    assert titles(FollowUpState.DONE) == ["All done"]
    assert titles(FollowUpState.NOT_STARTED) == ["Nothing planned"]
    assert titles(FollowUpState.OPEN) == []


def test_the_register_finds_words_in_titles_symbols_and_recommendations(db):
    EvaluationFactory(title="Extending social protection floors", symbol="GB.316/INS/5/1")
    RecommendationFactory(evaluation=EvaluationFactory(title="Decent work in Asia"), text="Strengthen pensions.")
    EvaluationFactory(title="Employment policies")

    def titles(text):
        return sorted(evaluation.title for evaluation in evaluation_list(user=None, filters={"q": text}))

    assert titles("floors") == ["Extending social protection floors"]
    assert titles("GB.316/INS/5/1") == ["Extending social protection floors"]
    assert titles("pensions") == ["Decent work in Asia"]
    assert titles("nothing-like-this") == []


def test_the_register_lists_a_page_in_a_fixed_number_of_queries(db, django_assert_num_queries):
    for index in range(6):
        recommendation = RecommendationFactory(evaluation__title=f"Evaluation {index}")
        FollowUpActionFactory(recommendation=recommendation)

    with django_assert_num_queries(1):
        rows = list(evaluation_list(user=None))

    assert [(row.recommendation_count, row.open_action_count) for row in rows] == [(1, 1)] * 6


@pytest.mark.postgres
def test_full_text_search_stems_words_and_ranks_on_postgresql(db):
    EvaluationFactory(title="Extending social security coverage", summary="Coverage was extended in many countries.")
    EvaluationFactory(title="Unemployment insurance in ASEAN", summary="Covering the unemployed.")
    RecommendationFactory(evaluation=EvaluationFactory(title="Gender equality"), text="Extend coverage to women.")

    found = [evaluation.title for evaluation in evaluation_list(user=None, filters={"q": "extended coverage"})]

    assert found == ["Extending social security coverage", "Gender equality"]


@pytest.mark.postgres
def test_the_register_search_reads_the_stored_vectors_through_their_gin_indexes(db):
    RecommendationFactory(evaluation=EvaluationFactory(title="Social dialogue"), text="Extend coverage.")
    searched = evaluation_search(Evaluation.objects.all(), "coverage")

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = searched.explain()
        cursor.execute("SET enable_seqscan = on")

    assert "evaluation_search_vector_idx" in plan
    assert "recommendation_search_vector_idx" in plan
    assert "to_tsvector" not in plan
    assert [evaluation.title for evaluation in searched] == ["Social dialogue"]


@pytest.mark.postgres
def test_the_stored_search_vector_follows_every_edit_of_an_evaluation_on_postgresql(db):
    officer = user_with_role("officer", username="amina")
    evaluation = evaluation_create(user=officer, data=EvaluationInput(title="Pension reform", kind="project"))
    data = evaluation_input_from(evaluation=evaluation)
    data.title = "Maternity protection"
    evaluation_update(user=officer, evaluation=evaluation, data=data)

    def titles(text):
        return [found.title for found in evaluation_search(Evaluation.objects.all(), text)]

    assert titles("maternity") == ["Maternity protection"]
    assert titles("pension") == []


# --- History ---------------------------------------------------------------------------------------------


def test_the_history_says_who_changed_what(db):
    officer = user_with_role("officer", username="amina")
    evaluation = evaluation_create(user=officer, data=EvaluationInput(title="First title", kind="project"))
    data = evaluation_input_from(evaluation=evaluation)
    data.title = "Second title"
    evaluation_update(user=officer, evaluation=evaluation, data=data)

    entries = evaluation_history(evaluation=evaluation)

    assert [(entry.what, entry.kind, entry.who.username) for entry in entries] == [
        ("Evaluation", "changed", "amina"),
        ("Evaluation", "created", "amina"),
    ]
    assert [(change.field, change.old, change.new) for change in entries[0].changes] == [
        ("title", "First title", "Second title")
    ]


def test_an_action_moved_to_completed_shows_in_the_history(db):
    action = FollowUpActionFactory()
    action.status, action.completed_on = FollowUpAction.Status.COMPLETED, PAST
    action.save()

    entries = evaluation_history(evaluation=action.recommendation.evaluation)

    assert [(change.field, change.old, change.new) for change in entries[0].changes] == [
        ("status", "not started", "completed"),
        ("completed on", "—", "2022-01-31"),
    ]
