"""The follow-up tracker's "my actions", its CSV, its filters and sorting, and the register's sorting."""

import csv
import datetime
import io

import time_machine
from django.urls import reverse

from tests.evaluations.factories import EvaluationFactory, FollowUpActionFactory, RecommendationFactory
from tests.factories import region, user_with_role
from tests.html import html_text

TRACKER = reverse("evaluations:follow-up-tracker")


def descriptions(response) -> list[str]:
    return [action.description for action in response.context["page"].object_list]


@time_machine.travel(datetime.date(2022, 6, 15))
def test_my_actions_lists_the_actions_the_user_owns_and_downloads_them_as_csv(db, client):
    ama = user_with_role("officer", username="ama", first_name="Ama", last_name="Mensah")
    recommendation = RecommendationFactory(number=3, evaluation__title="Evaluation of social security")
    FollowUpActionFactory(
        recommendation=recommendation, owner=ama, description="=Publish the guide", due_date=datetime.date(2022, 7, 1)
    )
    FollowUpActionFactory(recommendation=recommendation, owner=ama, description="Train the offices", due_date=None)
    FollowUpActionFactory(recommendation=recommendation, description="Someone else's", unit="EVAL")
    client.force_login(ama)

    page = client.get(TRACKER)
    mine = client.get(TRACKER, {"owner": ama.pk})
    download = client.get(TRACKER, {"owner": ama.pk, "format": "csv"})

    assert f'href="?owner={ama.pk}"' in page.content.decode()
    assert descriptions(mine) == ["=Publish the guide", "Train the offices"]
    assert "All actions" in html_text(mine)
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["Due", "What", "Unit", "Owner", "Status", "Recommendation", "Evaluation", "Link"]
    assert rows[1][:7] == [
        "2022-07-01",
        "'=Publish the guide",
        "SOCPRO",
        "Ama Mensah",
        "not started",
        "3",
        "Evaluation of social security",
    ]
    assert rows[2][1] == "Train the offices"
    assert len(rows) == 3


def test_the_tracker_filters_by_region_and_sorts_by_unit(db, client):
    africa = RecommendationFactory(evaluation=EvaluationFactory(regions=[region("africa")]))
    americas = RecommendationFactory(evaluation=EvaluationFactory(regions=[region("americas")]))
    FollowUpActionFactory(recommendation=africa, unit="ROAF", description="African action")
    FollowUpActionFactory(recommendation=americas, unit="ROAL", description="American action")
    FollowUpActionFactory(recommendation=americas, unit="AAA", description="Another American action")

    by_region = client.get(TRACKER, {"region": region("americas").pk, "sort": "unit"})
    by_unit_down = client.get(TRACKER, {"sort": "-unit"})

    assert descriptions(by_region) == ["Another American action", "American action"]
    assert descriptions(by_unit_down) == ["American action", "African action", "Another American action"]


def test_the_tracker_explains_an_owner_it_does_not_know(db, client):
    response = client.get(TRACKER, {"owner": "999999", "format": "csv"})

    assert response.status_code == 400
    assert "Select a valid choice." in html_text(response)


def test_the_register_sorts_by_year_or_title(db, client):
    EvaluationFactory(title="Beta review", year=2012)
    EvaluationFactory(title="Alpha review", year=2018)

    by_year = client.get(reverse("evaluations:evaluation-list"), {"sort": "year"})
    by_title = client.get(reverse("evaluations:evaluation-list"), {"sort": "title"})

    assert [item.title for item in by_year.context["page"].object_list] == ["Beta review", "Alpha review"]
    assert [item.title for item in by_title.context["page"].object_list] == ["Alpha review", "Beta review"]
