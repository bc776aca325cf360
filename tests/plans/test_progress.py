"""Targets counted from events per place: import_target_events, plan_progress --json and the API."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from plans.models import Target, TargetEvent
from plans.selectors.progress import plan_progress, target_series
from plans.services.events import target_events_import
from rbm.parsers import ImportRejected

RATIFICATIONS = """place,date,reference
Ukraine,2016-10-04,ILO NORMLEX
Dominican Republic,2016-02-15,
Argentina,2016-07-13,
Honduras,2012-11-01,
Jordan,2014-03-27,
Chad,2015-06-04,
Brazil,2009-06-15,before the baseline
Russian Federation,2019-02-26,
Benin,2019-06-14,
Morocco,2019-06-14,
Sao Tome and Principe,2020-01-15,after the deadline
Ukraine,2016-10-05,listed twice
"""


@pytest.fixture
def ratified(plan_2011):
    target_events_import(plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text=RATIFICATIONS)
    return plan_2011


def _target(data, ref):
    return next(target for target in data["targets"] if target["ref"] == ref)


def test_progress_of_i_4_ii_is_derived_from_the_list_of_ratifications(ratified):
    data = plan_progress(plan=ratified, as_of=datetime.date(2026, 1, 1))
    target = _target(data, "I.4.ii")

    assert (target["baseline"], target["baseline_date"], target["value"], target["deadline"]) == (
        47,
        "2011-07-31",
        60,
        "2019-12-31",
    )
    # 10 distinct places after July 2011 (Brazil ratified before it; Ukraine is listed twice).
    assert target["count"] == 47 + 10
    assert target["count_at_deadline"] == 47 + 9
    assert target["met_by_deadline"] is False
    assert target["reached_on"] is None
    assert [place["place"] for place in target["places"]][:2] == ["Honduras", "Jordan"]
    assert {p["place"]: p["date"] for p in target["places"]}["Ukraine"] == "2016-10-04"
    assert target["by_region"]["africa"] == 4
    assert sum(target["by_region"].values()) == 10


def test_progress_at_an_earlier_date_counts_only_what_had_happened(ratified):
    target = _target(plan_progress(plan=ratified, as_of=datetime.date(2016, 3, 1)), "I.4.ii")
    assert target["count"] == 47 + 4
    assert target["met_by_deadline"] is None
    assert target["count_at_deadline"] == 56


def test_reached_on_is_the_date_of_the_event_that_reached_the_value(plan_2011):
    target = Target.objects.get(ref="I.4.ii")
    target.value = 52
    target.save()
    target_events_import(plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text=RATIFICATIONS)
    data = _target(plan_progress(plan=plan_2011, as_of=datetime.date(2026, 1, 1)), "I.4.ii")
    assert data["reached_on"] == "2016-07-13"
    assert data["met_by_deadline"] is True
    assert target_series(target=target)[:2] == [(datetime.date(2011, 7, 31), 47), (datetime.date(2012, 11, 1), 48)]


def test_an_unknown_place_fails_the_whole_file_with_its_line(plan_2011):
    with pytest.raises(ImportRejected) as rejected:
        target_events_import(
            plan_symbol="GB.312/POL/2",
            target_ref="I.4.ii",
            text="Ukraine,2016-10-04\nNew Atlantis,2016-01-01\nChad,2015-13-40\n",
        )
    assert [str(p) for p in rejected.value.problems] == [
        "line 2, column 1: “New Atlantis” is not a place RBM knows.",
        "line 3, column 2: “2015-13-40” is not a date (YYYY-MM-DD).",
    ]
    assert not TargetEvent.objects.exists()


def test_importing_the_same_events_again_changes_nothing(ratified):
    result = target_events_import(plan_symbol="GB.312/POL/2", target_ref="I.4.ii", text=RATIFICATIONS)
    assert not result.changes.changed
    assert TargetEvent.objects.count() == 11


def test_obligation_tracks_who_has_who_is_late_and_who_has_not(plan_revised):
    target_events_import(
        plan_symbol="GB.312/POL/2", target_ref="O.1", text="Ghana,2013-05-01\nFrance,2014-02-01\nSenegal,2013-12-13\n"
    )
    data = _target(plan_progress(plan=plan_revised, as_of=datetime.date(2015, 1, 1)), "O.1")
    assert data["on_time"] == ["Ghana", "Senegal"]
    assert data["late"] == ["France"]
    assert data["count"] == 3 and data["value"] == 187
    assert len(data["not_yet"]) == 184 and "Ghana" not in data["not_yet"]
    assert data["overdue"] == data["not_yet"]


def test_plan_progress_json_command(ratified, capsys):
    call_command("plan_progress", plan="GB.312/POL/2", as_of="2026-01-01", json=True)
    data = json.loads(capsys.readouterr().out)
    target = _target(data, "I.4.ii")
    assert (target["count"], target["count_at_deadline"], target["value"]) == (57, 56, 60)
    assert data["categories"][0]["activities"][3]["means"][1]["ref"] == "I.4.ii"
    assert data["categories"][1]["activities"][1]["means"][3]["key_outputs"][0] == {
        "id": data["categories"][1]["activities"][1]["means"][3]["key_outputs"][0]["id"],
        "text": "Social Security Inquiry (SSI)",
        "status": None,
        "status_biennium": None,
    }


def test_plan_progress_command_refuses_an_unknown_plan_and_a_bad_date(ratified):
    with pytest.raises(CommandError, match=r"No plan of action has the symbol GB\.1/X"):
        call_command("plan_progress", plan="GB.1/X", json=True)
    with pytest.raises(CommandError, match="not a date"):
        call_command("plan_progress", plan="GB.312/POL/2", as_of="tomorrow")


def test_import_target_events_command(plan_2011, tmp_path, capsys):
    path = tmp_path / "ratifications.csv"
    path.write_text(RATIFICATIONS, encoding="utf-8")
    call_command("import_target_events", str(path), plan="GB.312/POL/2", target="I.4.ii")
    assert "counted once" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_target_events", str(path), plan="GB.312/POL/2", target="IX.9")


def test_progress_api_gives_the_same_object(ratified, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get(f"/api/v1/plans/{ratified.pk}/progress/?as_of=2026-01-01")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(plan_progress(plan=ratified, as_of=datetime.date(2026, 1, 1))))
    assert client.get(f"/api/v1/plans/{ratified.pk}/progress/?as_of=soon").status_code == 400
    assert client.get("/api/v1/plans/999999/progress/").status_code == 404
    listing = client.get("/api/v1/plans/").json()
    assert listing[0]["symbol"] == "GB.312/POL/2"
    etag = response["ETag"]
    again = client.get(f"/api/v1/plans/{ratified.pk}/progress/?as_of=2026-01-01", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
