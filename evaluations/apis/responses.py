"""The Office's responses to recommendations over REST."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.apis.common import object_or_not_found
from evaluations.apis.evaluations import EVALUATION_ID, evaluation_visible
from evaluations.apis.recommendations import TAGS
from evaluations.models import OfficeResponse, Recommendation
from evaluations.selectors import (
    office_response_queryset,
)
from evaluations.services import (
    office_response_create,
    office_response_update,
)
from rbm import limits
from rbm.api.permissions import SIGNED_IN
from rbm.api.schema import JSON, WRITE_ERRORS, error_responses

RESPONSE_NOT_FOUND = _("There is no response %(id)s, or it is not visible to you.")
NOT_IN_EVALUATION = _("The evaluation has no recommendation %(number)d.")
RESPONSE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The response's id.")


class _ResponseInputSerializer(serializers.Serializer):
    class AnswerSerializer(serializers.Serializer):
        recommendation = serializers.IntegerField(min_value=1, help_text="The recommendation's number.")
        stance = serializers.ChoiceField(choices=Recommendation.Stance.choices)

        class Meta:
            ref_name = "OfficeResponseAnswer"

    heading = serializers.CharField(required=False, allow_blank=True, max_length=300)
    text = serializers.CharField(allow_blank=True, max_length=limits.RESPONSE_MAX)
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
    return OfficeResponseOutputSerializer(_response_visible(user=user, pk=pk)).data


def _response_visible(*, user, pk: int) -> OfficeResponse:
    return object_or_not_found(office_response_queryset(user=user), pk=pk, message=RESPONSE_NOT_FOUND)


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
        response = _response_visible(user=request.user, pk=pk)
        office_response_update(
            user=request.user,
            response=response,
            heading=values.get("heading", response.heading),
            text=values["text"],
            answers=_answers(evaluation=response.evaluation, answers=values["answers"]),
        )
        return Response(_response_data(user=request.user, pk=pk))
