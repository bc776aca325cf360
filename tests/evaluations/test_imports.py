import datetime
from collections import Counter

import pytest

from evaluations.models import (
    Evaluation,
    EvaluationQuestion,
    Finding,
    FollowUpAction,
    Lesson,
    NextStep,
    OfficeResponse,
    Recommendation,
    SynthesisCoverage,
    SynthesisFinding,
)
from evaluations.services import evaluation_summary_import, synthesis_import
from outcomes.models import Outcome
from rbm.parsers import ImportRejected

HISTORIES = [
    Evaluation,
    EvaluationQuestion,
    Finding,
    Lesson,
    Recommendation,
    NextStep,
    OfficeResponse,
    SynthesisFinding,
]


def history_rows() -> int:
    return sum(model.history.count() for model in HISTORIES)


# --- Seed 001: a governing-body evaluation summary ------------------------------------------------------


def test_seed_001_gives_the_evaluation_as_published(seed_001_imported):
    evaluation = seed_001_imported

    assert evaluation.symbol == "GB.309/PFA/5/4"
    assert evaluation.session == "309th Session, Geneva, November 2010"
    assert evaluation.title == "Independent evaluation of the ILO’s strategy to extend the coverage of social security"
    assert evaluation.date == datetime.date(2010, 9, 23)
    assert evaluation.year == 2010
    assert (evaluation.period_start, evaluation.period_end, evaluation.period_label) == (2005, 2009, "2005-09")
    assert (evaluation.kind, evaluation.independence, evaluation.status) == ("high_level", "independent", "published")
    assert evaluation.office_comments.startswith("18. The Office welcomes the findings of the independent evaluation.")


def test_seed_001_gives_twelve_recommendations_with_eleven_suggested_next_steps(seed_001_imported):
    recommendations = list(seed_001_imported.recommendations.order_by("number"))
    steps = Counter(
        NextStep.objects.filter(recommendation__evaluation=seed_001_imported).values_list(
            "recommendation__number", flat=True
        )
    )

    assert [recommendation.number for recommendation in recommendations] == list(range(1, 13))
    assert dict(steps) == {1: 2, 2: 2, 4: 2, 5: 2, 9: 3}
    assert sum(steps.values()) == 11
    assert recommendations[0].text.startswith("Over the next six months, prioritize work to document")
    assert recommendations[10].text == (
        "Conduct follow-up analyses on outcomes of ILO’s technical services – uptake of study recommendations, "
        "changes in national policies, institutional capacities, and so on, in order to identify lessons learned "
        "for future work; conduct retrospective case studies on the impact of capacity building on institutions, "
        "noting factors of success reaching beyond training and education of individuals."
    )
    assert [step.text for step in recommendations[0].next_steps.all()] == [
        "Compile and share policy successes and lessons from information sources other than the ILO (web-based); and",
        "call for quarterly informal exchanges about successes from the regions (web-based), including from "
        "constituents and UN colleagues collaborating to extend national social protection floors, to spur "
        "discussion and raise awareness.",
    ]


def test_seed_001_gives_seven_questions_three_lessons_and_findings_for_seven_criteria(seed_001_imported):
    questions = list(seed_001_imported.questions.all())
    findings = {finding.criterion: finding for finding in seed_001_imported.findings.all()}

    assert [question.number for question in questions] == [1, 2, 3, 4, 5, 6, 7]
    assert questions[3].text == (
        "To what extent have resources been used efficiently, and has the programme been appropriately and "
        "adequately resourced?"
    )
    assert seed_001_imported.lessons.filter(kind=Lesson.Kind.LESSON).count() == 3
    assert sorted(findings) == sorted(
        ["relevance", "effectiveness", "coherence", "efficiency", "coordination", "impact", "sustainability"]
    )
    assert findings["relevance"].heading == "Relevance, responsiveness and added value"
    assert findings["effectiveness"].text.startswith("8. The ILO’s training and capacity-building initiatives")
    assert "\n\n9. The evaluation found examples of countries" in findings["effectiveness"].text
    assert "Recommendation" not in findings["effectiveness"].text


