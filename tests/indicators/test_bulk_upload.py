"""Excel bulk entry: the template, the preview of every row, and the all-or-nothing commit."""

import re
import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import Result, ResultUpload
from indicators.selectors.uploads import result_upload_plan
from indicators.selectors.uploads.plan import ROW_VERSION_MISSING
from indicators.services import result_record, result_submit, result_update, result_validate
from indicators.services.uploads import UPLOAD_HAS_ERRORS, result_upload_commit, result_upload_create
from rbm.exceptions import ApplicationError, NotAllowed
from tests.factories import biennium, place, region, user_with_role
from tests.html import html_element, html_table, html_text
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, manager, officer

HEADER = ["Member State or territory", "What changed", "Evidence", "Criteria met", "Links", "Version (leave as it is)"]


@pytest.fixture
def indicator(db):
    return indicator_with_criteria()


@pytest.fixture
def ama(db):
    return officer("ama", "africa")


def workbook(rows, header=HEADER, about=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if about is not None:
        extra = book.create_sheet("About")
        for line in about:
            extra.append(line)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, indicator, content: bytes, name: str = "results.xlsx"):
    return client.post(
        indicator_url(indicator, "upload-create"),
        {"workbook": SimpleUploadedFile(name, content)},
        follow=True,
    )


def record(user, indicator, name="Ghana", **extra):
    return result_record(
        user=user,
        indicator=indicator,
        biennium=biennium(),
        place=place(name),
        description=extra.pop("description", "A law was adopted."),
        **extra,
    )


def text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"').split())


# --- Template -----------------------------------------------------------------------------------


def test_the_template_lists_the_editable_results_and_the_places_in_scope(indicator, ama, client):
    record(ama, indicator, evidence="Gazette", criteria_met=[1, 3], links=["https://example.org/law"])
    result_submit(user=ama, result=record(ama, indicator, name="Togo"))
    client.force_login(ama)

    response = client.get(indicator_url(indicator, "upload-template"))

    assert response["Content-Disposition"] == f'attachment; filename="results-{indicator.code}-2014-15.xlsx"'
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Results", "Places", "About"]
    rows = list(book["Results"].iter_rows(values_only=True))
    template_header = (*HEADER[:5], "CPO code", HEADER[5])
    assert rows == [
        template_header,
        ("Ghana", "A law was adopted.", "Gazette", "1, 3", "https://example.org/law", None, 1),
    ]
    places = [row[0] for row in book["Places"].iter_rows(values_only=True)]
    assert "Ghana" in places and "Peru" not in places
    assert len(places) == place("Ghana").region.places.count()
    about = list(book["About"].iter_rows(max_row=2, values_only=True))
    assert about == [("Indicator", indicator.code), ("Biennium", "2014-15")]


def test_viewers_get_no_template_and_cannot_upload(indicator, client):
    client.force_login(user_with_role("viewer"))

    assert client.get(indicator_url(indicator, "upload-template")).status_code == 403
    response = client.post(
        indicator_url(indicator, "upload-create"), {"workbook": SimpleUploadedFile("r.xlsx", workbook([]))}
    )
    assert response.status_code == 403
    assert ResultUpload.objects.count() == 0


# --- Preview and commit -------------------------------------------------------------------------


def test_an_officer_uploads_previews_and_commits_creates_and_updates(indicator, ama, client):
    existing = record(ama, indicator, evidence="Old evidence")
    client.force_login(ama)
    content = workbook(
        [
            ["Ghana", "A law was adopted.", "New evidence", "1, 2", "https://example.org/gazette", 1],
            ["Togo", "A budget line was created.", "", 2, "", None],
            ["Cote d'Ivoire", "An institution was set up.", "Decree 4", "3", "", None],
            [None, None, None, None, None, None],
        ]
    )

    preview = upload(client, indicator, content)

    upload_row = ResultUpload.objects.get()
    assert preview.redirect_chain == [(reverse("indicators:upload-detail", args=[upload_row.pk]), 302)]
    page = text(preview)
    assert "To create 2 To update 1 Unchanged 0 Rows with errors 0" in page
    assert "evidence : Old evidence → New evidence" in page
    assert "criteria met : — → 1, 2" in page
    assert Result.objects.count() == 1

    committed = client.post(reverse("indicators:upload-commit", args=[upload_row.pk]), follow=True)

    assert "2 results recorded as drafts; 1 result updated." in text(committed)
    results = {result.place.name: result for result in Result.objects.all()}
    assert sorted(results) == ["Côte d'Ivoire", "Ghana", "Togo"]
    existing.refresh_from_db()
    assert (existing.evidence, existing.criteria_met, existing.version, existing.last_edited_by) == (
        "New evidence",
        [1, 2],
        2,
        ama,
    )
    assert [item.url for item in existing.attachments.all()] == ["https://example.org/gazette"]
    togo = results["Togo"]
    assert (togo.status, togo.criteria_met, togo.created_by, togo.version) == ("draft", [2], ama, 1)
    assert [(entry.history_user, entry.history_change_reason) for entry in togo.history.all()] == [
        (ama, "Recorded from an Excel upload")
    ]
    assert existing.history.first().history_change_reason == "Edited from an Excel upload"
    upload_row.refresh_from_db()
    assert upload_row.status == "committed"


