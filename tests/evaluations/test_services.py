import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from evaluations.models import Evaluation, FollowUpAction, Recommendation
from evaluations.services import (
    EvaluationInput,
    PlaceCovered,
    RecommendationInput,
    evaluation_create,
    evaluation_input_from,
    evaluation_update,
    follow_up_action_create,
    follow_up_action_update,
    office_response_create,
    office_response_update,
    progress_update_record,
    recommendation_create,
    recommendation_update,
)
from rbm.exceptions import NotAllowed
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    OfficeResponseFactory,
    RecommendationFactory,
)
from tests.factories import OutcomeFactory, place, region, user_with_role

OUT_OF_SCOPE = (
    "This evaluation is outside your scope: it must be tagged only with regions and outcomes you work on "
    "(an evaluation tagged with none is global)."
)


def test_an_officer_enters_a_draft_evaluation_within_their_region(db):
    africa = region("africa")
    officer = user_with_role("officer", regions=[africa])

    evaluation = evaluation_create(
        user=officer,
        data=EvaluationInput(
            title="Building national floors of social protection in Southern Africa",
            kind=Evaluation.Kind.PROJECT,
            timing=Evaluation.Timing.FINAL,
            independence=Evaluation.Independence.INDEPENDENT,
            project_symbol="RAF/13/04/IRL",
            date=datetime.date(2016, 5, 2),
            regions=[africa],
            places=[PlaceCovered(place=place("Zambia"), is_case_study=True)],
            questions=["Was the project relevant?", "Was it effective?"],
            lessons=["Peer learning works."],
        ),
    )

    assert (evaluation.status, evaluation.year, evaluation.created_by) == ("draft", 2016, officer)
    assert [question.text for question in evaluation.questions.all()] == [
        "Was the project relevant?",
        "Was it effective?",
    ]
    assert evaluation.history.count() == 1
    assert evaluation.history.first().history_user == officer


def test_an_officer_cannot_enter_a_global_evaluation_or_one_outside_their_region(db):
    officer = user_with_role("officer", regions=[region("africa")])

    with pytest.raises(NotAllowed) as global_refused:
        evaluation_create(user=officer, data=EvaluationInput(title="Global", kind=Evaluation.Kind.HIGH_LEVEL))
    with pytest.raises(NotAllowed) as elsewhere_refused:
        evaluation_create(
            user=officer,
            data=EvaluationInput(title="Americas", kind=Evaluation.Kind.PROJECT, regions=[region("americas")]),
        )

    assert global_refused.value.message == OUT_OF_SCOPE
    assert elsewhere_refused.value.message == OUT_OF_SCOPE
    assert Evaluation.objects.count() == 0


def test_an_unrestricted_officer_may_enter_a_global_evaluation_and_an_administrator_anything(db):
    officer = user_with_role("officer")
    administrator = user_with_role("administrator")

    first = evaluation_create(user=officer, data=EvaluationInput(title="Global one", kind="high_level"))
    second = evaluation_create(user=administrator, data=EvaluationInput(title="Global two", kind="high_level"))

    assert [first.title, second.title] == ["Global one", "Global two"]


def test_an_outcome_restricted_officer_needs_the_evaluation_to_concern_only_their_outcomes(db):
    mine, other = OutcomeFactory(), OutcomeFactory()
    officer = user_with_role("officer", outcomes=[mine])
    evaluation = EvaluationFactory(outcomes=[mine, other])

    with pytest.raises(NotAllowed):
        recommendation_create(user=officer, evaluation=evaluation, data=RecommendationInput(number=1, text="Do it."))
    evaluation.outcomes.set([mine])
    recommendation = recommendation_create(
        user=officer, evaluation=evaluation, data=RecommendationInput(number=1, text="Do it.")
    )

    assert recommendation.number == 1


