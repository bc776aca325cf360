from django.urls import reverse

from indicators.services import result_record, result_return, result_submit
from notifications.models import Notification, NotificationPreference
from tests.factories import TargetFactory, biennium, place, region, user_with_role
from tests.html import html_text


def returned_to(officer, manager, message="Name the law and its date."):
    indicator = TargetFactory(value=1, indicator__code="4.1").indicator
    result = result_record(
        user=officer, indicator=indicator, biennium=biennium(), place=place("Ghana"), description="A law passed."
    )
    return result_return(user=manager, result=result_submit(user=officer, result=result), message=message)


def people():
    officer = user_with_role(
        "officer", username="ama", regions=[region("africa")], first_name="Ama", last_name="Mensah"
    )
    manager = user_with_role(
        "manager", username="kofi", regions=[region("africa")], first_name="Kofi", last_name="Boateng"
    )
    return officer, manager


def test_every_page_shows_the_unread_count_beside_the_notifications_link(db, client):
    officer, manager = people()
    returned_to(officer, manager)
    client.force_login(officer)

    page = client.get(reverse("indicators:result-list-mine")).content.decode()

    assert '<span class="badge" id="notifications-badge"><span class="visually-hidden">unread: </span>1</span>' in page


def test_the_list_shows_each_notification_with_the_validators_message_in_fixed_queries(
    db, client, django_assert_num_queries
):
    officer, manager = people()
    result = returned_to(officer, manager)
    client.force_login(officer)

    # session, user, scope (profile, regions, outcomes) for the menu, count, page, email choices, badge
    with django_assert_num_queries(9):
        response = client.get(reverse("notifications:notification-list"))

    page = html_text(response)
    assert response.status_code == 200
    assert "Kofi Boateng returned your result for Ghana under indicator 4.1 (2014-15)." in page
    assert "Name the law and its date." in page
    link = reverse("notifications:notification-open", args=[Notification.objects.get(recipient=officer).pk])
    assert f'href="{link}"' in response.content.decode()
    assert Notification.objects.get(recipient=officer).result == result


def test_opening_a_notification_marks_it_read_and_lands_on_the_result(db, client):
    officer, manager = people()
    result = returned_to(officer, manager)
    notification = Notification.objects.get(recipient=officer)
    client.force_login(officer)

    response = client.get(reverse("notifications:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == result.get_absolute_url()
    assert notification.read_at is not None
    assert "notifications-badge" not in client.get(reverse("notifications:notification-list")).content.decode()


def test_nobody_opens_someone_elses_notification(db, client):
    officer, manager = people()
    returned_to(officer, manager)
    client.force_login(manager)

    theirs = Notification.objects.get(recipient=officer)
    response = client.get(reverse("notifications:notification-open", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_mark_all_read(db, client):
    officer, manager = people()
    returned_to(officer, manager)
    client.force_login(officer)

    response = client.post(reverse("notifications:notification-read-all"), follow=True)

    assert "1 notification(s) marked read." in html_text(response)
    assert Notification.objects.filter(recipient=officer, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=manager, read_at__isnull=True).count() == 1


def test_a_user_chooses_which_notifications_are_also_emailed(db, client):
    officer, _manager = people()
    client.force_login(officer)

    response = client.post(
        reverse("notifications:notification-preference"), {"email_reviews": "", "email_follow_up": "on"}, follow=True
    )

    assert "Your email choices are saved." in html_text(response)
    preference = NotificationPreference.objects.get(user=officer)
    assert (preference.email_reviews, preference.email_submissions, preference.email_follow_up) == (
        False,
        False,
        True,
    )


def test_signed_out_visitors_are_sent_to_sign_in(db, client):
    response = client.get(reverse("notifications:notification-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
