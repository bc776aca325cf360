"""The annex read through the evaluations app's own selector (no stand-in), into the documents."""

import datetime

from evaluations.models import FollowUpAction, Recommendation
from reports.builders import ReportDocument
from reports.builders.word import build as build_word
from reports.selectors import report_content
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    OfficeResponseFactory,
    RecommendationFactory,
)
from tests.reports.readers import word_tables


def test_recommendations_linked_to_an_outcome_appear_in_the_annex_with_stance_and_follow_up(seed_000_report):
    outcome = seed_000_report.framework.outcomes.get(number="4")
    evaluation = EvaluationFactory(
        title="Independent evaluation of the strategy to extend social security coverage",
        symbol="GB.309/PFA/5/4",
        date=datetime.date(2010, 11, 1),
        year=2010,
    )
    recommendation = RecommendationFactory(
        evaluation=evaluation,
        number=3,
        text="Strengthen the knowledge base on social security coverage.",
        stance=Recommendation.Stance.PARTIALLY_ACCEPTED,
        response=OfficeResponseFactory(evaluation=evaluation),
        outcomes=[outcome],
    )
    FollowUpActionFactory(
        recommendation=recommendation, status=FollowUpAction.Status.COMPLETED, completed_on=datetime.date(2012, 1, 9)
    )
    FollowUpActionFactory(recommendation=recommendation, due_date=datetime.date(2011, 6, 30))
    RecommendationFactory(evaluation=evaluation, number=4, text="Not linked to any outcome.")

    content = report_content(biennium=seed_000_report)
    document = ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)

    assert content.data["outcomes"][0]["recommendations"] == [
        {
            "evaluation_title": "Independent evaluation of the strategy to extend social security coverage",
            "evaluation_symbol": "GB.309/PFA/5/4",
            "evaluation_date": "2010-11-01",
            "number": "3",
            "text": "Strengthen the knowledge base on social security coverage.",
            "stance": "partially accepted",
            "follow_up": "overdue",
            "actions_total": 2,
            "actions_completed": 1,
        }
    ]
    recommendation_tables = [table for table in word_tables(build_word(document)) if table[0][0] == "Evaluation"]
    assert recommendation_tables[-1][1] == [
        "Independent evaluation of the strategy to extend social security coverage (GB.309/PFA/5/4, 2010-11-01)",
        "3",
        "Strengthen the knowledge base on social security coverage.",
        "partially accepted",
        "overdue; 1 of 2 actions completed",
    ]
