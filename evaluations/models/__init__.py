from evaluations.models.evaluation import (
    Criterion,
    Evaluation,
    EvaluationPlace,
    EvaluationQuestion,
    Finding,
    Lesson,
)
from evaluations.models.follow_up import FollowUpAction, FollowUpState, ProgressUpdate
from evaluations.models.recommendation import NextStep, OfficeResponse, Recommendation
from evaluations.models.synthesis import SynthesisCoverage, SynthesisFinding

__all__ = [
    "Criterion",
    "Evaluation",
    "EvaluationPlace",
    "EvaluationQuestion",
    "Finding",
    "FollowUpAction",
    "FollowUpState",
    "Lesson",
    "NextStep",
    "OfficeResponse",
    "ProgressUpdate",
    "Recommendation",
    "SynthesisCoverage",
    "SynthesisFinding",
]
