"""The result entry pages: recording, editing, the workflow buttons, scope, locked and closed states."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Result
from indicators.services import result_record, result_return, result_submit, result_update, result_validate
from tests.factories import ResultFactory, biennium, biennium_closed, place, region, user_with_role
from tests.html import html_table, html_text
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, manager, officer, result_url


@pytest.fixture
def indicator(db):
    return indicator_with_criteria()


@pytest.fixture
def ama(db):
    return officer("ama", "africa")


@pytest.fixture
def kofi(db):
    return manager("kofi", "africa")


@pytest.fixture
def pedro(db):
    return officer("pedro", "americas")


def record(user, indicator, name="Ghana", **extra):
    return result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description=extra.pop("description", "A social protection floor was adopted."),
        **extra,
    )


def text(response) -> str:
    """The page's visible text, tags dropped and spaces folded, for exact phrase assertions."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"').split())


# --- Indicator page -----------------------------------------------------------------------------


def test_the_indicator_page_shows_statement_criteria_target_counts_and_results(indicator, ama, client):
    ResultFactory(indicator=indicator, place=place("Togo"))
    record(ama, indicator)
    client.force_login(ama)

    response = client.get(indicator_url(indicator))

    page = text(response)
    assert response.status_code == 200
    assert indicator.statement in page
    assert "A result counts when it meets at least 2 of the following:" in page
    assert "A policy is adopted A budget is allocated An institution is set up" in page
    assert "Target 1 member States Result 1 member State target met" in page
    assert [row.pk for row in response.context["results"]] == list(
        Result.objects.filter(place__name__in=["Ghana", "Togo"]).order_by("place__name").values_list("pk", flat=True)
    )
    assert "Add a result" in page


def test_the_indicator_page_hides_other_regions_drafts_and_the_add_button_from_viewers(indicator, ama, client):
    ResultFactory(indicator=indicator, place=place("Togo"))
    record(ama, indicator)
    client.force_login(user_with_role("viewer"))

    response = client.get(indicator_url(indicator))

    assert [result.place.name for result in response.context["results"]] == ["Togo"]
    assert "Add a result" not in text(response)


def test_the_indicator_page_reads_a_fixed_number_of_queries(indicator, ama, client, django_assert_num_queries):
    for name in ("Togo", "Kenya", "Chile", "Peru"):
        ResultFactory(indicator=indicator, place=place(name))
    record(ama, indicator)
    client.force_login(ama)
    url = indicator_url(indicator)

    # biennium, indicator, session, user, scope (profile, regions, outcomes), criteria,
    # counts (regions, indicator, aggregate), results (their count and the page), uploads, the unread
    # notifications badge, the biennia
    with django_assert_num_queries(16):
        response = client.get(url)

    assert len(response.context["results"]) == 5


def test_the_indicator_page_lists_its_results_a_page_at_a_time_and_counts_them_all(indicator, ama, client, monkeypatch):
    monkeypatch.setattr("indicators.views.indicators.RESULTS_PER_PAGE", 2)
    for name in ("Togo", "Kenya", "Chile", "Peru"):
        ResultFactory(indicator=indicator, place=place(name))
    client.force_login(ama)
    url = indicator_url(indicator)

    first, last = client.get(url), client.get(url, {"page": 3})

    assert [result.place.name for result in first.context["results"]] == ["Chile", "Kenya"]
    assert "Page 1 of 2" in text(first)
    assert 'rel="next"' in first.content.decode()
    assert [result.place.name for result in last.context["results"]] == ["Peru", "Togo"]
    assert "Result 4 member States" in text(first) and "Result 4 member States" in text(last)


def test_an_unknown_indicator_or_biennium_is_a_404(indicator, client):
    assert client.get(reverse("indicators:indicator-detail", args=["2014-15", "99.9"])).status_code == 404
    assert client.get(reverse("indicators:indicator-detail", args=["1990-91", indicator.code])).status_code == 404


def test_the_home_page_links_each_indicator_to_its_page(seed_000_imported, client):
    response = client.get(reverse("home"), {"biennium": "2014-15"})

    assert f'href="{reverse("indicators:indicator-detail", args=["2014-15", "4.2"])}"' in response.content.decode()


# --- Recording a result -------------------------------------------------------------------------


