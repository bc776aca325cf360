"""Recommendations and the Office's response over REST."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.apis.evaluations import EVALUATION_ID, evaluation_visible
from evaluations.apis.outputs import RecommendationOutputSerializer
from evaluations.models import FollowUpState, OfficeResponse, Recommendation
from evaluations.selectors import (
    office_response_get,
    recommendation_get,
    recommendation_list,
)
from evaluations.selectors.register import set_follow_up
from evaluations.services import (
    RecommendationInput,
    office_response_create,
    office_response_update,
    recommendation_create,
    recommendation_input_from,
    recommendation_update,
)
from indicators.models import Indicator
from outcomes.models import Outcome
from places.apis import PlaceField
from rbm.api.conditional import conditional_response
from rbm.api.pagination import MAX_PAGE_SIZE, CursorPagination, paginated
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.schema import JSON, VALIDATORS, WRITE_ERRORS, error_responses, read_responses

RECOMMENDATION_NOT_FOUND = _("There is no recommendation %(id)s, or it is not visible to you.")
RESPONSE_NOT_FOUND = _("There is no response %(id)s, or it is not visible to you.")
NOT_IN_EVALUATION = _("The evaluation has no recommendation %(number)d.")

TAGS = ["Recommendations"]
RECOMMENDATION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The recommendation's id.")
RESPONSE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The response's id.")

RecommendationPageSerializer = paginated(RecommendationOutputSerializer, name="RecommendationPageSerializer")


def recommendation_visible(*, user, pk: int) -> Recommendation:
    try:
        return recommendation_get(user=user, pk=pk)
    except Recommendation.DoesNotExist:
        raise NotFound(RECOMMENDATION_NOT_FOUND % {"id": pk}) from None


def _recommendation_data(*, user, pk: int) -> dict:
    return RecommendationOutputSerializer(recommendation_visible(user=user, pk=pk)).data


class RecommendationListApi(APIView):
    """Recommendations of the evaluations the client may read, with their follow-up; cursor pages in id order."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        evaluation = serializers.IntegerField(required=False, min_value=1, help_text="An evaluation id.")
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
        page = set_follow_up(paginator.paginate_queryset(recommendations, request, view=self))
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
    text = serializers.CharField()
    next_steps = serializers.ListField(child=serializers.CharField(), required=False, max_length=50)
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

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.required = False

    @extend_schema(
        tags=TAGS,
        operation_id="recommendations_update",
        parameters=[RECOMMENDATION_ID],
        request=InputSerializer,
        responses={(200, JSON): RecommendationOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recommendation = recommendation_visible(user=request.user, pk=pk)
        data = recommendation_input_from(recommendation=recommendation)
        for name, value in serializer.validated_data.items():
            setattr(data, name, value)
        recommendation_update(user=request.user, recommendation=recommendation, data=data)
        return Response(_recommendation_data(user=request.user, pk=pk))


class _ResponseInputSerializer(serializers.Serializer):
    class AnswerSerializer(serializers.Serializer):
        recommendation = serializers.IntegerField(min_value=1, help_text="The recommendation's number.")
        stance = serializers.ChoiceField(choices=Recommendation.Stance.choices)

        class Meta:
            ref_name = "OfficeResponseAnswer"

    heading = serializers.CharField(required=False, allow_blank=True, max_length=300)
    text = serializers.CharField(allow_blank=True)
    answers = AnswerSerializer(many=True, help_text="The recommendations answered, with the Office's stance on each.")


class OfficeResponseOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluation = serializers.IntegerField(source="evaluation_id")
    heading = serializers.CharField(allow_blank=True)
    text = serializers.CharField()
    answers = serializers.SerializerMethodField()

    class Meta:
        ref_name = "OfficeResponseDetail"

    def get_answers(self, response) -> list[dict]:
        return [
            {"recommendation": recommendation.number, "stance": recommendation.stance}
            for recommendation in response.recommendations.all()
        ]


def _answers(*, evaluation, answers: list[dict]) -> list[tuple[Recommendation, str]]:
    by_number = {recommendation.number: recommendation for recommendation in evaluation.recommendations.all()}
    missing = [answer["recommendation"] for answer in answers if answer["recommendation"] not in by_number]
    if missing:
        raise ValidationError({"answers": [NOT_IN_EVALUATION % {"number": number} for number in missing]})
    return [(by_number[answer["recommendation"]], answer["stance"]) for answer in answers]


def _response_data(*, user, pk: int) -> dict:
    return OfficeResponseOutputSerializer(office_response_get(user=user, pk=pk)).data


class OfficeResponseCreateApi(APIView):
    """Record the Office's response to one or more recommendations of an evaluation, with a stance on each."""

    permission_classes = SIGNED_IN

    class InputSerializer(_ResponseInputSerializer):
        class Meta:
            ref_name = "OfficeResponseCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="responses_create",
        parameters=[EVALUATION_ID],
        request=InputSerializer,
        responses={(201, JSON): OfficeResponseOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        evaluation = evaluation_visible(user=request.user, pk=pk)
        response = office_response_create(
            user=request.user,
            evaluation=evaluation,
            heading=values.get("heading", ""),
            text=values["text"],
            answers=_answers(evaluation=evaluation, answers=values["answers"]),
        )
        return Response(_response_data(user=request.user, pk=response.pk), status=status.HTTP_201_CREATED)


class OfficeResponseUpdateApi(APIView):
    """Change a response; the answers sent replace those it held (recommendations left out are released)."""

    permission_classes = SIGNED_IN

    class InputSerializer(_ResponseInputSerializer):
        class Meta:
            ref_name = "OfficeResponseUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="responses_update",
        parameters=[RESPONSE_ID],
        request=InputSerializer,
        responses={(200, JSON): OfficeResponseOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        try:
            response = office_response_get(user=request.user, pk=pk)
        except OfficeResponse.DoesNotExist:
            raise NotFound(RESPONSE_NOT_FOUND % {"id": pk}) from None
        office_response_update(
            user=request.user,
            response=response,
            heading=values.get("heading", response.heading),
            text=values["text"],
            answers=_answers(evaluation=response.evaluation, answers=values["answers"]),
        )
        return Response(_response_data(user=request.user, pk=pk))