def test_viewers_cannot_change_anything(db):
    viewer = user_with_role("viewer")
    evaluation = EvaluationFactory()

    with pytest.raises(NotAllowed) as refused:
        recommendation_create(user=viewer, evaluation=evaluation, data=RecommendationInput(number=1, text="Do it."))

    assert refused.value.message == "Your role does not allow entering or changing evaluations."


def test_only_managers_publish_an_evaluation(db):
    officer, manager = user_with_role("officer"), user_with_role("manager")
    evaluation = evaluation_create(user=officer, data=EvaluationInput(title="Draft", kind="project"))
    data = evaluation_input_from(evaluation=evaluation)
    data.status = Evaluation.Status.PUBLISHED

    with pytest.raises(NotAllowed) as refused:
        evaluation_update(user=officer, evaluation=evaluation, data=data)
    evaluation_update(user=manager, evaluation=evaluation, data=data)

    assert refused.value.message == "Only a manager or an administrator can publish an evaluation or withdraw it."
    evaluation.refresh_from_db()
    assert evaluation.status == "published"


def test_editing_writes_history_only_for_what_changed(db):
    officer = user_with_role("officer")
    evaluation = evaluation_create(
        user=officer, data=EvaluationInput(title="Draft", kind="project", questions=["One?", "Two?"])
    )
    data = evaluation_input_from(evaluation=evaluation)

    unchanged = evaluation_update(user=officer, evaluation=evaluation, data=data)
    data.questions = ["One?", "Two, rephrased?"]
    changed = evaluation_update(user=officer, evaluation=evaluation, data=data)

    assert unchanged.changed is False
    assert changed.updated == {"questions": 1}
    assert evaluation.history.count() == 1
    assert evaluation.questions.get(number=2).history.count() == 2


def test_a_symbol_is_unique_and_a_period_ordered(db):
    officer = user_with_role("officer")
    EvaluationFactory(symbol="GB.309/PFA/5/4")

    with pytest.raises(ValidationError) as taken:
        evaluation_create(user=officer, data=EvaluationInput(title="x", kind="project", symbol="GB.309/PFA/5/4"))
    with pytest.raises(ValidationError) as backwards:
        evaluation_create(
            user=officer, data=EvaluationInput(title="x", kind="project", period_start=2009, period_end=2005)
        )

    assert taken.value.message_dict == {"symbol": ["Another evaluation already has the symbol GB.309/PFA/5/4."]}
    assert backwards.value.message_dict == {"period_end": ["The period cannot end before it starts."]}


def test_recommendation_numbers_are_unique_within_an_evaluation(db):
    officer = user_with_role("officer")
    existing = RecommendationFactory(number=3)

    with pytest.raises(ValidationError) as taken:
        recommendation_create(
            user=officer, evaluation=existing.evaluation, data=RecommendationInput(number=3, text="Again.")
        )

    assert taken.value.message_dict == {"number": ["Recommendation 3 already exists in this evaluation."]}


def test_a_recommendation_keeps_its_next_steps_in_order(db):
    officer = user_with_role("officer")
    recommendation = RecommendationFactory()

    recommendation_update(
        user=officer,
        recommendation=recommendation,
        data=RecommendationInput(number=recommendation.number, text="Revised.", next_steps=["First", "", "Second"]),
    )

    assert [step.text for step in recommendation.next_steps.all()] == ["First", "Second"]


def test_one_response_answers_several_recommendations_each_with_a_stance(db):
    officer = user_with_role("officer")
    evaluation = EvaluationFactory()
    first, second, third = (RecommendationFactory(evaluation=evaluation, number=n) for n in (1, 2, 3))

    response = office_response_create(
        user=officer,
        evaluation=evaluation,
        heading="Improving dissemination",
        text="The Office will document cases.",
        answers=[(first, "accepted"), (third, "partially_accepted")],
    )

    assert list(response.recommendations.order_by("number").values_list("number", "stance")) == [
        (1, "accepted"),
        (3, "partially_accepted"),
    ]
    second.refresh_from_db()
    assert (second.response, second.stance) == (None, "")