def test_an_officer_records_a_result_with_criteria_links_and_files(indicator, ama, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"),
        {
            "place": place("Ghana").pk,
            "description": "The social protection floor law was adopted.",
            "criteria_met": ["1", "3"],
            "evidence": "Official Gazette 12/2015",
            "links": "https://example.org/gazette\nhttps://example.org/decree",
            "files": [SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision", content_type="application/pdf")],
        },
        follow=True,
    )

    result = Result.objects.get()
    assert response.redirect_chain == [(result_url(result), 302)]
    assert (result.status, result.criteria_met, result.evidence, result.created_by) == (
        "draft",
        [1, 3],
        "Official Gazette 12/2015",
        ama,
    )
    assert sorted(item.url or item.title for item in result.attachments.all()) == [
        "decision.pdf",
        "https://example.org/decree",
        "https://example.org/gazette",
    ]
    assert "The result for Ghana is saved as a draft. Submit it when it is ready for validation." in text(response)


def test_the_form_lists_only_the_places_in_the_officers_scope(indicator, ama, client):
    client.force_login(ama)

    response = client.get(indicator_url(indicator, "result-create"))

    html = response.content.decode()
    assert f'<option value="{place("Ghana").pk}">Ghana</option>' in html
    assert f'value="{place("Peru").pk}"' not in html
    assert '<optgroup label="Africa">' in html


def test_the_htmx_place_picker_narrows_the_places_in_scope(indicator, ama, client):
    client.force_login(ama)

    response = client.get(indicator_url(indicator, "place-options"), {"q": "gha", "place": ""}, HTTP_HX_REQUEST="true")

    assert re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", response.content.decode()) == ["Ghana"]
    peru = client.get(indicator_url(indicator, "place-options"), {"q": "peru"})
    assert re.findall(r"<option value=\"\d+\"", peru.content.decode()) == []


def test_the_criteria_checklist_warns_live_when_the_rule_is_not_met(indicator, client):
    short = client.get(indicator_url(indicator, "criteria-check"), {"criteria_met": ["2"]}, HTTP_HX_REQUEST="true")
    enough = client.get(indicator_url(indicator, "criteria-check"), {"criteria_met": ["1", "2"]})

    assert f"1 of the 3 measurement criteria are met; indicator {indicator.code} requires at least 2." in text(short)
    assert "2 of the 3 criteria are met: the rule is satisfied." in text(enough)


def test_a_refused_form_shows_the_reason_and_keeps_what_was_typed(indicator, ama, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "  ", "evidence": "Cabinet minutes", "criteria_met": ["2"]},
    )

    page = text(response)
    assert response.status_code == 400
    assert "Describe what changed in Ghana." in page
    assert "Cabinet minutes" in response.content.decode()
    assert 'value="2" checked' in response.content.decode().replace('id="id_criteria_met_1" ', "")
    assert f"1 of the 3 measurement criteria are met; indicator {indicator.code} requires at least 2." in page
    assert Result.objects.count() == 0


def test_a_bad_link_is_refused_on_the_form(indicator, ama, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"),
        {"place": place("Ghana").pk, "description": "Adopted", "links": "gazette 12"},
    )

    assert response.status_code == 400
    assert "“gazette 12” is not a web address; write it in full, starting with https://." in text(response)


def test_recording_outside_the_scope_is_forbidden_with_the_services_message(indicator, ama, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "result-create"), {"place": place("Peru").pk, "description": "Adopted"}
    )

    assert response.status_code == 403
    assert f"Peru under indicator {indicator.code} is outside your scope." in text(response)
    assert Result.objects.count() == 0


def test_a_viewer_cannot_open_the_result_form(indicator, client):
    client.force_login(user_with_role("viewer"))

    response = client.get(indicator_url(indicator, "result-create"))

    assert response.status_code == 403
    assert "Your role does not allow recording or changing results." in text(response)


def test_result_pages_ask_anonymous_visitors_to_sign_in(indicator, ama, client):
    result = record(ama, indicator)

    response = client.get(result_url(result))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- Scope on every page ------------------------------------------------------------------------


