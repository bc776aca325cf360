import datetime

import time_machine

from evaluations.models import Evaluation, FollowUpAction, Recommendation
from tests.evaluations.factories import EvaluationFactory, FollowUpActionFactory, RecommendationFactory
from tests.factories import OutcomeFactory, region, user_with_role

OUT_OF_SCOPE = (
    "This evaluation is outside your scope: it must be tagged only with regions and outcomes you work on "
    "(an evaluation tagged with none is global)."
)


def test_anyone_lists_published_evaluations_in_cursor_pages_without_counting(
    seed_002_imported, client, django_assert_num_queries
):
    EvaluationFactory(title="Hidden draft", status="draft")

    with django_assert_num_queries(5) as captured:
        first = client.get("/api/v1/evaluations/", {"page_size": 20})
    second = client.get(first.json()["next"])

    assert first.status_code == 200
    table_counts = [query for query in captured.captured_queries if query["sql"].upper().startswith("SELECT COUNT(")]
    assert table_counts == []
    titles = [item["title"] for item in first.json()["results"] + second.json()["results"]]
    assert len(titles) == 25
    assert "Hidden draft" not in titles
    assert second.json()["next"] is None


def test_the_list_filters_by_type_timing_and_region(seed_002_imported, client):
    interim = client.get("/api/v1/evaluations/", {"timing": "interim", "independence": "independent"}).json()
    high_level = client.get("/api/v1/evaluations/", {"kind": "high_level"}).json()
    africa = client.get("/api/v1/evaluations/", {"region": "africa"}).json()

    assert [item["title"] for item in interim["results"]] == [
        "From the crisis towards decent and safe jobs in Kyrgyzstan and Tajikistan, Phase II"
    ]
    assert [item["project_symbol"] for item in interim["results"]] == ["RER/13/01/FIN"]
    assert [item["title"][:40] for item in high_level["results"]] == ["ILO's strategies and activities for crea"]
    assert africa["results"] == []


def test_bad_filters_are_answered_with_field_errors(db, client):
    response = client.get("/api/v1/evaluations/", {"region": "atlantis", "kind": "novel"})

    assert response.status_code == 400
    assert response.json() == {
        "region": ["There is no region “atlantis”; give its code, e.g. africa."],
        "kind": ['"novel" is not a valid choice.'],
    }


def test_an_evaluation_reads_with_everything_it_holds(seed_001_imported, client):
    body = client.get(f"/api/v1/evaluations/{seed_001_imported.pk}/").json()

    assert (body["symbol"], body["period"], body["recommendation_count"]) == ("GB.309/PFA/5/4", "2005-09", 12)
    assert len(body["questions"]) == 7
    assert [len(item["next_steps"]) for item in body["recommendations"]] == [2, 2, 0, 2, 2, 0, 0, 0, 3, 0, 0, 0]
    assert [response["recommendations"] for response in body["responses"]] == [
        [1, 11],
        [2, 7, 10],
        [3],
        [4, 12],
        [5],
        [6, 8, 9],
    ]
    assert [place["iso3"] for place in body["places"]][:3] == ["BIH", "CHL", "CYP"]
    assert body["recommendations"][0]["follow_up"] == "not started"


def test_a_draft_is_not_found_for_anonymous_clients(db, client):
    draft = EvaluationFactory(status="draft")

    response = client.get(f"/api/v1/evaluations/{draft.pk}/")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"There is no evaluation {draft.pk}, or it is not visible to you."},
    )


def test_writing_needs_a_signed_in_user_within_scope(db, client):
    anonymous = client.post(
        "/api/v1/evaluations/create/", {"title": "x", "kind": "project"}, content_type="application/json"
    )
    client.force_login(user_with_role("officer", regions=[region("africa")]))
    outside = client.post(
        "/api/v1/evaluations/create/",
        {"title": "Americas", "kind": "project", "regions": ["americas"]},
        content_type="application/json",
    )
    inside = client.post(
        "/api/v1/evaluations/create/",
        {
            "title": "Southern Africa",
            "kind": "project",
            "regions": ["africa"],
            "places": [{"place": "ZMB", "case_study": True}],
            "questions": ["Was it relevant?"],
            "findings": [{"criterion": "impact", "text": "Policies changed."}],
        },
        content_type="application/json",
    )

    assert anonymous.status_code in (401, 403)
    assert (outside.status_code, outside.json()) == (403, {"detail": OUT_OF_SCOPE})
    assert inside.status_code == 201
    body = inside.json()
    assert (body["status"], body["regions"], body["places"][0]["case_study"]) == ("draft", ["africa"], True)
    assert body["findings"] == [{"criterion": "impact", "heading": "", "text": "Policies changed."}]