def test_seed_001_names_eleven_case_study_countries_all_resolved(seed_001_imported):
    links = list(seed_001_imported.place_links.select_related("place").order_by("position"))

    assert len(links) == 11
    assert all(link.is_case_study for link in links)
    assert [link.place.iso3 for link in links] == [
        "BIH", "CHL", "CYP", "GHA", "JOR", "LAO", "MOZ", "NPL", "SEN", "THA", "ZMB",
    ]  # fmt: skip
    assert links[5].reported_name == "Lao People’s Democratic Republic"


def test_seed_001_gives_six_responses_answering_each_recommendation_once(seed_001_imported):
    responses = list(seed_001_imported.responses.order_by("position"))
    answered = [sorted(response.recommendations.values_list("number", flat=True)) for response in responses]

    assert answered == [[1, 11], [2, 7, 10], [3], [4, 12], [5], [6, 8, 9]]
    assert sorted(number for group in answered for number in group) == list(range(1, 13))
    assert responses[1].heading == "Increasing international collaboration"
    assert responses[0].text.startswith("The Office will document cases where integrated employment")
    assert set(seed_001_imported.recommendations.values_list("stance", flat=True)) == {"not_stated"}


def test_seed_001_skips_page_headers_footers_and_footnotes(seed_001_imported):
    visibility = OfficeResponse.objects.get(evaluation=seed_001_imported, position=4)

    assert "GB309-PFA" not in visibility.text
    assert "Draft version is available" not in visibility.text
    assert "The First World Social Security Report launched in 2010 reinforced" in visibility.text
    assert visibility.text.endswith("in collaboration with field offices and DCOMM.")


def test_seed_001_without_the_results_framework_imports_without_an_outcome(db, seed_001_text):
    result = evaluation_summary_import(text=seed_001_text, outcome_numbers=["4"])

    assert list(result.evaluation.outcomes.all()) == []
    assert result.notes == [
        "Outcome 4 of the framework in force in 2010 is not recorded yet; the evaluation was imported without it. "
        "Import it again once the outcome exists."
    ]


def test_seed_001_links_outcome_4_of_the_2010_15_framework_once_seed_000_is_imported(seed_000_imported, seed_001_text):
    outcome = Outcome.objects.get(framework__name="Strategic Policy Framework 2010-15", number="4")

    result = evaluation_summary_import(text=seed_001_text, outcome_numbers=["4"])

    assert result.notes == []
    assert list(result.evaluation.outcomes.all()) == [outcome]
    assert Recommendation.objects.filter(evaluation=result.evaluation, outcomes=outcome).count() == 12


def test_importing_seed_001_again_changes_nothing_not_even_history(seed_001_imported, seed_001_text):
    rows, history = Recommendation.objects.count(), history_rows()

    result = evaluation_summary_import(text=seed_001_text, outcome_numbers=["4"])

    assert result.evaluation == seed_001_imported
    assert result.changes.changed is False
    assert (Recommendation.objects.count(), history_rows()) == (rows, history)
    assert Evaluation.objects.count() == 1


def test_reimporting_seed_001_keeps_what_users_added(seed_001_imported, seed_001_text):
    recommendation = seed_001_imported.recommendations.get(number=3)
    recommendation.stance = Recommendation.Stance.ACCEPTED
    recommendation.save()
    FollowUpAction.objects.create(recommendation=recommendation, description="Sustain the dialogue", unit="SOCPRO")

    evaluation_summary_import(text=seed_001_text, outcome_numbers=["4"])

    recommendation.refresh_from_db()
    assert recommendation.stance == "accepted"
    assert recommendation.actions.count() == 1