def test_another_regions_draft_is_a_404_on_every_page(indicator, ama, pedro, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = record(ama, indicator, links=["https://example.org/a"])
    evidence = draft.attachments.get()
    client.force_login(pedro)

    gets = [
        result_url(draft),
        result_url(draft, "result-update"),
        reverse("indicators:evidence-download", args=[draft.pk, evidence.pk]),
    ]
    posts = [
        result_url(draft, name)
        for name in (
            "result-update",
            "result-submit",
            "result-validate",
            "result-return",
            "result-reopen",
            "result-delete",
            "evidence-add",
        )
    ] + [reverse("indicators:evidence-remove", args=[draft.pk, evidence.pk])]

    assert [client.get(url).status_code for url in gets] == [404] * len(gets)
    assert [client.post(url, {"version": 1, "message": "x"}).status_code for url in posts] == [404] * len(posts)
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.attachments.count()) == ("draft", 1, 1)


def test_a_validated_result_elsewhere_is_readable_but_offers_no_change(indicator, pedro, client):
    validated = ResultFactory(indicator=indicator, place=place("Ghana"))
    client.force_login(pedro)

    response = client.get(result_url(validated))
    edit = client.get(result_url(validated, "result-update"))

    assert response.status_code == 200
    assert response.context["actions"].any is False
    assert edit.status_code == 403
    assert f"Ghana under indicator {indicator.code} is outside your scope." in text(edit)


# --- Workflow through the pages -----------------------------------------------------------------


def test_the_workflow_runs_through_the_pages_and_changes_the_counts(indicator, ama, kofi, client):
    draft = record(ama, indicator, criteria_met=[1, 2])
    client.force_login(ama)
    client.post(result_url(draft, "result-submit"), {"version": draft.version})

    client.force_login(kofi)
    queue = client.get(reverse("indicators:result-review-queue"))
    assert [row["result"].pk for row in queue.context["rows"]] == [draft.pk]
    returned = client.post(
        result_url(draft, "result-return"), {"message": "Attach the gazette.", "version": 2}, follow=True
    )
    assert "The result for Ghana is returned to the officer with your message." in text(returned)

    client.force_login(ama)
    mine = client.get(reverse("indicators:result-list-mine"))
    assert "Attach the gazette." in text(mine)
    edit = client.get(result_url(draft, "result-update"))
    form_data = {**edit.context["form"].initial, "place": place("Ghana").pk, "criteria_met": ["1", "2"]}
    form_data.update(evidence="Gazette 12/2015", links="", reason="Gazette attached")
    client.post(result_url(draft, "result-update"), form_data)
    draft.refresh_from_db()
    client.post(result_url(draft, "result-submit"), {"version": draft.version})

    client.force_login(kofi)
    draft.refresh_from_db()
    validated = client.post(result_url(draft, "result-validate"), {"validate-version": draft.version}, follow=True)

    draft.refresh_from_db()
    assert (draft.status, draft.evidence, draft.reviewed_by) == ("validated", "Gazette 12/2015", kofi)
    assert f"The result for Ghana is validated; it now counts under indicator {indicator.code}." in text(validated)
    counts = text(client.get(indicator_url(indicator)))
    assert "Result 1 member State target met" in counts


def test_nobody_validates_their_own_result_through_the_page(indicator, kofi, client):
    own = result_submit(user=kofi, result=record(kofi, indicator))
    client.force_login(kofi)

    page = client.get(result_url(own))
    response = client.post(result_url(own, "result-validate"), {"validate-version": own.version})

    assert page.context["actions"].validate is False
    assert "You recorded or last edited this result, so someone else must validate it." in text(page)
    assert response.status_code == 403
    assert "You recorded or last edited this result, so someone else must validate it." in text(response)
    own.refresh_from_db()
    assert own.status == "submitted"


