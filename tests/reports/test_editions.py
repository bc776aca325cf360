"""Editions of the report, figures as of them, and the restatements made after them."""

import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from indicators.models import Result
from indicators.rules import RESTATEMENT_NEEDS_REASON
from indicators.selectors import indicator_counts_list, restatements_by_edition
from indicators.services import result_reopen, result_validate
from outcomes.models import Edition
from outcomes.selectors import edition_list
from rbm.exceptions import NotAllowed
from reports.selectors import report_content
from reports.services import edition_publish
from tests.factories import ResultFactory, biennium, place, region, user_with_role
from tests.html import html_table

FAST = ["html", "xlsx"]
# Moments to come, so that the seed imported by the fixtures (now) is already there.
PUBLISHED = datetime(2031, 3, 1, 10, 0, tzinfo=UTC)
LATER = datetime(2031, 4, 12, 14, 30, tzinfo=UTC)
AFTERWARDS = datetime(2031, 5, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def manager(db):
    return user_with_role("manager", username="kofi", first_name="Kofi", last_name="Mensah")


@pytest.fixture
def late_result(seed_000_report):
    """A result of 4.1 submitted by an Americas officer, waiting for validation: Chile."""
    officer = user_with_role("officer", username="ana", regions=[region("americas")])
    from indicators.selectors import indicator_get

    indicator = indicator_get(biennium=seed_000_report, code="4.1")
    return ResultFactory(indicator=indicator, place=place("Chile"), status=Result.Status.SUBMITTED, created_by=officer)


def test_publishing_then_validating_moves_the_current_figures_but_not_the_edition(late_result, manager):
    period = biennium()
    with time_machine.travel(PUBLISHED, tick=False):
        edition = edition_publish(user=manager, biennium=period, title="Programme implementation report 2014-15")
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result, message="The pension reform decree arrived late.")

    now = {item["indicator"]: item["label"] for item in indicator_counts_list(biennium=period)}
    then = indicator_counts_list(biennium=period, as_of=edition.as_of)
    assert now["4.1"] == "12 member States"
    assert {item["indicator"]: item["label"] for item in then}["4.1"] == "11 member States"
    assert then == edition.figures
    [group] = restatements_by_edition(biennium=period)
    [change] = group.restatements
    assert (change.indicator, change.place, change.who, change.when) == ("4.1", "Chile", "Kofi Mensah", LATER)
    assert (change.reason, change.figure_before, change.figure_after, change.counted) == (
        "The pension reform decree arrived late.",
        11,
        12,
        True,
    )
    rebuilt = report_content(biennium=period, as_of=edition.as_of)
    assert rebuilt.content_hash == edition.content_hash
    assert report_content(biennium=period).content_hash != edition.content_hash


def test_an_edition_freezes_every_language_and_format_with_its_figures_and_hashes(seed_000_report, manager, media):
    with time_machine.travel(PUBLISHED, tick=False):
        edition = edition_publish(user=manager, biennium=biennium(), title="  Report   2014-15 ", formats=FAST)

    assert (edition.number, edition.title, edition.as_of, edition.data_read_at) == (
        1,
        "Report 2014-15",
        PUBLISHED,
        PUBLISHED,
    )
    assert edition.languages == ["en", "fr", "es"]
    assert sorted(edition.hashes) == ["en", "es", "fr"]
    assert edition.content_hash == edition.hashes["en"] == report_content(biennium=biennium()).content_hash
    assert [(item.language, item.format) for item in edition.files.order_by("language", "format")] == [
        ("en", "html"),
        ("en", "xlsx"),
        ("es", "html"),
        ("es", "xlsx"),
        ("fr", "html"),
        ("fr", "xlsx"),
    ]
    french = edition.files.get(language="fr", format="html")
    assert french.file.name == "editions/2014-15/1/fr/implementation-report-2014-15-edition-1.html"
    assert '<html lang="fr"' in (media / french.file.name).read_text(encoding="utf-8")
    assert [item["label"] for item in edition.figures] == [
        "11 member States",
        "24 member States and 1 territory",
        "16 member States and 1 territory",
    ]
    assert edition.content["fr"]["biennium"] == "2014-15"


def test_a_second_edition_is_numbered_next_and_the_first_is_unchanged(seed_000_report, manager):
    first = edition_publish(user=None, biennium=biennium(), title="First", formats=["html"])
    second = edition_publish(user=manager, biennium=biennium(), title="Corrigendum", formats=["html"])

    assert [(item.number, item.title) for item in edition_list(biennium=biennium())] == [
        (1, "First"),
        (2, "Corrigendum"),
    ]
    assert Edition.objects.get(pk=first.pk).content_hash == first.content_hash
    assert second.published_by == manager and first.published_by is None


