"""Figures as of a moment, read from the results' kept history."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.selectors import indicator_counts, indicator_table
from indicators.services import result_reopen, result_submit, result_validate
from rbm.moments import moment_parse
from tests.factories import ResultFactory, TargetFactory, biennium, place, region, user_with_role

BEFORE = datetime(2016, 1, 10, 9, 0, tzinfo=UTC)
MOMENT = datetime(2016, 2, 1, 12, 0, tzinfo=UTC)
AFTER = datetime(2016, 3, 5, 15, 30, tzinfo=UTC)


@pytest.fixture
def history(db):
    """Ghana and Kenya validated before MOMENT, Kenya reopened after it, Senegal validated after it."""
    officer = user_with_role("officer", username="ama", regions=[region("africa")])
    manager = user_with_role("manager", username="kofi")
    indicator = TargetFactory(value=2, indicator__code="4.2").indicator
    with time_machine.travel(BEFORE, tick=False):
        ghana = ResultFactory(indicator=indicator, place=place("Ghana"), status="submitted", created_by=officer)
        kenya = ResultFactory(indicator=indicator, place=place("Kenya"), status="submitted", created_by=officer)
        result_validate(user=manager, result=ghana)
        result_validate(user=manager, result=kenya)
    with time_machine.travel(AFTER, tick=False):
        result_reopen(user=manager, result=kenya, reason="The decree was not adopted after all.")
        senegal = ResultFactory(indicator=indicator, place=place("Senegal"), status="draft", created_by=officer)
        result_submit(user=officer, result=senegal)
        result_validate(user=manager, result=senegal)
    return indicator


def test_counts_as_of_a_moment_leave_out_later_validations_and_keep_later_reopened_ones(history):
    now = indicator_counts(biennium=biennium(), indicator=history)
    then = indicator_counts(biennium=biennium(), indicator=history, as_of=MOMENT)
    before_anything = indicator_counts(biennium=biennium(), indicator=history, as_of=datetime(2015, 1, 1, tzinfo=UTC))

    assert (now["result"], now["label"], now["target_met"]) == (2, "2 member States", True)
    assert (then["result"], then["label"], then["target_met"]) == (2, "2 member States", True)
    assert then["by_region"]["Africa"] == 2
    assert before_anything["result"] == 0
    table = indicator_table(biennium=biennium(), as_of=MOMENT)
    [row] = [row for outcome in table for row in outcome.rows]
    assert [result.display_name for result in row.places_by_region["Africa"]] == ["Ghana", "Kenya"]
    [current] = [row for outcome in indicator_table(biennium=biennium()) for row in outcome.rows]
    assert [result.display_name for result in current.places_by_region["Africa"]] == ["Ghana", "Senegal"]


def test_counts_as_of_a_moment_are_read_with_a_fixed_number_of_queries(history, django_assert_num_queries):
    period = biennium()
    with django_assert_num_queries(3):
        indicator_counts(biennium=period, indicator=history, as_of=MOMENT)


def test_indicator_counts_command_reads_the_figures_as_of_a_moment(history, capsys):
    call_command("indicator_counts", "--biennium", "2014-15", "--as-of", "2016-02-01T12:00:00Z", "--json")
    [then] = json.loads(capsys.readouterr().out)
    call_command("indicator_counts", "--biennium", "2014-15", "--as-of", "2016-01-09", "--json")
    [earlier] = json.loads(capsys.readouterr().out)

    assert then == indicator_counts(biennium=biennium(), indicator=history, as_of=MOMENT)
    assert (then["result"], earlier["result"]) == (2, 0)


def test_indicator_counts_command_refuses_a_moment_it_cannot_read(db):
    with pytest.raises(CommandError, match="“yesterday” is not a date or a date and time"):
        call_command("indicator_counts", "--biennium", "2014-15", "--as-of", "yesterday")


def test_counts_api_reads_the_figures_as_of_a_moment(history, client):
    one = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2014-15", "as_of": "2016-02-01T12:00:00Z"})
    every = client.get("/api/v1/counts/", {"biennium": "2014-15", "as_of": "2016-02-01T13:00:00+01:00"})
    now = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2014-15"})

    assert one.status_code == 200
    assert one.json() == indicator_counts(biennium=biennium(), indicator=history, as_of=MOMENT)
    assert [item["by_region"]["Africa"] for item in every.json()] == [2]
    assert now.json()["result"] == 2


def test_counts_api_answers_a_bad_moment_with_a_field_error(db, client):
    bad = client.get("/api/v1/counts/", {"biennium": "2014-15", "as_of": "2016-13-45"})
    future = client.get("/api/v1/counts/", {"biennium": "2014-15", "as_of": "2999-01-01"})
    nul = client.get("/api/v1/counts/", {"biennium": "2014-15", "as_of": "2016-01-01\x00"})

    assert (bad.status_code, future.status_code, nul.status_code) == (400, 400, 400)
    assert bad.json() == {
        "as_of": [
            "“2016-13-45” is not a date or a date and time; write it as 2016-03-01 or 2016-03-01T12:00 (ISO 8601)."
        ]
    }
    assert future.json() == {
        "as_of": ["2999-01-01 is in the future; figures can only be read as of a moment that has passed."]
    }


def test_a_date_alone_means_the_end_of_that_day(settings):
    settings.TIME_ZONE = "UTC"

    assert moment_parse("2016-02-01") == datetime(2016, 2, 1, 23, 59, 59, 999999, tzinfo=UTC)


def test_the_dashboard_shows_its_figures_as_of_a_date(history, client):
    from django.urls import reverse

    from tests.html import html_table, html_text

    client.force_login(user_with_role("manager", username="abena"))
    url = reverse("dashboard:dashboard-detail")

    then = client.get(url, {"biennium": "2014-15", "as_of": "2016-02-01"})
    now = client.get(url, {"biennium": "2014-15"})
    bad = client.get(url, {"biennium": "2014-15", "as_of": "soon"})

    rows = {page: html_table(page, f"table-outcome-{history.outcome.number}")[1] for page in (then, now)}
    assert rows[then][:5] == ["4.2", "2 member States", "2 member States", "target met", "2"]
    assert rows[now][:5] == ["4.2", "2 member States", "2 member States", "target met", "2"]
    assert html_text(then, "tile-places") == "2 places reached (2 member States and 0 territories)"
    assert html_text(then, "as-of-note").startswith("Figures as they stood on 1 February 2016, 23:59")
    assert (">Kenya</a>" in then.content.decode(), ">Senegal</a>" in then.content.decode()) == (True, False)
    assert (">Kenya</a>" in now.content.decode(), ">Senegal</a>" in now.content.decode()) == (False, True)
    assert bad.status_code == 200
    assert "“soon” is not a date or a date and time" in bad.content.decode()