def test_an_update_changes_only_the_fields_sent(db, client):
    evaluation = EvaluationFactory(title="Old", summary="Kept", status="draft")
    client.force_login(user_with_role("officer"))

    response = client.patch(
        f"/api/v1/evaluations/{evaluation.pk}/update/", {"title": "New"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["summary"]) == ("New", "Kept")


def test_recommendations_responses_and_actions_are_written_through_the_api(db, client):
    evaluation = EvaluationFactory()
    outcome = OutcomeFactory()
    client.force_login(user_with_role("manager"))

    created = client.post(
        f"/api/v1/evaluations/{evaluation.pk}/recommendations/create/",
        {"number": 1, "text": "Document successes.", "next_steps": ["Compile", "Share"], "outcomes": [outcome.pk]},
        content_type="application/json",
    )
    recommendation_id = created.json()["id"]
    answered = client.post(
        f"/api/v1/evaluations/{evaluation.pk}/responses/create/",
        {"heading": "Dissemination", "text": "Agreed.", "answers": [{"recommendation": 1, "stance": "accepted"}]},
        content_type="application/json",
    )
    unknown = client.post(
        f"/api/v1/evaluations/{evaluation.pk}/responses/create/",
        {"text": "Agreed.", "answers": [{"recommendation": 9, "stance": "accepted"}]},
        content_type="application/json",
    )
    planned = client.post(
        f"/api/v1/recommendations/{recommendation_id}/actions/create/",
        {"description": "Publish the guide", "unit": "SOCPRO", "due_date": "2030-01-31"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["next_steps"] == ["Compile", "Share"]
    assert (answered.status_code, answered.json()["answers"]) == (201, [{"recommendation": 1, "stance": "accepted"}])
    assert (unknown.status_code, unknown.json()) == (400, {"answers": ["The evaluation has no recommendation 9."]})
    assert (planned.status_code, planned.json()["status"], planned.json()["overdue"]) == (201, "not_started", False)
    assert Recommendation.objects.get().stance == "accepted"


@time_machine.travel(datetime.date(2022, 6, 15))
def test_progress_is_recorded_and_a_bad_date_refused(db, client):
    action = FollowUpActionFactory(due_date=datetime.date(2022, 1, 31))
    client.force_login(user_with_role("officer"))

    refused = client.post(
        f"/api/v1/follow-up/actions/{action.pk}/progress/create/",
        {"date": "2022-07-01", "text": "Later."},
        content_type="application/json",
    )
    recorded = client.post(
        f"/api/v1/follow-up/actions/{action.pk}/progress/create/",
        {"date": "2022-06-01", "text": "Done.", "evidence": "Guide No. 12", "status": "completed"},
        content_type="application/json",
    )

    assert (refused.status_code, refused.json()) == (
        400,
        {"date": ["A progress update cannot be dated after today (2022-06-15)."]},
    )
    assert recorded.status_code == 201
    body = recorded.json()
    assert (body["status"], body["completed_on"], body["overdue"]) == ("completed", "2022-06-01", False)
    assert [update["evidence"] for update in body["updates"]] == ["Guide No. 12"]


def test_a_viewer_cannot_write_through_the_api(db, client):
    recommendation = RecommendationFactory()
    client.force_login(user_with_role("viewer"))

    response = client.post(
        f"/api/v1/recommendations/{recommendation.pk}/actions/create/",
        {"description": "Do", "unit": "SOCPRO"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Your role does not allow entering or changing evaluations."},
    )
    assert FollowUpAction.objects.count() == 0


@time_machine.travel(datetime.date(2022, 6, 15))
def test_the_action_list_and_the_summary_agree(db, client, django_assert_num_queries):
    for unit in ("SOCPRO", "SOCPRO", "EVAL"):
        FollowUpActionFactory(unit=unit, due_date=datetime.date(2022, 1, 31))
    FollowUpActionFactory(unit="EVAL", status="completed", completed_on=datetime.date(2022, 2, 1))

    with django_assert_num_queries(2):
        overdue = client.get("/api/v1/follow-up/actions/", {"status": "overdue"}).json()
    summary = client.get("/api/v1/follow-up/summary/").json()

    assert len(overdue["results"]) == 3 == summary["totals"]["overdue"]
    assert [(row["key"], row["overdue"], row["done"]) for row in summary["by_unit"]] == [
        ("EVAL", 1, 1),
        ("SOCPRO", 2, 0),
    ]
    assert summary["recommendations"] == {"not started": 0, "open": 0, "overdue": 3, "done": 1}


def test_the_annex_endpoint_gives_the_selectors_rows(db, client):
    outcome = OutcomeFactory()
    RecommendationFactory(evaluation__symbol="GB.1/2/3", number=4, text="Do it.", outcomes=[outcome])

    body = client.get("/api/v1/recommendations/annex/", {"outcome": [outcome.pk]}).json()

    assert body == [
        {
            "outcome": outcome.pk,
            "recommendations": [
                {
                    "evaluation_title": Evaluation.objects.get().title,
                    "evaluation_symbol": "GB.1/2/3",
                    "evaluation_date": None,
                    "number": 4,
                    "text": "Do it.",
                    "stance": "",
                    "follow_up": "not started",
                    "actions_total": 0,
                    "actions_completed": 0,
                }
            ],
        }
    ]


def test_the_openapi_schema_describes_the_evaluation_endpoints(db, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = schema["paths"]
    assert {
        "/api/v1/evaluations/",
        "/api/v1/evaluations/create/",
        "/api/v1/evaluations/{id}/",
        "/api/v1/evaluations/{id}/update/",
        "/api/v1/evaluations/{id}/recommendations/create/",
        "/api/v1/evaluations/{id}/responses/create/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/annex/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/recommendations/{id}/update/",
        "/api/v1/recommendations/{id}/actions/create/",
        "/api/v1/responses/{id}/update/",
        "/api/v1/follow-up/actions/",
        "/api/v1/follow-up/actions/{id}/",
        "/api/v1/follow-up/actions/{id}/update/",
        "/api/v1/follow-up/actions/{id}/progress/create/",
        "/api/v1/follow-up/summary/",
    } <= set(paths)
    listed = paths["/api/v1/evaluations/"]["get"]
    assert {"q", "kind", "timing", "year", "region", "place", "outcome", "follow_up", "cursor"} <= {
        parameter["name"] for parameter in listed["parameters"]
    }
    page = schema["components"]["schemas"]["EvaluationPage"]
    assert set(page["properties"]) == {"next", "previous", "results"}
    assert "follow_up" in schema["components"]["schemas"]["Recommendation"]["properties"]
    assert "patch" in paths["/api/v1/evaluations/{id}/update/"]
