import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from indicators.services import result_record, result_reopen, result_return, result_submit, result_validate
from notifications.models import Notification
from notifications.selectors import notification_list, notification_text, notification_unread_count
from notifications.services import notification_preference_set, notifications_read_all
from tests.factories import TargetFactory, biennium, place, region, user_with_role


@pytest.fixture
def indicator(db):
    return TargetFactory(value=1, indicator__code="4.1").indicator


@pytest.fixture
def officer(db):
    return user_with_role("officer", username="ama", regions=[region("africa")], first_name="Ama", last_name="Mensah")


@pytest.fixture
def manager(db):
    return user_with_role(
        "manager", username="kofi", regions=[region("africa")], first_name="Kofi", last_name="Boateng"
    )


def submitted(officer, indicator, name="Ghana"):
    result = result_record(
        user=officer, indicator=indicator, biennium=biennium(), place=place(name), description="A policy was adopted."
    )
    return result_submit(user=officer, result=result)


def texts(user) -> list[str]:
    return [notification_text(notification=item) for item in notification_list(user=user)]


def test_managers_whose_scope_covers_a_submitted_result_are_told_and_no_one_else(
    officer, manager, indicator, django_capture_on_commit_callbacks
):
    everywhere = user_with_role("manager", username="global", first_name="Gloria", last_name="Ruiz")
    americas = user_with_role("manager", username="pedro", regions=[region("americas")])
    other_outcome = user_with_role("manager", username="oscar", outcomes=[TargetFactory().indicator.outcome])

    with django_capture_on_commit_callbacks(execute=True):
        submitted(officer, indicator)

    expected = "Ama Mensah submitted the result for Ghana under indicator 4.1 (2014-15) for validation."
    assert texts(manager) == [expected]
    assert texts(everywhere) == [expected]
    assert (texts(americas), texts(other_outcome), texts(officer)) == ([], [], [])
    assert sorted(message.to[0] for message in mail.outbox) == ["global@example.org", "kofi@example.org"]
    assert mail.outbox[0].subject == "Result to validate: Ghana, indicator 4.1"


def test_the_officer_is_told_when_a_result_is_returned_with_the_message_and_emailed_after_commit(
    officer, manager, indicator, django_capture_on_commit_callbacks
):
    result = submitted(officer, indicator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        result_return(user=manager, result=result, message="Name the law and its date.")
        # nothing leaves before the commit
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    notification = Notification.objects.get(recipient=officer)
    assert notification.kind == Notification.Kind.RESULT_RETURNED
    assert notification.message == "Name the law and its date."
    assert texts(officer) == ["Kofi Boateng returned your result for Ghana under indicator 4.1 (2014-15)."]
    assert [message.to for message in mail.outbox] == [["ama@example.org"]]
    assert mail.outbox[0].subject == "Result returned: Ghana, indicator 4.1"
    assert "Message: Name the law and its date." in mail.outbox[0].body
    assert f"http://127.0.0.1:8000/results/{result.pk}/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_officer_is_told_when_a_result_is_validated_and_when_it_is_reopened(officer, manager, indicator):
    result = result_validate(user=manager, result=submitted(officer, indicator))
    result_reopen(user=manager, result=result, reason="The date is wrong.")

    assert texts(officer) == [
        "Kofi Boateng returned your result for Ghana under indicator 4.1 (2014-15).",
        "Kofi Boateng validated your result for Ghana under indicator 4.1 (2014-15); it now counts.",
    ]


def test_a_user_who_turned_email_off_is_told_in_the_site_only(
    officer, manager, indicator, django_capture_on_commit_callbacks
):
    notification_preference_set(user=officer, email_reviews=False, email_submissions=True, email_follow_up=True)
    notification_preference_set(user=manager, email_reviews=True, email_submissions=False, email_follow_up=True)

    with django_capture_on_commit_callbacks(execute=True):
        result_validate(user=manager, result=submitted(officer, indicator))

    assert mail.outbox == []
    assert notification_unread_count(user=officer) == 1
    assert notification_unread_count(user=manager) == 1


def test_a_refused_review_tells_nobody(officer, manager, indicator):
    result = submitted(officer, indicator)
    with pytest.raises(ValidationError):
        result_return(user=manager, result=result, message="   ")

    assert notification_unread_count(user=officer) == 0


def test_marking_all_read_empties_the_badge(officer, manager, indicator, django_assert_num_queries):
    submitted(officer, indicator, "Ghana")
    submitted(officer, indicator, "Kenya")

    with django_assert_num_queries(1):
        before = notification_unread_count(user=manager)
    marked = notifications_read_all(user=manager)

    assert (before, marked, notification_unread_count(user=manager)) == (2, 2, 0)


def test_an_email_is_written_in_the_language_its_recipient_chose(
    officer, manager, indicator, django_capture_on_commit_callbacks
):
    notification_preference_set(
        user=manager, email_reviews=True, email_submissions=True, email_follow_up=True, language="fr"
    )

    with django_capture_on_commit_callbacks(execute=True):
        submitted(officer, indicator)

    (message,) = mail.outbox
    assert message.to == ["kofi@example.org"]
    assert message.subject == "Résultat à valider : Ghana, indicateur 4.1"