def test_an_evaluation_summary_with_errors_commits_nothing_and_names_every_line(db, seed_001_text):
    broken = (
        seed_001_text.replace("Cyprus, Ghana,", "Cyprus, Atlantis, Ghana,")
        .replace("■ Recommendation 7:", "■ Recommendation 8:")
        .replace("(Recommendations 2, 7 and 10)", "(Recommendations 2, 3 and 14)")
    )

    with pytest.raises(ImportRejected) as rejected:
        evaluation_summary_import(text=broken)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 67: The text announces eleven case studies but names 12 places.",
        "line 75: “Atlantis” is not a known member State or territory.",
        "line 428: Recommendation 8 is out of sequence: recommendation 7 was expected.",
        "line 458: Recommendation 8 is out of sequence: recommendation 9 was expected.",
        "line 667: The response answers recommendation 14, which the document does not contain.",
        "line 697: Recommendation 3 is answered by two responses (lines 667 and 697).",
    ]
    assert rejected.value.message == "The document was not imported: 6 problem(s) found; nothing was saved."
    assert (Evaluation.objects.count(), Recommendation.objects.count(), history_rows()) == (0, 0, 0)


def test_a_document_without_a_symbol_or_recommendations_is_refused(db):
    with pytest.raises(ImportRejected) as rejected:
        evaluation_summary_import(text="Some notes\n\nNothing like an evaluation summary.\n")

    assert [str(problem) for problem in rejected.value.problems] == [
        "No document symbol (such as GB.309/PFA/5/4) was found.",
        "No title was found: the agenda item and the title are expected before “Overview”.",
        "No “Recommendation N:” paragraphs were found.",
    ]


# --- Seed 002: a synthesis review's annex ---------------------------------------------------------------


def test_seed_002_gives_the_synthesis_review(seed_002_imported):
    synthesis = seed_002_imported

    assert synthesis.title == (
        "Social protection (social security) interventions: What works and why? "
        "Lessons learned from a synthesis review, 2012–2018"
    )
    assert (synthesis.kind, synthesis.year, synthesis.period_label) == ("synthesis", 2020, "2012-18")
    assert synthesis.summary.startswith("This report presents the findings of a review of evaluation reports")


def test_seed_002_annex_gives_24_reports_by_type_and_timing(seed_002_imported):
    covered = Evaluation.objects.filter(coverage_in__synthesis=seed_002_imported)
    final_independent = covered.filter(timing="final", independence="independent")

    assert covered.count() == 24
    assert final_independent.count() == 18
    assert covered.filter(timing="interim", independence="independent").count() == 1
    assert covered.filter(kind="high_level").count() == 1
    assert covered.filter(timing="final", independence="internal").count() == 4
    assert Counter(final_independent.values_list("kind", flat=True)) == {"project": 16, "thematic": 2}


def test_seed_002_annex_keeps_each_report_number_and_project_symbol(seed_002_imported):
    links = list(SynthesisCoverage.objects.filter(synthesis=seed_002_imported).select_related("evaluation"))
    rows = [(link.position, link.report_number, link.evaluation.project_symbol) for link in links]

    assert [number for _, number, _ in rows] == [
        "E2", "E3", "E9", "E10", "E12", "E13", "E14", "E19", "E20", "E21", "E23", "E24",
        "E25", "E26", "E27", "E28", "E29", "E32", "E33", "E34", "I2", "I-1", "I-3", "I-4",
    ]  # fmt: skip
    assert [position for position, _, _ in rows] == list(range(1, 25))
    assert {number: symbol for _, number, symbol in rows} == {
        "E2": "INT/00/000/AAA", "E3": "CMB/09/04/SPA", "E9": "GLO/08/60/POR", "E10": "RAF/08/02/RBS",
        "E12": "INT/09/06/EEC", "E13": "GLO/11/54/SID", "E14": "GLO/12/63/NOR", "E19": "RAS/13/53/JPN",
        "E20": "RLA/14/03/SPA", "E21": "INT/00/000/AAA", "E23": "LAO/11/01/LUX", "E24": "RAF/13/04/IRL",
        "E25": "RER/13/01/FIN", "E26": "RAS/13/08/JPN", "E27": "", "E28": "", "E29": "", "E32": "RAF/15/15/DZA",
        "E33": "GLO/15/50/ROK", "E34": "GLO/15/12/PRT", "I2": "RLA/08/02/SPA", "I-1": "MOZ/12/50/OUF",
        "I-3": "", "I-4": "",
    }  # fmt: skip
    by_number = {link.report_number: link.evaluation for link in links}
    assert by_number["E10"].title == (
        "Evaluation of MIGSEC: Extending social security to African migrant workers and their families (RBSA)"
    )
    assert by_number["I-3"].title == "Asia Region Thematic Evaluation on Social Protection 2012-2017 (Phase II)"
    assert by_number["E27"].document_url == (
        "https://www.ilo.org/eval/Evaluationreports/Strategyandpolicyevaluations/WCMS_584279/lang--en/index.htm"
    )
    assert (by_number["I-4"].document_url, by_number["E28"].kind) == ("", "thematic")


