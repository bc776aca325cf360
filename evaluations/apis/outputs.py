"""How evaluations, recommendations and follow-up read over REST, shared by the list and detail endpoints."""

from rest_framework import serializers

from evaluations.models import (
    Criterion,
    Evaluation,
    FollowUpAction,
    FollowUpState,
    Lesson,
    Recommendation,
    SynthesisFinding,
)
from rbm.api.pagination import paginated


class OutcomeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.CharField(source="framework.name")
    number = serializers.CharField()

    class Meta:
        ref_name = "EvaluationOutcomeRef"


class IndicatorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    outcome = serializers.IntegerField(source="outcome_id")

    class Meta:
        ref_name = "EvaluationIndicatorRef"


class PlaceRefSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "EvaluationPlaceRef"


class PlaceCoveredSerializer(serializers.Serializer):
    iso3 = serializers.CharField(source="place.iso3")
    name = serializers.CharField(source="place.name")
    reported_name = serializers.CharField(allow_blank=True)
    case_study = serializers.BooleanField(source="is_case_study")

    class Meta:
        ref_name = "EvaluationPlaceCovered"


class ProgressUpdateOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()
    evidence = serializers.CharField(allow_blank=True)
    evidence_url = serializers.CharField(allow_blank=True)
    status_after = serializers.ChoiceField(choices=FollowUpAction.Status.choices, allow_blank=True)
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)

    class Meta:
        ref_name = "ProgressUpdate"


class FollowUpActionOutputSerializer(serializers.Serializer):
    """A follow-up action; `overdue` is derived from its due date and status."""

    id = serializers.IntegerField()
    recommendation = serializers.IntegerField(source="recommendation_id")
    description = serializers.CharField()
    unit = serializers.CharField()
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=FollowUpAction.Status.choices)
    overdue = serializers.BooleanField(source="is_overdue")
    completed_on = serializers.DateField(allow_null=True)
    cancellation_reason = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "FollowUpAction"


class FollowUpActionWithUpdatesSerializer(FollowUpActionOutputSerializer):
    evaluation = serializers.IntegerField(source="recommendation.evaluation_id")
    updates = ProgressUpdateOutputSerializer(many=True)

    class Meta:
        ref_name = "FollowUpActionDetail"


class RecommendationOutputSerializer(serializers.Serializer):
    """A recommendation with its next steps, the Office's stance, its actions and where its follow-up stands."""

    id = serializers.IntegerField()
    evaluation = serializers.IntegerField(source="evaluation_id")
    number = serializers.IntegerField()
    text = serializers.CharField()
    next_steps = serializers.SerializerMethodField()
    addressee = serializers.CharField(allow_blank=True)
    priority = serializers.ChoiceField(choices=Recommendation.Priority.choices, allow_blank=True)
    time_frame = serializers.CharField(allow_blank=True)
    outcomes = OutcomeRefSerializer(many=True)
    indicators = IndicatorRefSerializer(many=True)
    places = PlaceRefSerializer(many=True)
    response = serializers.IntegerField(source="response_id", allow_null=True)
    stance = serializers.ChoiceField(choices=Recommendation.Stance.choices, allow_blank=True)
    follow_up = serializers.ChoiceField(choices=FollowUpState.choices)
    actions_total = serializers.IntegerField()
    actions_completed = serializers.IntegerField()
    actions = FollowUpActionOutputSerializer(many=True)

    class Meta:
        ref_name = "Recommendation"

    def get_next_steps(self, recommendation) -> list[str]:
        return [step.text for step in recommendation.next_steps.all()]