def test_only_managers_and_administrators_publish_and_a_title_is_needed(seed_000_report):
    officer = user_with_role("officer", username="ama")

    with pytest.raises(
        NotAllowed, match=re.escape("Only managers and administrators may publish an edition of the report.")
    ):
        edition_publish(user=officer, biennium=biennium(), title="Report")
    with pytest.raises(ValidationError) as blank:
        edition_publish(user=None, biennium=biennium(), title=" \x00 ")
    with pytest.raises(ValidationError) as long:
        edition_publish(user=None, biennium=biennium(), title="x" * 301)
    assert blank.value.message_dict == {"title": ["Give the edition a title, as it will be published."]}
    assert long.value.message_dict == {"title": ["The title is 301 characters long; keep it within 300."]}
    assert Edition.objects.count() == 0


def test_after_an_edition_validating_or_reopening_needs_a_reason(late_result, manager):
    edition_publish(user=manager, biennium=biennium(), title="Report", formats=["html"])

    with pytest.raises(ValidationError) as missing:
        result_validate(user=manager, result=late_result, message="  ")
    validated = result_validate(user=manager, result=late_result, message="Evidence received in April.")
    reopened = result_reopen(user=manager, result=validated, reason="The decree was repealed;\nsee the gazette.")

    assert missing.value.message_dict == {"message": [RESTATEMENT_NEEDS_REASON % {"biennium": "2014-15"}]}
    [group] = restatements_by_edition(biennium=biennium())
    assert [(item.reason, item.figure_before, item.figure_after) for item in group.restatements] == [
        ("Evidence received in April.", 11, 12),
        ("The decree was repealed;\nsee the gazette.", 12, 11),
    ]
    assert reopened.status == Result.Status.RETURNED


def test_publish_edition_command_freezes_the_figures_as_of_a_past_moment(late_result, manager, capsys):
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result)

    with time_machine.travel(AFTERWARDS, tick=False):
        call_command("publish_edition", "--biennium", "2014-15", "--title", "As presented", "--at", "2031-03-01T10:00Z")

    edition = Edition.objects.get()
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2014-15 edition 1: As presented"
    assert f"content hash {edition.content_hash}" in out
    assert edition.as_of == PUBLISHED
    assert {item["indicator"]: item["result"] for item in edition.figures}["4.1"] == 11
    assert edition.files.count() == 12
    assert report_content(biennium=biennium(), as_of=PUBLISHED).content_hash == edition.content_hash


def test_publish_edition_command_refuses_bad_input(db):
    with pytest.raises(CommandError, match=re.escape("“yesterday” is not a date or a date and time")):
        call_command("publish_edition", "--biennium", "2014-15", "--title", "T", "--at", "yesterday")
    with pytest.raises(CommandError, match=re.escape("There is no biennium 2098-99.")):
        call_command("publish_edition", "--biennium", "2098-99", "--title", "T")


def test_restatements_command_lists_each_change_with_its_reason_as_json(late_result, manager, capsys):
    with time_machine.travel(PUBLISHED, tick=False):
        edition = edition_publish(user=manager, biennium=biennium(), title="Report", formats=["html"])
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result, message="Late evidence: decree 2016/12.")

    call_command("restatements", "--biennium", "2014-15", "--json")

    assert json.loads(capsys.readouterr().out) == {
        "biennium": "2014-15",
        "editions": [
            {
                "number": 1,
                "title": "Report",
                "as_of": "2031-03-01T10:00:00+00:00",
                "content_hash": edition.content_hash,
                "restatements": [
                    {
                        "when": "2031-04-12T14:30:00+00:00",
                        "who": "Kofi Mensah",
                        "reason": "Late evidence: decree 2016/12.",
                        "indicator": "4.1",
                        "result": late_result.pk,
                        "place": "Chile",
                        "iso3": "CHL",
                        "status_before": "submitted",
                        "status_after": "validated",
                        "change": "now counts",
                        "figure_before": 11,
                        "figure_after": 12,
                    }
                ],
            }
        ],
    }