def test_an_upload_with_a_bad_row_commits_nothing_and_names_the_row_and_the_reason(indicator, ama, client):
    client.force_login(ama)
    content = workbook(
        [
            ["Ghana", "A law was adopted.", "", "1", "", None],
            ["Atlantis", "A law was adopted.", "", "1", "", None],
            ["Togo", "A budget line was created.", "", "", "", None],
        ]
    )

    preview = upload(client, indicator, content)
    upload_row = ResultUpload.objects.get()
    committed = client.post(reverse("indicators:upload-commit", args=[upload_row.pk]))

    expected = "Row 3: “Atlantis” is not a member State or territory known here; use the spelling in the Places sheet."
    assert expected in text(preview)
    assert "To create 2 To update 0 Unchanged 0 Rows with errors 1" in text(preview)
    assert "Confirm" not in text(preview)
    assert committed.status_code == 400
    assert "Nothing was saved: 1 rows have errors. Fix them in the workbook and upload it again." in text(committed)
    assert expected in text(committed)
    assert Result.objects.count() == 0
    upload_row.refresh_from_db()
    assert upload_row.status == "previewed"


def test_every_rule_of_the_form_applies_to_each_row_with_its_message(indicator, ama, client):
    kofi = manager()
    locked = result_validate(user=kofi, result=result_submit(user=ama, result=record(ama, indicator, name="Kenya")))
    waiting = result_submit(user=ama, result=record(ama, indicator, name="Mali"))
    content = workbook(
        [
            ["Peru", "Adopted.", "", "", "", None],
            ["Ghana", "  ", "", "", "", None],
            ["Togo", "Adopted.", "", "1, 7", "", None],
            ["Niger", "Adopted.", "", "one", "", None],
            ["Benin", "Adopted.", "", "", "gazette 12", None],
            ["Kenya", "Changed.", "", "", "", locked.version],
            ["Mali", "Changed.", "", "", "", waiting.version],
            ["Chad", "Adopted.", "", "", "", None],
            ["chad", "Adopted again.", "", "", "", None],
            ["", "No place.", "", "", "", None],
        ]
    )

    plan = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)

    code = indicator.code
    assert plan.error_messages == [
        f"Row 2: Peru under indicator {code} is outside your scope.",
        "Row 3: Describe what changed in Ghana.",
        f"Row 4: Indicator {code} has no criterion 7.",
        "Row 5: Write the criteria met as numbers separated by commas (e.g. 1, 3), not “one”.",
        "Row 6: “gazette 12” is not a web address; write it in full, starting with https://.",
        "Row 7: This result is validated and locked; a manager must reopen it before it can change.",
        "Row 8: This result is awaiting validation; it can change again if a manager returns it.",
        "Row 10: Row 9 already gives Chad.",
        "Row 11: Name the member State or territory.",
    ]
    assert plan.to_create == 1


def test_a_row_changed_since_the_template_was_downloaded_is_refused(indicator, ama):
    result = record(ama, indicator)
    result_update(user=officer("efua"), result=result, version=1, evidence="Colleague's evidence")
    content = workbook([["Ghana", "A law was adopted.", "Mine", "", "", 1]])

    plan = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)

    assert plan.error_messages == [
        "Row 2: This result changed after the template was downloaded (version 1, now 2); download the template again."
    ]


