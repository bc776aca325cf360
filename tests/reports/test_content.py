from outcomes.selectors import biennium_get
from reports.selectors import report_content, report_content_hash
from tests.factories import OutcomeFactory, ResultFactory, place
from tests.reports.conftest import REGIONS, SEED_000_TABLE, recommendation


def test_the_content_holds_seed_000s_table_narrative_and_summary(seed_000_report, annex):
    content = report_content(biennium=seed_000_report).data

    assert [outcome["number"] for outcome in content["outcomes"]] == ["4"]
    outcome = content["outcomes"][0]
    for indicator in outcome["indicators"]:
        expected = SEED_000_TABLE[indicator["code"]]
        assert (indicator["target_text"], indicator["label"], indicator["target_met"]) == (
            expected["target"],
            expected["label"],
            True,
        )
        assert {
            region: [place["name"] + ("*" if place["territory"] else "") for place in places]
            for region, places in indicator["places"].items()
        } == expected["places"]
    assert [region["name"] for region in content["regions"]] == REGIONS
    assert content["summary"] == {
        "outcomes": [
            {
                "number": "4",
                "statement": outcome["statement"],
                "indicators": 3,
                "met": 3,
                "not_met": 0,
                "no_target": 0,
            }
        ],
        "indicators": 3,
        "met": 3,
        "not_met": 0,
        "no_target": 0,
    }
    assert [len(section["paragraphs"]) for section in outcome["narrative"]["sections"]] == [2, 9, 2, 6]
    assert [len(row["items"]) for row in outcome["narrative"]["outputs"]] == [1, 2, 3, 2]
    assert outcome["recommendations"] == []


def test_reading_unchanged_data_again_gives_the_same_hash_and_a_change_gives_another(seed_000_report, annex):
    first = report_content(biennium=seed_000_report)
    second = report_content(biennium=seed_000_report)

    ResultFactory(
        indicator=seed_000_report.framework.indicators.get(code="4.1"), biennium=seed_000_report, place=place("Kenya")
    )
    third = report_content(biennium=seed_000_report)

    assert first.data == second.data
    assert first.content_hash == second.content_hash == report_content_hash(second.data)
    assert len(first.content_hash) == 64
    assert third.content_hash != first.content_hash


def test_the_annex_lists_the_recommendations_linked_to_each_outcome(seed_000_report, annex):
    annex.set({"4": [recommendation(), recommendation(number=11, stance="", follow_up="not started")]})

    rows = report_content(biennium=seed_000_report).data["outcomes"][0]["recommendations"]

    assert rows == [
        {
            "evaluation_title": "Independent evaluation of the ILO's strategy to extend social security coverage",
            "evaluation_symbol": "GB.309/PFA/5/4",
            "evaluation_date": "2010-11-01",
            "number": "1",
            "text": "Develop a coherent strategy for the extension of social security.",
            "stance": "accepted",
            "follow_up": "overdue",
            "actions_total": 3,
            "actions_completed": 1,
        },
        {
            "evaluation_title": "Independent evaluation of the ILO's strategy to extend social security coverage",
            "evaluation_symbol": "GB.309/PFA/5/4",
            "evaluation_date": "2010-11-01",
            "number": "11",
            "text": "Develop a coherent strategy for the extension of social security.",
            "stance": "",
            "follow_up": "not started",
            "actions_total": 3,
            "actions_completed": 1,
        },
    ]


def test_a_selection_of_outcomes_reads_only_those(seed_000_report, annex):
    other = OutcomeFactory(framework=seed_000_report.framework, number="9", statement="Another outcome")

    content = report_content(biennium=seed_000_report, outcome_ids=[other.pk]).data

    assert [outcome["number"] for outcome in content["outcomes"]] == ["9"]
    assert content["outcomes"][0]["indicators"] == []
    assert content["outcomes"][0]["narrative"]["recorded"] is False


def test_reading_the_content_takes_a_fixed_number_of_queries(seed_000_report, annex, django_assert_num_queries):
    biennium = biennium_get(label="2014-15")
    for number in ("91", "92", "93"):
        OutcomeFactory(framework=biennium.framework, number=number)

    # A savepoint and its release, eleven reads (the annex stand-in is one of them) and whether an edition precedes
    # the report (restatements: two more reads when one does), whatever the size.
    with django_assert_num_queries(14):
        report_content(biennium=biennium)
