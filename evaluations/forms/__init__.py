"""Entry and edit forms; they read and check what was typed, and the services decide the rest."""

from evaluations.forms.common import PlacesField, apply_errors, lines
from evaluations.forms.evaluations import EvaluationForm
from evaluations.forms.follow_up import FollowUpActionEditForm, FollowUpActionForm, ProgressUpdateForm
from evaluations.forms.recommendations import RecommendationForm
from evaluations.forms.responses import OfficeResponseForm

__all__ = [
    "EvaluationForm",
    "FollowUpActionEditForm",
    "FollowUpActionForm",
    "OfficeResponseForm",
    "PlacesField",
    "ProgressUpdateForm",
    "RecommendationForm",
    "apply_errors",
    "lines",
]