def test_a_result_changed_between_the_preview_and_the_commit_refuses_the_whole_upload(indicator, ama):
    result = record(ama, indicator)
    content = workbook([["Ghana", "A law was adopted.", "Mine", "", "", 1], ["Togo", "New.", "", "", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )
    result_update(user=officer("efua"), result=result, version=1, evidence="Colleague's evidence")

    with pytest.raises(ApplicationError) as refused:
        result_upload_commit(user=ama, upload=pending)

    assert refused.value.message == UPLOAD_HAS_ERRORS % {"count": 1}
    assert sorted(Result.objects.values_list("place__name", "evidence")) == [("Ghana", "Colleague's evidence")]
    pending.refresh_from_db()
    row = pending.plan["rows"][0]
    assert (row["version"], row["read_version"], row["conflict"]) == (2, 1, True)
    assert row["meanwhile"] == [{"field": "evidence", "was": "—", "now": "Colleague's evidence"}]


def test_a_row_updating_a_result_without_its_version_is_a_conflict_showing_who_changed_it(indicator, ama, client):
    efua = user_with_role("officer", username="efua", regions=[region("africa")], first_name="Efua", last_name="Mensah")
    result = record(ama, indicator)
    result_update(user=efua, result=result, version=1, evidence="Colleague's evidence")
    client.force_login(ama)

    preview = upload(client, indicator, workbook([["Ghana", "A law was adopted.", "Mine", "", "", None]]))

    assert "To create 0 To update 0 Unchanged 0 Rows with errors 1" in text(preview)
    expected = ROW_VERSION_MISSING % {"place": "Ghana", "current": 2}
    assert f"Row 2: {expected}" in text(preview)
    conflict = html_text(preview, "conflict-row-2")
    assert conflict.startswith(
        "Row 2: Ghana The row gives no version; the result is at version 2. Last changed by Efua Mensah on "
    )
    assert html_table(preview, "conflict-row-2")[1:] == [["Evidence", "Colleague's evidence", "Mine"]]
    assert "Confirm" not in text(preview)


def test_a_stale_row_shows_what_changed_meanwhile_in_the_preview(indicator, ama, client):
    result = record(ama, indicator, evidence="First evidence")
    result_update(user=officer("efua"), result=result, version=1, description="A decree was issued.")
    client.force_login(ama)

    preview = upload(client, indicator, workbook([["Ghana", "A law was adopted.", "Mine", "", "", 1]]))

    tables = html_element(preview, "conflict-row-2").findall(".//table")
    meanwhile = [[" ".join(cell.text_content().split()) for cell in row] for row in tables[0].iter("tr")]
    assert meanwhile == [
        ["Field", "In your workbook's version", "Now"],
        ["What changed", "A law was adopted.", "A decree was issued."],
    ]


def test_an_unchanged_row_without_version_is_no_conflict(indicator, ama):
    result = record(ama, indicator)

    content = workbook([["Ghana", result.description, "", "", "", None]])
    plan = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)

    assert (plan.error_messages, plan.unchanged) == ([], 1)


def test_a_closed_biennium_refuses_the_upload_and_the_commit(indicator, ama):
    from tests.factories import biennium_closed

    content = workbook([["Ghana", "A law was adopted.", "", "", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )
    biennium_closed(user=manager(), biennium=biennium())

    plan = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)
    with pytest.raises(ApplicationError, match=re.escape("The biennium 2014-15 is closed; nothing in it can change.")):
        result_upload_commit(user=ama, upload=pending)

    assert plan.file_errors == ["The biennium 2014-15 is closed; nothing in it can change."]
    assert Result.objects.count() == 0


def test_a_viewer_cannot_commit_an_upload(indicator, ama):
    content = workbook([["Ghana", "A law was adopted.", "", "", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )

    with pytest.raises(NotAllowed):
        result_upload_commit(user=user_with_role("viewer"), upload=pending)
    assert Result.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(indicator, ama, client):
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "upload-create"), {"workbook": SimpleUploadedFile("r.xlsx", b"not a zip")}
    )
    wrong_name = client.post(
        indicator_url(indicator, "upload-create"), {"workbook": SimpleUploadedFile("r.csv", b"a,b")}
    )

    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again." in text(
        response
    )
    assert "r.csv is not an Excel workbook; save it as .xlsx and upload it again." in text(wrong_name)
    assert ResultUpload.objects.count() == 0


def test_the_template_of_another_indicator_or_a_sheet_without_headers_is_refused(indicator, ama):
    other = workbook([["Ghana", "x", "", "", "", None]], about=[["Indicator", "4.2"], ["Biennium", "2014-15"]])
    headless = workbook([["Ghana", "x"]], header=["Country name", "Notes"])

    refused = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=other)
    no_header = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=headless)

    assert refused.file_errors == [
        "This workbook is the template of indicator 4.2 for 2014-15; upload it from that indicator's page."
    ]
    assert no_header.file_errors == [
        "The first sheet has no header row naming the columns “Member State or territory” and “What changed”; "
        "start from the template of this indicator."
    ]