def test_a_manager_publishes_from_the_editions_page_and_everyone_reads_them(
    seed_000_report, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    url = reverse("reports:edition-list")

    refused = client.post(f"{url}?biennium=2014-15", {"title": "", "at": "2999-01-01"})
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"{url}?biennium=2014-15", {"title": "Report 2014-15", "at": ""})
    posted = client.get(queued["Location"])

    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert "2999-01-01 is in the future" in refused.content.decode()
    assert (queued.status_code, queued["Location"]) == (302, "/reports/editions/?biennium=2014-15")
    assert html_table(posted, "edition-list")[1][:2] == ["Edition 1", "Report 2014-15"]
    client.force_login(user_with_role("viewer", username="vera"))
    detail = client.get(reverse("reports:edition-detail", args=["2014-15", 1]))
    assert detail.status_code == 200
    assert html_table(detail, "edition-figures")[1] == ["4.1", "10 member States", "11 member States", "target met"]
    download = client.get(reverse("reports:edition-download", args=["2014-15", 1, "fr", "xlsx"]))
    assert download.status_code == 200
    assert client.post(f"{url}?biennium=2014-15", {"title": "Mine"}).status_code == 403
    assert client.get(reverse("reports:edition-detail", args=["2014-15", 9])).status_code == 404


def test_the_restatements_page_lists_the_changes_of_each_edition(
    late_result, manager, client, django_assert_max_num_queries
):
    edition_publish(user=manager, biennium=biennium(), title="Report", formats=["html"])
    result_validate(user=manager, result=late_result, message="Decree <b>12</b> received.")
    client.force_login(manager)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("reports:restatement-list", args=["2014-15"]))

    rows = html_table(page, "restatements-1")
    assert rows[1][1:] == ["Kofi Mensah", "4.1", "Chile", "now counts", "11 → 12", "Decree <b>12</b> received."]


def test_the_next_report_has_a_section_of_the_figures_restated_since_the_edition(late_result, manager, media):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from reports.services import report_build

    with time_machine.travel(PUBLISHED, tick=False):
        first = edition_publish(user=manager, biennium=biennium(), title="As presented", formats=["html"])
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result, message='=HYPERLINK("http://x") decree <12>')

    with time_machine.travel(AFTERWARDS, tick=False):
        built = report_build(biennium=biennium(), outcome_ids=None, formats=["html", "docx", "xlsx"])

    assert built.content.data["restatements"] == {
        "edition_number": 1,
        "edition_title": "As presented",
        "edition_date": "2031-03-01",
        "changes": [
            {
                "date": "2031-04-12",
                "indicator": "4.1",
                "place": "Chile",
                "counted": True,
                "figure_before": 11,
                "figure_after": 12,
                "reason": '=HYPERLINK("http://x") decree <12>',
            }
        ],
    }
    assert first.content["en"]["restatements"] is None
    from datetime import date

    from django.utils.formats import date_format

    heading = f"Figures restated since the edition of {date_format(date(2031, 3, 1), 'DATE_FORMAT')} (“As presented”)"
    page = built.files["html"].decode()
    assert heading in page
    assert "decree &lt;12&gt;" in page
    words = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(built.files["docx"])).paragraphs)
    assert heading in words
    sheet = load_workbook(io.BytesIO(built.files["xlsx"])).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    restated = ["2031-04-12", "4.1", "Chile", "now counts", "11 → 12", '=HYPERLINK("http://x") decree <12>']
    assert restated in rows
    assert sheet.cell(row=rows.index(restated) + 1, column=6).data_type == "s"
    with time_machine.travel(datetime(2031, 6, 1, tzinfo=UTC), tick=False):
        second = edition_publish(user=manager, biennium=biennium(), title="Corrigendum", formats=["html"])
    assert second.content["en"]["restatements"]["changes"][0]["reason"].startswith("=HYPERLINK")
    assert report_content(biennium=biennium(), as_of=second.as_of).content_hash == second.content_hash


def test_build_report_as_of_an_edition_gives_the_editions_hash(late_result, manager, tmp_path, capsys):
    with time_machine.travel(PUBLISHED, tick=False):
        edition = edition_publish(user=manager, biennium=biennium(), title="Report", formats=["html"])
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result, message="Late evidence.")

    with time_machine.travel(AFTERWARDS, tick=False):
        call_command(
            "build_report", "--biennium", "2014-15", "--format", "html", "--out", str(tmp_path), "--edition", "1"
        )
        rebuilt = capsys.readouterr().out
        call_command("build_report", "--biennium", "2014-15", "--format", "html", "--out", str(tmp_path))
        current = capsys.readouterr().out

    assert f"content hash {edition.content_hash}" in rebuilt
    assert "the same as edition 1's (en)" in rebuilt
    assert edition.content_hash not in current
    with pytest.raises(CommandError, match=re.escape("There is no edition 7 of 2014-15.")):
        call_command(
            "build_report", "--biennium", "2014-15", "--format", "html", "--out", str(tmp_path), "--edition", "7"
        )