def test_seed_002_findings_cite_the_reports_of_the_annex(seed_002_imported):
    findings = list(seed_002_imported.synthesis_findings.order_by("position"))
    coverage = dict(
        SynthesisCoverage.objects.filter(synthesis=seed_002_imported).values_list("evaluation_id", "report_number")
    )
    tripartite = next(finding for finding in findings if finding.heading == "Using a tripartite approach")

    assert Counter(finding.kind for finding in findings) == {
        "what_works": 8, "for_whom": 1, "success_factor": 9, "obstacle": 6,
    }  # fmt: skip
    assert sorted(coverage[cited.pk] for cited in tripartite.cited.all()) == ["E12", "E19", "E24"]
    assert findings[0].heading == "Projects that are strategically relevant and respond to national/regional needs"


def test_importing_seed_002_again_changes_nothing_not_even_history(seed_002_imported, seed_002_text):
    rows, history = Evaluation.objects.count(), history_rows()

    result = synthesis_import(text=seed_002_text)

    assert result.changes.changed is False
    assert (Evaluation.objects.count(), history_rows()) == (rows, history)


def test_a_synthesis_annex_with_errors_commits_nothing(db, seed_002_text):
    broken = (
        seed_002_text.replace("13.\tE25\t", "14.\tE25\t")
        .replace("(E19). The project contributed", "(E99). The project contributed")
        .replace(
            "\tN/A\tFinal internal\n",
            "\tN/A\tFinal internal\n25.\tE2\tA report listed again (N/A)\tN/A\tFinal internal\n",
        )
    )

    with pytest.raises(ImportRejected) as rejected:
        synthesis_import(text=broken)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 456: The finding “Projects that are strategically relevant and respond to national/regional needs” "
        "cites report E99, which the annex does not list.",
        "line 931: Row 14 is out of sequence: row 13 was expected.",
        "line 945: Report E2 is listed twice (rows 1 and 25).",
    ]
    assert (Evaluation.objects.count(), history_rows()) == (0, 0)


def test_an_import_logs_who_imported_what_and_how_many_records_it_wrote(db, seed_002_text, caplog):
    caplog.set_level("INFO", logger="evaluations.services.imports")

    result = synthesis_import(text=seed_002_text, source="002.txt")

    assert [record.getMessage() for record in caplog.records] == [
        f"Synthesis review 002.txt imported by an import command as evaluation {result.evaluation.pk}: "
        "citations 22 updated; evaluations 25 created; reports covered 24 created; synthesis findings 24 created."
    ]


def test_a_rejected_import_logs_how_many_problems_it_found(db, caplog):
    caplog.set_level("INFO", logger="evaluations.services.imports")

    with pytest.raises(ImportRejected):
        evaluation_summary_import(text="Some notes\n\nNothing like an evaluation summary.\n", source="notes.txt")

    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("WARNING", "Evaluation summary notes.txt rejected for an import command: 3 problem(s).")
    ]
