import datetime

import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.models import Evaluation, FollowUpAction, Recommendation
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from tests.factories import region, user_with_role
from tests.html import html_element, html_table, html_text


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_register_lists_the_seed_evaluations_for_anyone(seed_001_imported, seed_002_imported, client):
    response = client.get(reverse("evaluations:evaluation-list"))
    of_2010 = client.get(reverse("evaluations:evaluation-list"), {"year": "2010"})

    page = html_text(response)
    assert response.status_code == 200
    assert "26 evaluations" in page
    assert "Enter an evaluation" not in page
    # Titles sort by the database's collation, so which page holds seed 001 differs; its year does not.
    assert "Independent evaluation of the ILO’s strategy to extend the coverage of social security" in html_text(
        of_2010
    )


def test_the_register_page_costs_a_fixed_number_of_queries(seed_002_imported, client, django_assert_num_queries):
    # count, page, then the year, region, place and outcome choices of the filters
    with django_assert_num_queries(6):
        response = client.get(reverse("evaluations:evaluation-list"), {"kind": "project", "q": "social"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 10


def test_the_register_explains_a_filter_it_does_not_understand(db, client):
    response = client.get(reverse("evaluations:evaluation-list"), {"year": "last year"})

    assert response.status_code == 400
    assert "Select a valid choice. last year is not one of the available choices." in response.content.decode()


def test_the_register_shows_the_follow_up_filters_help_text_its_select_refers_to(db, client):
    response = client.get(reverse("evaluations:evaluation-list"))

    select = html_element(response, "id_follow_up")
    assert select.get("aria-describedby") == "id_follow_up_helptext"
    assert html_text(response, "id_follow_up_helptext") == "Evaluations with at least one recommendation in this state."


def test_an_evaluations_page_shows_recommendations_responses_and_actions(seed_001_imported, client):
    recommendation = seed_001_imported.recommendations.get(number=9)
    FollowUpActionFactory(recommendation=recommendation, description="Agree a joint workplan", unit="EMPLOYMENT")

    response = client.get(seed_001_imported.get_absolute_url())

    page = html_text(response)
    assert response.status_code == 200
    assert "12 recommendations" in page
    assert page.count("Suggested next steps") == 5
    assert "Increasing international collaboration (Recommendations 2, 7, 10)" in page
    assert "Agree a joint workplan" in page
    assert "Follow-up actions (0 of 1 done)" in page
    assert "Bosnia and Herzegovina*, Chile*" in page


def test_an_evaluations_page_costs_a_fixed_number_of_queries(seed_001_imported, client, django_assert_num_queries):
    for recommendation in seed_001_imported.recommendations.all():
        FollowUpActionFactory(recommendation=recommendation)

    with django_assert_num_queries(19):
        response = client.get(seed_001_imported.get_absolute_url())

    assert response.status_code == 200


def test_a_synthesis_page_lists_the_reports_and_what_its_findings_cite(seed_002_imported, client):
    response = client.get(seed_002_imported.get_absolute_url())

    page = html_text(response)
    assert "The 24 evaluation reports reviewed" in page
    assert "Using a tripartite approach — cites E12, E19, E24" in page


def test_a_draft_is_not_found_by_those_who_may_not_edit_it(db, client):
    draft = EvaluationFactory(status="draft", regions=[region("africa")])
    client.force_login(user_with_role("officer", regions=[region("americas")]))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("evaluations:evaluation-edit", args=[draft.pk])).status_code == 404


def test_a_viewer_is_told_they_cannot_enter_evaluations(db, client):
    client.force_login(user_with_role("viewer"))

    response = client.get(reverse("evaluations:evaluation-create"))

    assert response.status_code == 403
    assert "Your role does not allow entering or changing evaluations." in response.content.decode()


def test_an_officer_enters_an_evaluation_and_is_told_so(db, client):
    officer = user_with_role("officer", regions=[region("africa")])
    client.force_login(officer)

    response = client.post(
        reverse("evaluations:evaluation-create"),
        {
            "title": "Building national floors of social protection in Southern Africa",
            "kind": "project",
            "timing": "final",
            "independence": "independent",
            "project_symbol": "RAF/13/04/IRL",
            "year": "2016",
            "regions": [region("africa").pk],
            "case_studies": "Malawi\nMozambique\nZambia",
            "questions": "Was it relevant?\nWas it effective?",
            "finding_relevance": "Fully coherent with the DWCPs.",
            "status": "draft",
        },
    )

    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    assert messages_of(response) == [
        "The evaluation “Building national floors of social protection in Southern Africa” is entered in the register."
    ]
    assert [link.place.iso3 for link in evaluation.place_links.order_by("position")] == ["MWI", "MOZ", "ZMB"]
    assert evaluation.findings.get().text == "Fully coherent with the DWCPs."


def test_a_form_with_errors_keeps_what_was_typed(db, client):
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    response = client.post(
        reverse("evaluations:evaluation-create"),
        {
            "title": "Kept title",
            "kind": "project",
            "case_studies": "Ghana\nAtlantis",
            "period_start": "2009",
            "period_end": "2005",
            "status": "draft",
            "regions": [region("africa").pk],
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Not a known member State or territory: Atlantis. Write one place per line, as published." in html
    assert 'value="Kept title"' in html
    assert Evaluation.objects.count() == 0


def test_a_rule_broken_is_shown_on_the_form(db, client):
    client.force_login(user_with_role("officer", regions=[region("africa")]))

    response = client.post(
        reverse("evaluations:evaluation-create"), {"title": "Global by mistake", "kind": "project", "status": "draft"}
    )

    assert response.status_code == 400
    assert "This evaluation is outside your scope" in response.content.decode()
    assert 'value="Global by mistake"' in response.content.decode()


def test_recording_the_offices_response_sets_each_stance(db, client):
    evaluation = EvaluationFactory()
    first, second = (RecommendationFactory(evaluation=evaluation, number=n) for n in (1, 2))
    client.force_login(user_with_role("officer"))

    response = client.post(
        reverse("evaluations:response-create", args=[evaluation.pk]),
        {"heading": "Dissemination", "text": "The Office agrees.", f"stance_{first.pk}": "accepted"},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["The Office's response is recorded for recommendation(s) 1."]
    assert list(Recommendation.objects.order_by("number").values_list("stance", flat=True)) == ["accepted", ""]
    second.refresh_from_db()
    assert second.response is None


@time_machine.travel(datetime.date(2022, 6, 15))
def test_planning_an_action_and_completing_it_with_evidence(db, client):
    recommendation = RecommendationFactory()
    client.force_login(user_with_role("officer"))

    planned = client.post(
        reverse("evaluations:action-create", args=[recommendation.pk]),
        {"description": "Publish the guide", "unit": "SOCPRO", "due_date": "2022-12-31"},
    )
    action = FollowUpAction.objects.get()
    completed = client.post(
        reverse("evaluations:progress-create", args=[action.pk]),
        {
            "date": "2022-06-14",
            "text": "Published.",
            "evidence_url": "https://www.ilo.org/guide",
            "status": "completed",
        },
    )

    action.refresh_from_db()
    assert messages_of(planned) == ["The action is planned for SOCPRO."]
    assert messages_of(completed)[-1] == "The progress update is recorded; the action is completed."
    assert (action.status, action.completed_on) == ("completed", datetime.date(2022, 6, 14))
    page = html_text(client.get(action.get_absolute_url()))
    assert "14 June 2022" in page and "https://www.ilo.org/guide" in page


@time_machine.travel(datetime.date(2022, 6, 15))
def test_a_progress_update_with_errors_is_shown_again(db, client):
    action = FollowUpActionFactory()
    client.force_login(user_with_role("officer"))

    response = client.post(
        reverse("evaluations:progress-create", args=[action.pk]),
        {"date": "2022-06-16", "text": "Typed text stays", "status": ""},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "A progress update cannot be dated after today (2022-06-15)." in html
    assert "Typed text stays" in html


@time_machine.travel(datetime.date(2022, 6, 15))
def test_the_tracker_shows_what_is_open_overdue_and_done(db, client, django_assert_num_queries):
    FollowUpActionFactory(unit="SOCPRO", due_date=datetime.date(2022, 1, 1))
    FollowUpActionFactory(unit="SOCPRO", due_date=datetime.date(2022, 12, 1))
    FollowUpActionFactory(unit="EVAL", status="completed", completed_on=datetime.date(2022, 1, 1))

    # outcome, owner and region choices, four summary aggregates, count and page of actions
    with django_assert_num_queries(9):
        response = client.get(reverse("evaluations:follow-up-tracker"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="count-open">2</dd>' in html
    assert '<dd id="count-overdue">1</dd>' in html
    assert '<dd id="count-completed">1</dd>' in html
    assert '<dd id="recommendations-overdue">1</dd>' in html


def test_the_history_page_lists_changes(seed_001_imported, client):
    response = client.get(reverse("evaluations:evaluation-history", args=[seed_001_imported.pk]))

    rows = html_table(response, "history")
    assert response.status_code == 200
    # The project's history table: when, who, what (the record and the kind of change), why, changes.
    created = [row for row in rows if row[2] == "Recommendation 12: created"]
    assert [row[1:4] for row in created] == [
        ["import or system", "Recommendation 12: created", "Imported from 001_fc0023219758e8b9.txt"]
    ]


def test_an_uploaded_report_is_served_only_to_those_who_may_see_the_evaluation(db, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    officer = user_with_role("officer")
    client.force_login(officer)
    client.post(
        reverse("evaluations:evaluation-create"),
        {
            "title": "With its report",
            "kind": "project",
            "status": "draft",
            "document_file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 the report", "application/pdf"),
        },
    )
    evaluation = Evaluation.objects.get()

    mine = client.get(evaluation.document)
    client.logout()
    anonymous = client.get(evaluation.document)

    assert evaluation.document == f"/evaluations/{evaluation.pk}/document/"
    assert (mine.status_code, b"".join(mine.streaming_content)) == (200, b"%PDF-1.4 the report")
    assert anonymous.status_code == 404


@time_machine.travel(datetime.date(2022, 6, 15))
def test_a_recommendation_with_actions_and_progress_updates_shows_each_actions_latest_update(
    db, client, django_assert_max_num_queries
):
    # given a recommendation with two actions, one with two dated updates, one without any
    recommendation = RecommendationFactory()
    updated = FollowUpActionFactory(recommendation=recommendation, description="Publish the guide", unit="SOCPRO")
    ProgressUpdateFactory(action=updated, date=datetime.date(2022, 5, 2), text="The guide went to print.")
    ProgressUpdateFactory(action=updated, date=datetime.date(2022, 3, 1), text="A first draft was circulated.")
    FollowUpActionFactory(recommendation=recommendation, description="Train the regional offices", unit="ROAP")

    # when anyone opens it
    with django_assert_max_num_queries(16):
        response = client.get(recommendation.get_absolute_url())

    # then every action is shown, with its most recent update only
    page = html_text(response)
    assert response.status_code == 200
    assert "Follow-up actions (0 of 2 done)" in page
    assert "Last update, 2 May 2022: The guide went to print." in page
    assert "A first draft was circulated." not in page
    assert page.count("Last update") == 1
    assert "Train the regional offices" in page


def test_planning_an_action_lands_on_the_recommendation_page_showing_it(db, client):
    recommendation = RecommendationFactory()
    client.force_login(user_with_role("officer"))

    response = client.post(
        reverse("evaluations:action-create", args=[recommendation.pk]),
        {"description": "Publish the guide", "unit": "SOCPRO", "due_date": "2030-12-31"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == recommendation.get_absolute_url()
    assert "Publish the guide" in html_text(response)
