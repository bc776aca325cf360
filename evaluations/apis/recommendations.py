"""Recommendations over REST: list, detail, entry and edit, and the annex per outcome of the biennial report."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.apis.common import object_or_not_found
from evaluations.apis.evaluations import EVALUATION_ID, evaluation_visible
from evaluations.apis.outputs import RecommendationOutputSerializer
from evaluations.models import FollowUpState, Recommendation
from evaluations.selectors import (
    recommendation_annex,
    recommendation_detail_queryset,
    recommendation_list,
)
from evaluations.services import (
    RecommendationInput,
    recommendation_create,
    recommendation_input_from,
    recommendation_update,
)
from indicators.models import Indicator
from outcomes.models import Outcome
from places.apis import PlaceField
from rbm import limits
from rbm.api.conditional import conditional_response
from rbm.api.pagination import MAX_PAGE_SIZE, CursorPagination, paginated
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.schema import JSON, VALIDATORS, WRITE_ERRORS, error_responses, read_responses
from rbm.limits import ID_MAX

RECOMMENDATION_NOT_FOUND = _("There is no recommendation %(id)s, or it is not visible to you.")
TAGS = ["Recommendations"]
RECOMMENDATION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The recommendation's id.")
RecommendationPageSerializer = paginated(RecommendationOutputSerializer, name="RecommendationPageSerializer")


def recommendation_visible(*, user, pk: int) -> Recommendation:
    return object_or_not_found(recommendation_detail_queryset(user=user), pk=pk, message=RECOMMENDATION_NOT_FOUND)


def _recommendation_data(*, user, pk: int) -> dict:
    return RecommendationOutputSerializer(recommendation_visible(user=user, pk=pk)).data


class RecommendationListApi(APIView):
    """Recommendations of the evaluations the client may read, with their follow-up; cursor pages in id order."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        evaluation = serializers.IntegerField(
            required=False, min_value=1, max_value=ID_MAX, help_text="An evaluation id."
        )
        outcome = serializers.PrimaryKeyRelatedField(
            queryset=Outcome.objects.all(), required=False, help_text="An outcome id: linked directly or by indicator."
        )
        place = PlaceField(required=False)
        stance = serializers.ChoiceField(choices=Recommendation.Stance.choices, required=False)
        follow_up = serializers.ChoiceField(choices=FollowUpState.choices, required=False)
        cursor = serializers.CharField(required=False, help_text="From the next or previous link of a page.")
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

        class Meta:
            ref_name = "RecommendationFilter"

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_list",
        parameters=[FilterSerializer],
        responses={(200, JSON): RecommendationPageSerializer, **error_responses(400, 401, 404, 429)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        values = {name: value for name, value in filters.validated_data.items() if name not in ("cursor", "page_size")}
        for name in ("outcome", "place"):
            if name in values:
                values[name] = values[name].pk
        recommendations = recommendation_list(user=request.user, filters=values)
        paginator = CursorPagination(ordering=("id",))
        page = paginator.paginate_queryset(recommendations, request, view=self)
        return paginator.get_paginated_response(RecommendationOutputSerializer(page, many=True).data)


class RecommendationDetailApi(APIView):
    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_retrieve",
        parameters=[RECOMMENDATION_ID, *VALIDATORS],
        responses=read_responses(RecommendationOutputSerializer),
    )
    def get(self, request, pk: int):
        return conditional_response(request, _recommendation_data(user=request.user, pk=pk))


class _RecommendationInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=999)
    text = serializers.CharField(max_length=limits.RECOMMENDATION_MAX)
    next_steps = serializers.ListField(
        child=serializers.CharField(max_length=limits.RECOMMENDATION_MAX), required=False, max_length=50
    )
    addressee = serializers.CharField(required=False, allow_blank=True, max_length=200)
    priority = serializers.ChoiceField(choices=Recommendation.Priority.choices, required=False, allow_blank=True)
    time_frame = serializers.CharField(required=False, allow_blank=True, max_length=100)
    outcomes = serializers.PrimaryKeyRelatedField(queryset=Outcome.objects.all(), many=True, required=False)
    indicators = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), many=True, required=False)
    places = serializers.ListField(child=PlaceField(), required=False, max_length=200)


class RecommendationCreateApi(APIView):
    """Add a recommendation to an evaluation within the client's scope."""

    permission_classes = SIGNED_IN

    class InputSerializer(_RecommendationInputSerializer):
        class Meta:
            ref_name = "RecommendationCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_create",
        parameters=[EVALUATION_ID],
        request=InputSerializer,
        responses={(201, JSON): RecommendationOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = evaluation_visible(user=request.user, pk=pk)
        recommendation = recommendation_create(
            user=request.user, evaluation=evaluation, data=RecommendationInput(**serializer.validated_data)
        )
        return Response(_recommendation_data(user=request.user, pk=recommendation.pk), status=status.HTTP_201_CREATED)


class RecommendationUpdateApi(APIView):
    """Change a recommendation: only the fields sent change; a list sent replaces the list held."""

    permission_classes = SIGNED_IN

    class InputSerializer(_RecommendationInputSerializer):
        class Meta:
            ref_name = "RecommendationUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_update",
        parameters=[RECOMMENDATION_ID],
        request=InputSerializer,
        responses={(200, JSON): RecommendationOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        recommendation = recommendation_visible(user=request.user, pk=pk)
        data = recommendation_input_from(recommendation=recommendation)
        for name, value in serializer.validated_data.items():
            setattr(data, name, value)
        recommendation_update(user=request.user, recommendation=recommendation, data=data)
        return Response(_recommendation_data(user=request.user, pk=pk))


class RecommendationAnnexApi(APIView):
    """The annex of the biennial report: for each outcome asked for, the recommendations of published
    evaluations linked to it (directly or through its indicators), with the Office's stance and follow-up."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        outcome = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
            min_length=1,
            max_length=100,
            help_text="Outcome ids.",
        )

        class Meta:
            ref_name = "RecommendationAnnexFilter"

    class OutputSerializer(serializers.Serializer):
        class RowSerializer(serializers.Serializer):
            evaluation_title = serializers.CharField()
            evaluation_symbol = serializers.CharField(allow_blank=True)
            evaluation_date = serializers.DateField(allow_null=True)
            number = serializers.IntegerField()
            text = serializers.CharField(max_length=limits.RECOMMENDATION_MAX)
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
