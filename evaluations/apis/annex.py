"""The annex of recommendations per outcome over REST, as the biennial report prints it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from evaluations.apis.recommendations import TAGS
from evaluations.models import FollowUpState
from evaluations.selectors import recommendation_annex
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.schema import read_responses


class RecommendationAnnexApi(APIView):
    """The annex of the biennial report: for each outcome asked for, the recommendations of published
    evaluations linked to it (directly or through its indicators), with the Office's stance and follow-up."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        outcome = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=100, help_text="Outcome ids."
        )

        class Meta:
            ref_name = "RecommendationAnnexFilter"

    class OutputSerializer(serializers.Serializer):
        class RowSerializer(serializers.Serializer):
            evaluation_title = serializers.CharField()
            evaluation_symbol = serializers.CharField(allow_blank=True)
            evaluation_date = serializers.DateField(allow_null=True)
            number = serializers.IntegerField()
            text = serializers.CharField()
            stance = serializers.CharField(allow_blank=True, help_text="The stance's label; empty without a response.")
            follow_up = serializers.ChoiceField(choices=FollowUpState.choices)
            actions_total = serializers.IntegerField()
            actions_completed = serializers.IntegerField()

            class Meta:
                ref_name = "AnnexRecommendation"

        outcome = serializers.IntegerField()
        recommendations = RowSerializer(many=True)

        class Meta:
            ref_name = "AnnexOutcome"

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_annex",
        parameters=[OpenApiParameter("outcome", int, many=True, required=True, description="Outcome ids; repeat.")],
        responses=read_responses(OutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data={"outcome": request.query_params.getlist("outcome")})
        filters.is_valid(raise_exception=True)
        annex = recommendation_annex(outcome_ids=filters.validated_data["outcome"])
        data = self.OutputSerializer(
            [{"outcome": outcome_id, "recommendations": rows} for outcome_id, rows in annex.items()], many=True
        ).data
        return conditional_response(request, data)
