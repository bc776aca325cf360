"""Evaluations over REST, one module per entity: evaluations, recommendations, responses, follow-up."""

from evaluations.apis.evaluations import (
    EvaluationCreateApi,
    EvaluationDetailApi,
    EvaluationListApi,
    EvaluationUpdateApi,
)
from evaluations.apis.follow_up import (
    FollowUpActionCreateApi,
    FollowUpActionDetailApi,
    FollowUpActionListApi,
    FollowUpActionUpdateApi,
    FollowUpSummaryApi,
    ProgressUpdateCreateApi,
)
from evaluations.apis.recommendations import (
    RecommendationAnnexApi,
    RecommendationCreateApi,
    RecommendationDetailApi,
    RecommendationListApi,
    RecommendationUpdateApi,
)
from evaluations.apis.responses import OfficeResponseCreateApi, OfficeResponseUpdateApi

__all__ = [
    "EvaluationCreateApi",
    "EvaluationDetailApi",
    "EvaluationListApi",
    "EvaluationUpdateApi",
    "FollowUpActionCreateApi",
    "FollowUpActionDetailApi",
    "FollowUpActionListApi",
    "FollowUpActionUpdateApi",
    "FollowUpSummaryApi",
    "OfficeResponseCreateApi",
    "OfficeResponseUpdateApi",
    "ProgressUpdateCreateApi",
    "RecommendationAnnexApi",
    "RecommendationCreateApi",
    "RecommendationDetailApi",
    "RecommendationListApi",
    "RecommendationUpdateApi",
]
