import re

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Result
from indicators.selectors import indicator_counts, result_get, result_history, result_list, result_review_queue
from indicators.services import (
    result_evidence_add,
    result_record,
    result_reopen,
    result_return,
    result_submit,
    result_update,
    result_validate,
)
from outcomes.models import BienniumStatusChange
from outcomes.services import biennium_reopen
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed
from tests.factories import (
    IndicatorFactory,
    MeasurementCriterionFactory,
    ResultFactory,
    TargetFactory,
    biennium,
    biennium_closed,
    place,
    region,
    user_with_role,
)


@pytest.fixture
def indicator(db):
    return TargetFactory(value=1).indicator


@pytest.fixture
def officer(db):
    return user_with_role("officer", username="ama", regions=[region("africa")])


@pytest.fixture
def manager(db):
    return user_with_role("manager", username="kofi", regions=[region("africa")])


def record(user, indicator, name="Ghana", **extra):
    return result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description=extra.pop("description", "A social protection policy was adopted."),
        **extra,
    )


def test_an_officer_records_a_draft_that_does_not_count_yet(officer, indicator):
    result = record(officer, indicator, evidence="Cabinet decision 12/2015", links=["https://example.org/policy"])

    assert (result.status, result.version, result.created_by, result.last_edited_by) == ("draft", 1, officer, officer)
    assert [evidence.url for evidence in result.attachments.all()] == ["https://example.org/policy"]
    assert indicator_counts(biennium=biennium(), indicator=indicator)["result"] == 0


def test_the_whole_path_from_draft_to_validated_changes_the_counts(officer, manager, indicator):
    result = record(officer, indicator)
    result = result_submit(user=officer, result=result)
    result = result_return(user=manager, result=result, message="Attach the adopted policy.")
    assert (result.status, result.review_message) == ("returned", "Attach the adopted policy.")

    result = result_update(user=officer, result=result, version=result.version, evidence="Policy adopted 3 May 2015")
    result = result_submit(user=officer, result=result, version=result.version)
    result = result_validate(user=manager, result=result)

    assert (result.status, result.reviewed_by) == ("validated", manager)
    counts = indicator_counts(biennium=biennium(), indicator=indicator)
    assert (counts["result"], counts["label"], counts["target_met"]) == (1, "1 member State", True)


def test_an_officer_cannot_record_outside_their_region(officer, indicator):
    with pytest.raises(NotAllowed) as refused:
        record(officer, indicator, name="Peru")

    assert refused.value.message == f"Peru under indicator {indicator.code} is outside your scope."
    assert Result.objects.count() == 0


def test_an_officer_cannot_record_outside_their_outcomes(db, indicator):
    other = IndicatorFactory()
    officer = user_with_role("officer", outcomes=[indicator.outcome])

    with pytest.raises(NotAllowed):
        record(officer, other)


def test_a_viewer_cannot_record_results(db, indicator):
    viewer = user_with_role("viewer")

    with pytest.raises(NotAllowed, match=re.escape("Your role does not allow recording or changing results.")):
        record(viewer, indicator)


def test_recording_a_place_twice_is_refused_with_a_field_error(officer, indicator):
    record(officer, indicator)

    with pytest.raises(ValidationError) as refused:
        record(officer, indicator)

    assert refused.value.message_dict == {
        "place": [f"A result for Ghana is already recorded under indicator {indicator.code} for 2014-15."]
    }


def test_a_result_needs_a_description(officer, indicator):
    with pytest.raises(ValidationError) as refused:
        record(officer, indicator, description="  ")

    assert refused.value.message_dict == {"description": ["Describe what changed in Ghana."]}


def test_nobody_validates_a_result_they_recorded_or_last_edited(officer, manager, indicator):
    own = result_submit(user=manager, result=record(manager, indicator, name="Togo"))
    edited = record(officer, indicator)
    edited = result_update(user=manager, result=edited, version=1, description="Corrected by the manager.")
    edited = result_submit(user=officer, result=edited)

    for result in (own, edited):
        with pytest.raises(NotAllowed, match="You recorded or last edited this result, so someone else must validate"):
            result_validate(user=manager, result=result)


def test_officers_cannot_validate(officer, indicator):
    result = result_submit(user=officer, result=record(officer, indicator))
    colleague = user_with_role("officer", regions=[region("africa")])

    with pytest.raises(NotAllowed, match="Only a manager or an administrator can validate"):
        result_validate(user=colleague, result=result)


def test_returning_needs_a_message(officer, manager, indicator):
    result = result_submit(user=officer, result=record(officer, indicator))

    with pytest.raises(ValidationError) as refused:
        result_return(user=manager, result=result, message=" ")

    assert refused.value.message_dict == {
        "message": ["Say why the result is returned, so the officer knows what to fix."]
    }
    result.refresh_from_db()
    assert result.status == "submitted"


def test_a_validated_result_is_locked_until_a_manager_reopens_it_with_a_reason(officer, manager, indicator):
    result = result_validate(user=manager, result=result_submit(user=officer, result=record(officer, indicator)))

    with pytest.raises(ApplicationError) as locked:
        result_update(user=officer, result=result, version=result.version, description="Changed")
    assert locked.value.message == (
        "This result is validated and locked; a manager must reopen it before it can change."
    )
    with pytest.raises(ValidationError):
        result_reopen(user=manager, result=result, reason="")

    reopened = result_reopen(user=manager, result=result, reason="The policy was repealed in 2016.")

    assert (reopened.status, reopened.review_message) == ("returned", "The policy was repealed in 2016.")
    assert indicator_counts(biennium=biennium(), indicator=indicator)["result"] == 0