def test_an_officer_cannot_validate_through_the_page(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(officer("efua"))

    response = client.post(result_url(result, "result-validate"), {"validate-version": result.version})

    assert response.status_code == 403
    assert "Only a manager or an administrator can validate, return or reopen results." in text(response)
    assert client.get(reverse("indicators:result-review-queue")).status_code == 403


def test_returning_without_a_message_is_refused_on_the_page(indicator, ama, kofi, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(kofi)

    response = client.post(result_url(result, "result-return"), {"message": " ", "version": result.version})

    assert response.status_code == 400
    assert "Say why the result is returned, so the officer knows what to fix." in text(response)
    result.refresh_from_db()
    assert result.status == "submitted"


def test_reopening_a_validated_result_needs_a_reason(indicator, ama, kofi, client):
    result = result_validate(user=kofi, result=result_submit(user=ama, result=record(ama, indicator)))
    client.force_login(kofi)

    refused = client.post(result_url(result, "result-reopen"), {"reason": "", "version": result.version})
    reopened = client.post(
        result_url(result, "result-reopen"), {"reason": "The law was repealed.", "version": result.version}, follow=True
    )

    assert refused.status_code == 400
    assert "Give the reason for reopening this validated result." in text(refused)
    result.refresh_from_db()
    assert (result.status, result.review_message) == ("returned", "The law was repealed.")
    assert "The result for Ghana is reopened; it no longer counts until it is validated again." in text(reopened)


def test_an_officer_deletes_a_draft(indicator, ama, client):
    result = record(ama, indicator)
    client.force_login(ama)

    response = client.post(result_url(result, "result-delete"), follow=True)

    assert Result.objects.count() == 0
    assert "The draft result for Ghana is deleted." in text(response)


# --- Locked and closed --------------------------------------------------------------------------


def test_a_validated_result_refuses_edits_with_a_clear_message(indicator, ama, kofi, client):
    result = result_validate(user=kofi, result=result_submit(user=ama, result=record(ama, indicator)))
    client.force_login(ama)
    locked = "This result is validated and locked; a manager must reopen it before it can change."

    opened = client.get(result_url(result, "result-update"), follow=True)
    posted = client.post(
        result_url(result, "result-update"),
        {"place": place("Ghana").pk, "description": "Changed", "version": result.version},
    )
    submitted = client.post(result_url(result, "result-submit"), {"version": result.version})

    assert locked in text(opened)
    assert (posted.status_code, submitted.status_code) == (400, 400)
    assert locked in text(posted)
    assert "Changed" in posted.content.decode()
    assert "Only a draft or returned result can be submitted; this one is validated." in text(submitted)
    result.refresh_from_db()
    assert (result.description, result.status) == ("A social protection floor was adopted.", "validated")


def test_a_submitted_result_cannot_be_edited_until_returned(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(ama)

    opened = client.get(result_url(result, "result-update"), follow=True)

    assert "This result is awaiting validation; it can change again if a manager returns it." in text(opened)


def test_a_closed_biennium_refuses_changes_with_a_clear_message(indicator, ama, kofi, client):
    result = record(ama, indicator)
    biennium_closed(user=kofi, biennium=biennium())
    client.force_login(ama)
    closed = "The biennium 2014-15 is closed; nothing in it can change."

    add = client.get(indicator_url(indicator, "result-create"), follow=True)
    create = client.post(indicator_url(indicator, "result-create"), {"place": place("Togo").pk, "description": "x"})
    submit = client.post(result_url(result, "result-submit"), {"version": result.version})
    page = client.get(result_url(result))

    assert closed in text(add)
    assert (create.status_code, submit.status_code) == (400, 400)
    assert closed in text(create)
    assert closed in text(submit)
    assert closed in text(page)
    assert page.context["actions"].any is False
    assert Result.objects.count() == 1


# --- Stale edits and history --------------------------------------------------------------------


def test_a_stale_edit_shows_what_changed_and_keeps_the_typed_values(indicator, ama, client):
    result = record(ama, indicator, evidence="First evidence")
    client.force_login(ama)
    opened = client.get(result_url(result, "result-update"))
    assert opened.context["form"].initial["version"] == 1
    result_update(user=officer("efua"), result=result, version=1, evidence="Colleague's evidence")

    typed = {
        "place": place("Ghana").pk,
        "description": "My better description",
        "evidence": "My evidence",
        "criteria_met": ["1"],
        "version": 1,
    }
    conflict = client.post(result_url(result, "result-update"), typed)

    page = text(conflict)
    html = conflict.content.decode()
    assert conflict.status_code == 409
    assert "efua changed this result on " in page
    assert "after you opened it; your changes were not saved. Review what changed and apply yours again." in page
    assert "Evidence First evidence Colleague's evidence" in page
    assert "My better description" in html and "My evidence" in html
    assert '<input type="hidden" name="version" value="2" id="id_version">' in html
    result.refresh_from_db()
    assert (result.evidence, result.description) == ("Colleague's evidence", "A social protection floor was adopted.")

    applied = client.post(result_url(result, "result-update"), {**typed, "version": 2})

    assert applied.status_code == 302
    result.refresh_from_db()
    assert (result.evidence, result.description, result.version) == ("My evidence", "My better description", 3)


def test_a_stale_button_is_refused_with_the_changes(indicator, ama, kofi, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    client.force_login(kofi)
    seen = result.version
    colleague = manager("abena")
    from indicators.services import result_return

    result_return(user=colleague, result=result, message="Which law?")

    response = client.post(result_url(result, "result-validate"), {"validate-version": seen})

    assert response.status_code == 409
    assert "abena changed this result on" in text(response)
    assert "Status submitted returned" in text(response)


def test_the_result_page_shows_every_history_entry(indicator, ama, kofi, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    from indicators.services import result_return

    result_return(user=kofi, result=result, message="Which law?")
    client.force_login(ama)

    response = client.get(result_url(result))

    rows = [row[1:4] for row in html_table(response, "history")[1:]]
    assert rows == [
        ["kofi", "changed · returned", "Which law?"],
        ["ama", "changed · submitted", "Submitted"],
        ["ama", "created · draft", "Recorded"],
    ]
    assert "Status : submitted → returned" in text(response)
    assert "Message from the validator : — → Which law?" in text(response)


# --- Lists --------------------------------------------------------------------------------------


def test_my_results_puts_returned_ones_first_with_the_message(indicator, ama, kofi, client, django_assert_num_queries):
    from indicators.services import result_return

    record(ama, indicator, name="Togo")
    returned = result_return(
        user=kofi, result=result_submit(user=ama, result=record(ama, indicator)), message="Which law?"
    )
    record(ama, indicator, name="Kenya")
    record(officer("efua"), indicator, name="Mali")
    client.force_login(ama)
    client.get(reverse("indicators:result-list-mine"))

    # session, user, scope (3), the page's ids in order with the count, its rows, the unread notifications
    # badge, the filters' indicators, regions, places
    with django_assert_num_queries(11):
        response = client.get(reverse("indicators:result-list-mine"))

    names = [result.display_name for result in response.context["page"].object_list]
    assert names == ["Ghana", "Kenya", "Togo"]
    assert names[0] == returned.place.name
    assert "Ghana 9.1 2014-15 returned Which law? — kofi" in text(response)


def test_the_validation_queue_shows_the_criteria_warning_in_fixed_queries(
    indicator, ama, kofi, pedro, client, django_assert_num_queries
):
    for name in ("Ghana", "Togo", "Kenya"):
        result_submit(user=ama, result=record(ama, indicator, name=name, criteria_met=[1]))
    result_submit(user=pedro, result=record(pedro, indicator, name="Peru"))
    client.force_login(kofi)
    client.get(reverse("indicators:result-review-queue"))

    # session, user, scope (3), count, page, criteria, the unread notifications badge,
    # the filters' indicators, regions, places and submitters
    with django_assert_num_queries(13):
        response = client.get(reverse("indicators:result-review-queue"))

    assert [row["result"].place.name for row in response.context["rows"]] == ["Ghana", "Togo", "Kenya"]
    assert (
        text(response).count(
            f"1 of the 3 measurement criteria are met; indicator {indicator.code} requires at least 2."
        )
        == 3
    )


# --- Evidence and the biennia page -------------------------------------------------------------


def test_evidence_is_added_downloaded_and_removed_on_the_result_page(indicator, ama, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = record(ama, indicator)
    client.force_login(ama)

    added = client.post(
        result_url(result, "evidence-add"),
        {"title": "Cabinet decision", "file": SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision")},
        follow=True,
    )
    evidence = result.attachments.get()
    download = client.get(reverse("indicators:evidence-download", args=[result.pk, evidence.pk]))
    refused = client.post(result_url(result, "evidence-add"), {"title": "Nothing"})
    removed = client.post(reverse("indicators:evidence-remove", args=[result.pk, evidence.pk]), follow=True)

    assert "The evidence is added." in text(added)
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4 decision")
    assert download["Content-Disposition"].startswith('attachment; filename="decision')
    assert refused.status_code == 400
    assert "Add a link or a file." in text(refused)
    assert 'value="Nothing"' in refused.content.decode()
    assert "The evidence is removed." in text(removed)
    result.refresh_from_db()
    assert (result.attachments.count(), result.version) == (0, 3)


def test_saving_an_unchanged_form_says_nothing_changed(indicator, ama, client):
    result = record(ama, indicator)
    client.force_login(ama)

    response = client.post(
        result_url(result, "result-update"),
        {"place": place("Ghana").pk, "description": result.description, "version": 1},
        follow=True,
    )

    assert "Nothing changed, so nothing was saved." in text(response)
    result.refresh_from_db()
    assert result.version == 1


def test_an_entity_result_names_the_entity_and_its_place(db, ama, client):
    from tests.factories import IndicatorFactory

    unions = IndicatorFactory(unit="trade unions", unit_singular="trade union", unit_kind="entities")
    client.force_login(ama)
    url = reverse("indicators:result-create", args=["2014-15", unions.code])

    missing = client.post(url, {"place": place("Ghana").pk, "description": "A collective agreement was signed."})
    recorded = client.post(
        url,
        {"place": place("Ghana").pk, "entity_name": "Ghana TUC", "description": "A collective agreement was signed."},
    )

    assert missing.status_code == 400
    assert "Name the trade union this result is about." in text(missing)
    assert recorded.status_code == 302
    result = Result.objects.get()
    assert (result.entity_name, result.place.name, result.display_name) == ("Ghana TUC", "Ghana", "Ghana TUC")


def test_the_result_page_reads_a_fixed_number_of_queries_whatever_its_history(
    indicator, ama, kofi, client, django_assert_num_queries
):
    from indicators.services import result_return

    result = record(ama, indicator, links=["https://example.org/a", "https://example.org/b"])
    for round_ in range(3):
        result = result_submit(user=ama, result=result)
        result = result_return(user=kofi, result=result, message=f"Round {round_}")
    client.force_login(ama)
    url = result_url(result)

    # session, user, scope (3), result, criteria, attachments, history
    with django_assert_num_queries(10):
        response = client.get(url)

    assert len(response.context["history"]) == 7


def test_a_stale_submit_with_nothing_typed_never_says_changes_were_lost_and_names_the_person(indicator, ama, client):
    result = record(ama, indicator)
    colleague = user_with_role(
        "officer", username="efua", regions=[region("africa")], first_name="Efua", last_name="Mensah"
    )
    result_update(user=colleague, result=result, version=1, evidence="Colleague's evidence")
    client.force_login(ama)

    response = client.post(result_url(result, "result-submit"), {"version": 1})

    page = text(response)
    assert response.status_code == 409
    assert "Efua Mensah changed this result on " in page
    assert "after you opened it, so nothing was done. Review what changed below, then try again." in page
    assert "not saved" not in page
    assert "efua changed" not in page
    assert "Evidence — Colleague's evidence" in page
    result.refresh_from_db()
    assert result.status == "draft"


def test_a_stale_return_keeps_the_message_the_manager_typed(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    kofi = manager()
    stale = result.version
    zara = user_with_role("manager", username="zara", first_name="Zara", last_name="Diallo")
    result_return(user=zara, result=result, message="First return.", version=stale)
    result_submit(user=ama, result=Result.objects.get(pk=result.pk))
    client.force_login(kofi)

    response = client.post(
        result_url(result, "result-return"), {"message": "Please add the gazette.", "version": stale}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "ama changed this result on " in text(response)  # the resubmission came last
    assert "Please add the gazette.</textarea>" in html
    current = Result.objects.get(pk=result.pk).version
    assert f'name="version" value="{current}"' in html


def test_the_edit_form_of_a_returned_result_shows_the_validators_message(indicator, ama, client):
    result = result_submit(user=ama, result=record(ama, indicator))
    zara = user_with_role("manager", username="zara", first_name="Zara", last_name="Diallo")
    result_return(user=zara, result=result, message="Please attach the gazette.", version=result.version)
    client.force_login(ama)

    page = client.get(result_url(result, "result-update"))

    note = html_text(page, "review-message")
    assert note.startswith("Returned with this message · Zara Diallo, ")
    assert note.endswith("Please attach the gazette.")


def test_the_indicator_page_switches_to_the_other_biennia_of_its_framework(indicator, client):
    response = client.get(indicator_url(indicator))

    html = response.content.decode()
    labels = [item.label for item in response.context["biennia"]]
    assert labels == ["2010-11", "2012-13", "2014-15"]  # the strategic framework 2010-15
    assert '<strong aria-current="page">2014-15</strong>' in html
    assert f'href="{reverse("indicators:indicator-detail", args=["2012-13", indicator.code])}"' in html
    assert client.get(reverse("indicators:indicator-detail", args=["2012-13", indicator.code])).status_code == 200