def test_an_upload_is_visible_to_its_uploader_only(indicator, ama, client):
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=workbook([])
    )
    client.force_login(officer("efua"))

    assert client.get(reverse("indicators:upload-detail", args=[pending.pk])).status_code == 404
    assert client.post(reverse("indicators:upload-commit", args=[pending.pk])).status_code == 404
    assert pending.plan["file_errors"] == ["The workbook has no result rows under its header row."]


def test_the_downloaded_template_filled_in_uploads_cleanly(indicator, ama, client):
    record(ama, indicator)
    client.force_login(ama)
    book = load_workbook(BytesIO(client.get(indicator_url(indicator, "upload-template")).content))
    book["Results"].append(["Togo", "A budget line was created.", "", "2", "", None])
    output = BytesIO()
    book.save(output)

    preview = upload(client, indicator, output.getvalue())

    assert "To create 1 To update 0 Unchanged 1 Rows with errors 0" in text(preview)


# --- Speed --------------------------------------------------------------------------------------


def test_checking_an_upload_reads_a_fixed_number_of_queries_whatever_its_size(indicator, ama):
    administrator = user_with_role("administrator")
    names = list(place("Ghana").region.places.values_list("name", flat=True))

    def queries(count: int) -> int:
        content = workbook([[name, "Adopted.", "", "1", "", None] for name in names[:count]])
        with CaptureQueriesContext(connection) as captured:
            result_upload_plan(user=administrator, indicator=indicator, biennium=biennium(), content=content)
        return len(captured)

    queries(1)  # the user's scope is read once and kept
    assert queries(3) == queries(40) == 5


def test_two_thousand_rows_commit_in_a_fixed_number_of_queries(ama):
    from tests.factories import IndicatorFactory

    entities = IndicatorFactory(unit="organizations", unit_singular="organization", unit_kind="entities")
    administrator = user_with_role("administrator")
    names = list(place("Ghana").region.places.values_list("name", flat=True))
    header = ["Member State or territory", "Organization", *HEADER[1:]]
    rows = [
        [names[index % len(names)], f"Union {index}", "A collective agreement was signed.", "", "", "", None]
        for index in range(2000)
    ]
    content = workbook(rows, header=header)
    started = time.perf_counter()
    pending = result_upload_create(
        user=administrator, indicator=entities, biennium=biennium(), filename="big.xlsx", content=content
    )

    with CaptureQueriesContext(connection) as captured:
        plan = result_upload_commit(user=administrator, upload=pending)
    elapsed = time.perf_counter() - started

    assert (plan.to_create, Result.objects.filter(indicator=entities).count()) == (2000, 2000)
    # Bulk inserts: SQLite caps the parameters of one statement, so a batch holds about 50 rows there.
    assert len(captured) < 150
    print(f"2000 rows: plan and commit in {elapsed:.2f} s, {len(captured)} queries")
    # Generous bound for a shared two-core machine; the benchmark measures the real rate.
    assert elapsed < 30


def test_a_row_outside_the_scope_reveals_nothing_of_the_result_there(indicator, ama):
    pedro = officer("pedro", "americas")
    result_submit(user=pedro, result=record(pedro, indicator, name="Peru", description="Draft in Lima"))
    content = workbook([["Peru", "Changed.", "", "", "", 1]])

    plan = result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)

    assert plan.error_messages == [f"Row 2: Peru under indicator {indicator.code} is outside your scope."]
    assert (plan.rows[0].result_id, plan.rows[0].changes) == (None, [])


