"""The dashboard's section per plan: targets against their baseline over time, key outputs by status."""

from django.urls import reverse

from plans.models import KeyOutput
from plans.selectors.overview import plans_overview
from plans.services.events import target_events_import
from plans.services.statuses import key_output_status_record
from tests.factories import biennium, user_with_role
from tests.html import html_table


def test_dashboard_shows_each_plans_targets_over_time_and_key_outputs_by_status(
    plan_revised, client, django_assert_max_num_queries
):
    target_events_import(
        plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text="Jordan,2014-03-27\nChad,2015-06-04\nBrazil,2009-06-15\n"
    )
    manager = user_with_role("manager", username="dash-manager")
    output = KeyOutput.objects.get(means__activity__category__revision__number=2, text="analytical paper")
    key_output_status_record(user=manager, key_output=output, biennium=biennium(2014), status="delivered")
    client.force_login(manager)

    with django_assert_max_num_queries(6):
        overview = plans_overview()
    assert overview[0]["targets"][0]["points"] == [
        {"date": "2011-07-31", "count": 47},
        {"date": "2014-03-27", "count": 48},
        {"date": "2015-06-04", "count": 49},
    ]
    page = client.get(reverse("dashboard:dashboard-detail"))
    assert page.status_code == 200
    plan_id = plan_revised.pk
    assert html_table(page, f"table-plan-{plan_id}-I.4.ii")[1:] == [
        ["2011-07-31", "47"],
        ["2014-03-27", "48"],
        ["2015-06-04", "49"],
    ]
    assert html_table(page, f"table-plan-{plan_id}-key-outputs") == [
        ["Planned", "Under way", "Delivered", "Dropped", "Not reported"],
        ["0", "0", "1", "0", "15"],
    ]
    assert '"plans": [{"id": "plan-' in page.content.decode()


def test_the_dashboards_plans_section_moves_on_the_next_request_after_a_status_an_event_or_an_admin_edit(
    plan_revised, client, admin_client
):
    from plans.models import Target

    manager = user_with_role("manager", username="dash-manager")
    client.force_login(manager)
    plan_id = plan_revised.pk

    def key_outputs() -> list[str]:
        page = client.get(reverse("dashboard:dashboard-detail"))
        return html_table(page, f"table-plan-{plan_id}-key-outputs")[1]

    def points() -> list[list[str]]:
        page = client.get(reverse("dashboard:dashboard-detail"))
        return html_table(page, f"table-plan-{plan_id}-I.4.ii")[1:]

    before = key_outputs()
    output = KeyOutput.objects.get(means__activity__category__revision__number=2, text="analytical paper")
    key_output_status_record(user=manager, key_output=output, biennium=biennium(2014), status="delivered")
    reported = key_outputs()
    target_events_import(plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text="Jordan,2014-03-27\n")
    with_event = points()
    target = Target.objects.get(plan=plan_revised, ref="I.4.ii")
    edited = admin_client.post(
        reverse("admin:plans_target_change", args=[target.pk]),
        {
            "text": target.text,
            "baseline": target.baseline + 10,
            "baseline_date": target.baseline_date.isoformat(),
            "value": target.value,
            "deadline": target.deadline.isoformat() if target.deadline else "",
            "event_label": target.event_label,
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert edited.status_code == 302, edited.context["adminform"].form.errors if edited.context else edited
    rebased = points()

    assert (before[2], before[4], reported[2], reported[4]) == ("0", "16", "1", "15")
    assert with_event == [["2011-07-31", "47"], ["2014-03-27", "48"]]
    assert rebased == [["2011-07-31", "57"], ["2014-03-27", "58"]]
