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