class EvaluationSummarySerializer(serializers.Serializer):
    """An evaluation as the register lists it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    symbol = serializers.CharField(allow_blank=True)
    session = serializers.CharField(allow_blank=True)
    date = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=Evaluation.Kind.choices)
    timing = serializers.ChoiceField(choices=Evaluation.Timing.choices, allow_blank=True)
    independence = serializers.ChoiceField(choices=Evaluation.Independence.choices, allow_blank=True)
    project_symbol = serializers.CharField(allow_blank=True)
    period = serializers.CharField(source="period_label", allow_blank=True, help_text='As published: "2005-09".')
    period_start = serializers.IntegerField(allow_null=True)
    period_end = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=Evaluation.Status.choices)
    document_url = serializers.CharField(allow_blank=True)
    regions = serializers.SerializerMethodField(help_text="Region codes.")
    places = PlaceCoveredSerializer(source="place_links", many=True)
    outcomes = OutcomeRefSerializer(many=True)
    indicators = IndicatorRefSerializer(many=True)
    recommendation_count = serializers.IntegerField()
    overdue_count = serializers.IntegerField(help_text="Recommendations with an overdue action.")
    open_action_count = serializers.IntegerField()
    done_action_count = serializers.IntegerField(help_text="Actions completed or cancelled.")

    class Meta:
        ref_name = "EvaluationSummary"

    def get_regions(self, evaluation) -> list[str]:
        return [region.code for region in evaluation.regions.all()]


EvaluationPageSerializer = paginated(EvaluationSummarySerializer, name="EvaluationPageSerializer")


class EvaluationDetailSerializer(EvaluationSummarySerializer):
    """An evaluation with everything the register holds about it."""

    class QuestionSerializer(serializers.Serializer):
        number = serializers.IntegerField()
        text = serializers.CharField()

        class Meta:
            ref_name = "EvaluationQuestion"

    class FindingSerializer(serializers.Serializer):
        criterion = serializers.ChoiceField(choices=Criterion.choices)
        heading = serializers.CharField(allow_blank=True)
        text = serializers.CharField()

        class Meta:
            ref_name = "EvaluationFinding"

    class ResponseSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        heading = serializers.CharField(allow_blank=True)
        text = serializers.CharField()
        recommendations = serializers.SerializerMethodField(help_text="Numbers of the recommendations answered.")

        class Meta:
            ref_name = "OfficeResponse"

        def get_recommendations(self, response) -> list[int]:
            return [recommendation.number for recommendation in response.recommendations.all()]

    class CoveredSerializer(serializers.Serializer):
        report_number = serializers.CharField()
        id = serializers.IntegerField(source="evaluation.id")
        title = serializers.CharField(source="evaluation.title")
        project_symbol = serializers.CharField(source="evaluation.project_symbol", allow_blank=True)
        kind = serializers.ChoiceField(source="evaluation.kind", choices=Evaluation.Kind.choices)
        timing = serializers.ChoiceField(source="evaluation.timing", choices=Evaluation.Timing.choices)
        independence = serializers.ChoiceField(
            source="evaluation.independence", choices=Evaluation.Independence.choices
        )

        class Meta:
            ref_name = "SynthesisCoverage"

    class SynthesisFindingSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=SynthesisFinding.Kind.choices)
        heading = serializers.CharField()
        text = serializers.CharField(allow_blank=True)
        cited = serializers.SerializerMethodField(help_text="Report numbers of the evaluations the finding cites.")

        class Meta:
            ref_name = "SynthesisFinding"

        def get_cited(self, finding) -> list[str]:
            return [number for number, _evaluation in finding.citations]

    summary = serializers.CharField(allow_blank=True)
    office_comments = serializers.CharField(allow_blank=True)
    questions = QuestionSerializer(many=True)
    findings = FindingSerializer(source="finding_rows", many=True)
    lessons = serializers.SerializerMethodField()
    good_practices = serializers.SerializerMethodField()
    recommendations = RecommendationOutputSerializer(source="recommendation_rows", many=True)
    responses = ResponseSerializer(many=True)
    covered = CoveredSerializer(
        source="coverage", many=True, help_text="For a synthesis review: the reports it covers."
    )
    synthesis_findings = SynthesisFindingSerializer(many=True)

    class Meta:
        ref_name = "EvaluationDetail"

    def get_lessons(self, evaluation) -> list[str]:
        return [lesson.text for lesson in evaluation.lessons.all() if lesson.kind == Lesson.Kind.LESSON]

    def get_good_practices(self, evaluation) -> list[str]:
        return [lesson.text for lesson in evaluation.lessons.all() if lesson.kind == Lesson.Kind.GOOD_PRACTICE]