def test_a_commit_logs_who_committed_what_and_how_many_rows(indicator, ama, caplog):
    content = workbook(
        [["Ghana", "A law was adopted.", "", "1, 2", "", ""], ["Togo", "A fund was set up.", "", "", "", ""]]
    )
    upload_row = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="africa.xlsx", content=content
    )

    with caplog.at_level("INFO", logger="indicators.services.uploads"):
        result_upload_commit(user=ama, upload=upload_row)

    assert caplog.messages == [
        f"Excel upload {upload_row.pk} (africa.xlsx) committed by ama for indicator 9.1, 2014-15: "
        "2 created, 0 updated, 0 unchanged"
    ]


CPO_HEADER = [*HEADER[:5], "CPO code", HEADER[5]]


def test_an_upload_names_each_results_cpo_and_refuses_another_places_or_an_unknown_one(indicator, ama, client):
    from indicators.services.programmes import programme_outcome_save

    ghana = programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Social protection floor")
    programme_outcome_save(user=None, place=place("Togo"), code="TGO101", title="Social security code")
    client.force_login(ama)
    bad = workbook(
        [
            ["Ghana", "A law was adopted.", "", "1", "", "TGO101", None],
            ["Togo", "A budget line was created.", "", "", "", "TGO999", None],
        ],
        header=CPO_HEADER,
    )

    preview = upload(client, indicator, bad)

    assert "Row 2: CPO TGO101 is a country programme outcome of Togo, not of Ghana" in text(preview)
    assert "Row 3: Togo has no country programme outcome TGO999." in text(preview)
    assert Result.objects.count() == 0

    good = workbook([["Ghana", "A law was adopted.", "", "1", "", "gha101", None]], header=CPO_HEADER)
    upload(client, indicator, good)
    client.post(reverse("indicators:upload-commit", args=[ResultUpload.objects.latest("pk").pk]))
    assert Result.objects.get().programme_outcome == ghana

    # A workbook without the CPO column leaves the CPO as it is; a template gives it back.
    result = Result.objects.get()
    plain = workbook([["Ghana", "A law was changed.", "", "1", "", result.version]])
    upload(client, indicator, plain)
    client.post(reverse("indicators:upload-commit", args=[ResultUpload.objects.latest("pk").pk]))
    result.refresh_from_db()
    assert (result.description, result.programme_outcome) == ("A law was changed.", ghana)
    template = client.get(indicator_url(indicator, "upload-template"))
    rows = list(load_workbook(BytesIO(template.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][5] == "GHA101"


def test_a_commit_of_an_unchanged_preview_does_not_check_each_row_again(indicator, ama, monkeypatch):
    from indicators.selectors.uploads import plan as planning

    content = workbook([["Ghana", "A law was adopted.", "", "1", "", None], ["Togo", "A fund.", "", "", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )
    checked = []
    original = planning._RowChecker.check
    monkeypatch.setattr(
        planning._RowChecker, "check", lambda self, *args: checked.append(args) or original(self, *args)
    )

    plan = result_upload_commit(user=ama, upload=pending)

    assert (checked, plan.to_create, Result.objects.count()) == ([], 2, 2)


def test_a_criterion_removed_after_the_preview_refuses_the_commit(indicator, ama):
    content = workbook([["Ghana", "A law was adopted.", "", "3", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )
    indicator.criteria.filter(number=3).delete()

    with pytest.raises(ApplicationError) as refused:
        result_upload_commit(user=ama, upload=pending)

    assert refused.value.message == UPLOAD_HAS_ERRORS % {"count": 1}
    assert Result.objects.count() == 0


def test_a_place_leaving_the_officers_scope_after_the_preview_refuses_the_commit(indicator, ama):
    from accounts.services import profile_set

    content = workbook([["Ghana", "A law was adopted.", "", "", "", None]])
    pending = result_upload_create(
        user=ama, indicator=indicator, biennium=biennium(), filename="r.xlsx", content=content
    )
    profile_set(user=ama, role="officer", regions=[region("americas")], outcomes=[])
    ama = type(ama).objects.get(pk=ama.pk)

    with pytest.raises(ApplicationError):
        result_upload_commit(user=ama, upload=pending)

    assert Result.objects.count() == 0
