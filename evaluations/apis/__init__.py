"""Evaluations over REST, one module per part: the register, recommendations and responses, follow-up."""

from evaluations.apis.annex import RecommendationAnnexApi
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
    OfficeResponseCreateApi,
    OfficeResponseUpdateApi,
    RecommendationCreateApi,
    RecommendationDetailApi,
    RecommendationListApi,
    RecommendationUpdateApi,
)

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
