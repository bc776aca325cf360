"""Plan pages: the list, the plan with its matrix and statuses, targets, key outputs; scope and queries."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outcomes.models import Outcome
from plans.models import KeyOutput, KeyOutputStatus
from plans.services.events import target_events_import
from plans.services.statuses import key_output_status_record
from rbm.exceptions import ApplicationError, NotAllowed
from tests.factories import OutcomeFactory, biennium, user_with_role
from tests.html import html_table, html_text

LINKS = re.compile(r'href="(/plans/[^"#?]*)"')


@pytest.fixture
def outcome(db) -> Outcome:
    return OutcomeFactory(number="4")


@pytest.fixture
def monitored(plan_revised, outcome):
    plan_revised.outcome = outcome
    plan_revised.save()
    target_events_import(
        plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text="Ukraine,2016-10-04\nJordan,2014-03-27\n"
    )
    manager = user_with_role("manager", username="plan-manager", outcomes=[outcome])
    output = KeyOutput.objects.get(means__activity__category__revision__number=2, text="analytical paper")
    key_output_status_record(
        user=manager, key_output=output, biennium=biennium(2014), status="delivered", evidence="GB.320/LILS/4"
    )
    return plan_revised


def _output(number: int, text: str) -> KeyOutput:
    return KeyOutput.objects.get(means__activity__category__revision__number=number, text=text)


def test_plan_page_shows_the_matrix_with_the_added_column_and_where_each_line_stands(
    monitored, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(18):
        page = client.get(reverse("plans:plan", args=[monitored.pk]))
    assert page.status_code == 200
    text = html_text(page)
    assert "Social Security Plan of Action – Activity matrix 2011–19, as endorsed by the Governing Body" in text
    assert "analytical paper: delivered (2014-15)" in text
    assert "Including advisory services for the implementation of Recommendation No. 202" in text
    assert page.content.decode().count("<strong>analytical paper</strong>") == 1
    targets = html_table(page, "targets-table")
    assert targets[1][:8] == [
        "I.4.ii",
        "reach 60 ratifications of Convention No. 102 by 2019",
        "47 (2011-07-31)",
        "60",
        "2019-12-31",
        "49",
        "49",
        "—",
    ]
    matrix = html_table(page, "matrix-table")
    assert len(matrix) == 1 + 29
    assert matrix[1][0] == "I. Policy development and standards-related activities"
    content = page.content.decode()
    assert 'id="means-I.4.ii"' in content
    # The page says what the revision added: the Recommendation column, means by means.
    assert "What this revision added or changed against GB.312/POL/2" in text
    assert text.count("added column") == 24


def test_plan_page_of_the_first_revision_has_no_added_column(monitored, client):
    page = client.get(reverse("plans:plan", args=[monitored.pk]) + "?revision=1")
    assert page.status_code == 200
    assert "Recommendation No. 202 Adoption" not in html_text(page)
    assert "analytical paper: delivered (2014-15)" in html_text(page)  # the same key output, said on revision 2
    assert client.get(reverse("plans:plan", args=[monitored.pk]) + "?revision=9").status_code == 404
    assert client.get(reverse("plans:plan", args=[monitored.pk]) + "?as_of=never").status_code == 400


def test_target_page_lists_the_places_added_since_the_baseline(monitored, client):
    page = client.get(reverse("plans:target", args=[monitored.pk, "I.4.ii"]) + "?as_of=2020-01-01")
    assert page.status_code == 200
    text = html_text(page)
    assert "Count on 1 January 2020" in text
    assert "49 (2 member States added, 0 territories)" in text
    assert "Jordan" in text and "Ukraine" in text
    obligation = client.get(reverse("plans:target", args=[monitored.pk, "O.1"]))
    assert "187 member States not yet (overdue)" in html_text(obligation)
    assert client.get(reverse("plans:target", args=[monitored.pk, "X.9"])).status_code == 404


def test_every_plan_page_answers_for_anonymous_and_signed_in_users(monitored, client):
    viewer = user_with_role("viewer", username="plan-viewer")
    for user in (None, viewer):
        if user:
            client.force_login(user)
        seen, queue = set(), [reverse("plans:plan-list")]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            assert response.status_code == 200, url
            queue.extend(LINKS.findall(response.content.decode()))
        assert len(seen) == 4 + 16  # list, plan, two targets, the 16 key outputs


def test_a_manager_of_the_plans_outcome_records_a_status_and_sees_its_history(monitored, client):
    manager = user_with_role("manager", username="m2", outcomes=[monitored.outcome])
    client.force_login(manager)
    output = _output(2, "guide on redistributive effects")
    url = reverse("plans:key-output", args=[output.pk])
    response = client.post(url, {"biennium": "2014", "status": "dropped", "reason": "", "evidence": "x"})
    assert response.status_code == 400
    assert "Say why the key output was dropped." in html_text(response)
    response = client.post(url, {"biennium": "2014", "status": "under_way", "evidence": "Draft circulated"})
    assert response.status_code == 302
    client.post(url, {"biennium": "2014", "status": "dropped", "reason": "No funds", "evidence": ""})
    page = client.get(url)
    assert [row[2] for row in html_table(page, "statuses-table")[1:]] == ["dropped", "under way"]
    assert KeyOutputStatus.objects.filter(key_output=output).count() == 2


def test_officers_of_another_outcome_and_viewers_cannot_record_a_status(monitored, client):
    other = OutcomeFactory(number="9")
    output = _output(2, "guide on redistributive effects")
    url = reverse("plans:key-output", args=[output.pk])
    for user in (user_with_role("officer", username="o9", outcomes=[other]), user_with_role("viewer", username="v")):
        client.force_login(user)
        page = client.get(url)
        assert "Say where it stands" not in html_text(page)
        response = client.post(url, {"biennium": "2014", "status": "delivered"})
        assert response.status_code == 403
        with pytest.raises(NotAllowed):
            key_output_status_record(user=user, key_output=output, biennium=biennium(2014), status="delivered")
    assert KeyOutputStatus.objects.filter(key_output=output).count() == 0


def test_a_status_outside_the_plan_period_or_in_a_closed_biennium_is_refused(monitored):
    manager = user_with_role("manager", username="m3", outcomes=[monitored.outcome])
    output = _output(2, "guide on redistributive effects")
    with pytest.raises(ValidationError) as error:
        key_output_status_record(user=manager, key_output=output, biennium=biennium(2024), status="planned")
    assert "lies outside the plan's period 2011–19" in str(error.value)
    closed = biennium(2012)
    closed.is_closed = True
    closed.save()
    with pytest.raises(ApplicationError, match="The biennium 2012-13 is closed"):
        key_output_status_record(user=manager, key_output=output, biennium=closed, status="planned")


def test_a_manager_links_a_key_output_to_an_outcome_and_the_link_is_shown_once(monitored, client):
    manager = user_with_role("manager", username="m4", outcomes=[monitored.outcome])
    client.force_login(manager)
    output = _output(2, "analytical paper")
    url = reverse("plans:key-output", args=[output.pk])
    data = {"action": "link", "biennium": "2014", "outcome": str(monitored.outcome.pk)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert client.post(url, {"action": "link"}).status_code == 400
    page = client.get(url)
    assert html_text(page, "links-list").startswith("2014-15: Outcome 4")
    assert output.links.count() == 1
    viewer = user_with_role("viewer", username="v4")
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