def test_a_submitted_result_cannot_be_edited_until_returned(officer, indicator):
    result = result_submit(user=officer, result=record(officer, indicator))

    with pytest.raises(ApplicationError, match="This result is awaiting validation"):
        result_update(user=officer, result=result, version=result.version, description="Changed")


def test_a_closed_biennium_refuses_every_change_until_an_administrator_reopens_it(officer, manager, indicator):
    result = record(officer, indicator)
    biennium_closed(user=manager, biennium=biennium())
    message = "The biennium 2014-15 is closed; nothing in it can change."

    with pytest.raises(ApplicationError, match=message):
        record(officer, indicator, name="Togo")
    with pytest.raises(ApplicationError, match=message):
        result_update(user=officer, result=result, version=1, description="Changed")
    with pytest.raises(ApplicationError, match=message):
        result_submit(user=officer, result=result)
    with pytest.raises(ApplicationError, match=re.escape("Only an administrator can reopen a closed biennium.")):
        biennium_reopen(user=manager, biennium=biennium(), reason="Late evidence")

    administrator = user_with_role("administrator")
    with pytest.raises(ValidationError):
        biennium_reopen(user=administrator, biennium=biennium(), reason="")
    biennium_reopen(user=administrator, biennium=biennium(), reason="Late evidence from Ghana")

    assert record(officer, indicator, name="Togo").status == "draft"
    assert list(BienniumStatusChange.objects.values_list("action", "reason", "changed_by__username")) == [
        ("reopened", "Late evidence from Ghana", administrator.username),
        ("closed", "", "kofi"),
    ]


def test_only_managers_close_a_biennium(officer):
    with pytest.raises(ApplicationError, match=re.escape("Only a manager or an administrator can close a biennium.")):
        biennium_closed(user=officer, biennium=biennium())


def test_a_stale_edit_is_refused_and_shows_what_changed_meanwhile(officer, indicator):
    colleague = user_with_role("officer", username="efua", regions=[region("africa")])
    result = record(officer, indicator, evidence="First evidence")
    opened_version = result.version
    result_update(user=colleague, result=result, version=opened_version, evidence="Colleague's evidence")

    with pytest.raises(ConflictError) as conflict:
        result_update(user=officer, result=result, version=opened_version, evidence="My evidence")

    assert conflict.value.message.startswith("efua changed this result on ")
    assert conflict.value.message.endswith(
        "after you opened it; your changes were not saved. Review what changed and apply yours again."
    )
    assert conflict.value.extra == {
        "version": 2,
        "changes": [{"field": "evidence", "was": "First evidence", "now": "Colleague's evidence"}],
    }
    result.refresh_from_db()
    assert result.evidence == "Colleague's evidence"


def test_every_change_is_kept_in_the_history_with_who_and_why(officer, manager, indicator):
    result = record(officer, indicator)
    result = result_submit(user=officer, result=result)
    result = result_return(user=manager, result=result, message="Which law?")

    history = result_history(result=result)

    assert [(entry.who, entry.reason, entry.status) for entry in history] == [
        (manager, "Which law?", "returned"),
        (officer, "Submitted", "submitted"),
        (officer, "Recorded", "draft"),
    ]
    assert [(change.field, change.old, change.new) for change in history[0].changes] == [
        ("status", "submitted", "returned"),
        ("message from the validator", "—", "Which law?"),
    ]


def test_a_result_short_of_its_criteria_can_be_submitted_with_a_warning(officer, indicator):
    from indicators.selectors import result_criteria

    indicator.criteria_minimum = 2
    indicator.save()
    for number in (1, 2, 3):
        MeasurementCriterionFactory(indicator=indicator, number=number)

    result = result_submit(user=officer, result=record(officer, indicator, criteria_met=[2]))

    assessment = result_criteria(result=result)
    assert (result.status, assessment.satisfied) == ("submitted", False)
    assert (
        assessment.warning
        == f"1 of the 3 measurement criteria are met; indicator {indicator.code} requires at least 2."
    )


def test_unknown_criteria_are_refused(officer, indicator):
    MeasurementCriterionFactory(indicator=indicator, number=1)

    with pytest.raises(ValidationError) as refused:
        record(officer, indicator, criteria_met=[1, 7])

    assert refused.value.message_dict == {"criteria_met": [f"Indicator {indicator.code} has no criterion 7."]}


def test_evidence_needs_a_link_or_a_file(officer, indicator):
    result = record(officer, indicator)

    with pytest.raises(ValidationError) as refused:
        result_evidence_add(user=officer, result=result, url="", title="Nothing")

    assert refused.value.message_dict == {"url": ["Add a link or a file."]}


def test_drafts_outside_the_scope_are_invisible_even_by_id(officer, indicator):
    americas = user_with_role("officer", regions=[region("americas")])
    peru = record(americas, indicator, name="Peru")
    ghana = record(officer, indicator)
    validated = ResultFactory(indicator=indicator, place=place("Chile"))

    assert set(result_list(user=officer)) == {ghana, validated}
    with pytest.raises(Result.DoesNotExist):
        result_get(user=officer, pk=peru.pk)
    assert result_get(user=officer, pk=validated.pk) == validated


def test_viewers_see_validated_results_only(officer, indicator):
    viewer = user_with_role("viewer")
    record(officer, indicator)
    validated = ResultFactory(indicator=indicator, place=place("Togo"))

    assert list(result_list(user=viewer)) == [validated]


def test_the_validation_queue_holds_submitted_results_in_the_managers_scope(officer, manager, indicator):
    americas = user_with_role("officer", regions=[region("americas")])
    ghana = result_submit(user=officer, result=record(officer, indicator))
    result_submit(user=americas, result=record(americas, indicator, name="Peru"))
    record(officer, indicator, name="Togo")

    assert list(result_review_queue(user=manager)) == [ghana]
    assert list(result_review_queue(user=officer)) == []