def test_a_recommendation_is_answered_by_one_response_only(db):
    officer = user_with_role("officer")
    evaluation = EvaluationFactory()
    recommendation = RecommendationFactory(evaluation=evaluation, number=1)
    office_response_create(
        user=officer, evaluation=evaluation, heading="First", text="Yes.", answers=[(recommendation, "accepted")]
    )
    recommendation.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        office_response_create(
            user=officer, evaluation=evaluation, heading="Second", text="No.", answers=[(recommendation, "accepted")]
        )

    assert refused.value.message_dict == {"answers": ["Recommendation 1 is already answered by the response “First”."]}


def test_editing_a_response_releases_the_recommendations_it_no_longer_answers(db):
    officer = user_with_role("officer")
    response = OfficeResponseFactory()
    kept, released = (RecommendationFactory(evaluation=response.evaluation, number=n) for n in (1, 2))
    office_response_update(
        user=officer, response=response, heading="h", text="t", answers=[(kept, "accepted"), (released, "accepted")]
    )

    office_response_update(user=officer, response=response, heading="h", text="t", answers=[(kept, "not_accepted")])

    kept.refresh_from_db()
    released.refresh_from_db()
    assert (kept.stance, released.stance, released.response) == ("not_accepted", "", None)


def test_a_response_needs_text_and_at_least_one_recommendation(db):
    officer = user_with_role("officer")
    evaluation = EvaluationFactory()

    with pytest.raises(ValidationError) as refused:
        office_response_create(user=officer, evaluation=evaluation, heading="", text=" ", answers=[])

    assert refused.value.message_dict == {
        "text": ["Give the Office's response."],
        "answers": ["Choose the recommendations this response answers, with the Office's stance on each."],
    }


def test_an_action_is_planned_and_completed_through_a_progress_update(db):
    officer = user_with_role("officer")
    recommendation = RecommendationFactory()
    action = follow_up_action_create(
        user=officer,
        recommendation=recommendation,
        description="Publish a guide",
        unit=" SOCPRO ",
        due_date=datetime.date(2030, 6, 30),
    )

    update = progress_update_record(
        user=officer,
        action=action,
        date=datetime.date(2020, 3, 1),
        text="The guide is published.",
        evidence="ILO guide No. 12",
        evidence_url="https://www.ilo.org/guide",
        status=FollowUpAction.Status.COMPLETED,
    )

    action.refresh_from_db()
    assert (action.unit, action.status, action.completed_on) == ("SOCPRO", "completed", datetime.date(2020, 3, 1))
    assert (update.status_after, update.recorded_by) == ("completed", officer)
    assert action.history.count() == 2


def test_cancelling_an_action_needs_a_reason(db):
    officer = user_with_role("officer")
    action = FollowUpActionFactory()

    with pytest.raises(ValidationError) as refused:
        follow_up_action_update(
            user=officer, action=action, description=action.description, unit="SOCPRO", status="cancelled"
        )

    assert refused.value.message_dict == {"cancellation_reason": ["Say why the action was cancelled."]}


@time_machine.travel(datetime.date(2021, 1, 10))
def test_a_progress_update_cannot_be_dated_in_the_future(db):
    officer = user_with_role("officer")
    action = FollowUpActionFactory()

    with pytest.raises(ValidationError) as refused:
        progress_update_record(user=officer, action=action, date=datetime.date(2021, 1, 11), text="Soon.")

    assert refused.value.message_dict == {"date": ["A progress update cannot be dated after today (2021-01-10)."]}


def test_a_restricted_officer_cannot_plan_actions_on_an_evaluation_outside_their_scope(db):
    officer = user_with_role("officer", regions=[region("africa")])
    recommendation = RecommendationFactory(evaluation=EvaluationFactory(regions=[region("americas")]))

    with pytest.raises(NotAllowed):
        follow_up_action_create(user=officer, recommendation=recommendation, description="Do", unit="ROLAC")

    assert Recommendation.objects.get().actions.count() == 0
