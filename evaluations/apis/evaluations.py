"""The evaluation register over REST: list with search and filters, detail, entry and edit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.apis.common import object_or_not_found
from evaluations.apis.outputs import (
    EvaluationDetailSerializer,
    EvaluationPageSerializer,
    EvaluationSummarySerializer,
)
from evaluations.models import Criterion, Evaluation, FollowUpState
from evaluations.selectors import evaluation_detail_queryset, evaluation_filterset, evaluation_tags_prefetch
from evaluations.services import (
    EvaluationInput,
    FindingInput,
    PlaceCovered,
    evaluation_create,
    evaluation_input_from,
    evaluation_update,
)
from indicators.models import Indicator
from outcomes.models import Outcome
from places.apis import PlaceField, RegionField
from rbm import limits
from rbm.api.conditional import conditional_response
from rbm.api.pagination import MAX_PAGE_SIZE, CursorPagination
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.schema import JSON, VALIDATORS, WRITE_ERRORS, error_responses, read_responses

EVALUATION_NOT_FOUND = _("There is no evaluation %(id)s, or it is not visible to you.")
TAGS = ["Evaluations"]
EVALUATION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The evaluation's id.")


def evaluation_visible(*, user, pk: int) -> Evaluation:
    """The evaluation with all it holds if the user may read it; 404 otherwise, so hidden drafts stay unseen."""
    return object_or_not_found(evaluation_detail_queryset(user=user), pk=pk, message=EVALUATION_NOT_FOUND)


def detail_data(*, user, pk: int) -> dict:
    return EvaluationDetailSerializer(evaluation_visible(user=user, pk=pk)).data


class EvaluationListApi(APIView):
    """The register: published evaluations for everyone, and the drafts within the client's scope.

    Cursor pages in id order (newest first), with each evaluation's follow-up counts.
    """

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            max_length=200,
            help_text="Words to find in the title, symbols, summary or recommendations (full-text on PostgreSQL).",
        )
        kind = serializers.ChoiceField(choices=Evaluation.Kind.choices, required=False)
        timing = serializers.ChoiceField(choices=Evaluation.Timing.choices, required=False)
        independence = serializers.ChoiceField(choices=Evaluation.Independence.choices, required=False)
        year = serializers.IntegerField(required=False, min_value=1919, max_value=2100)
        region = RegionField(
            required=False, help_text="A region code, e.g. africa: tagged with it or covering a place in it."
        )
        place = PlaceField(required=False, help_text="An ISO code or name: covering it, or recommending about it.")
        outcome = serializers.PrimaryKeyRelatedField(
            queryset=Outcome.objects.all(),
            required=False,
            help_text="An outcome id: concerned directly, through an indicator, or by a recommendation.",
        )
        follow_up = serializers.ChoiceField(
            choices=FollowUpState.choices, required=False, help_text="With at least one recommendation in this state."
        )
        status = serializers.ChoiceField(choices=Evaluation.Status.choices, required=False)
        cursor = serializers.CharField(required=False, help_text="From the next or previous link of a page.")
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

        class Meta:
            ref_name = "EvaluationFilter"

    @extend_schema(
        tags=TAGS,
        operation_id="evaluations_list",
        parameters=[FilterSerializer],
        responses={(200, JSON): EvaluationPageSerializer, **error_responses(400, 401, 404, 429)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        values = {name: value for name, value in filters.validated_data.items() if name not in ("cursor", "page_size")}
        for name in ("region", "place", "outcome"):
            if name in values:
                values[name] = values[name].pk
        filterset = evaluation_filterset(user=request.user, data=values)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        paginator = CursorPagination(ordering=("-id",))
        page = paginator.paginate_queryset(evaluation_tags_prefetch(filterset.qs), request, view=self)
        return paginator.get_paginated_response(EvaluationSummarySerializer(page, many=True).data)


class EvaluationDetailApi(APIView):
    """One evaluation with its questions, findings, lessons, recommendations, responses and actions."""

    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="evaluations_retrieve",
        parameters=[EVALUATION_ID, *VALIDATORS],
        responses=read_responses(EvaluationDetailSerializer),
    )
    def get(self, request, pk: int):
        return conditional_response(request, detail_data(user=request.user, pk=pk))


class _EvaluationInputSerializer(serializers.Serializer):
    class PlaceInputSerializer(serializers.Serializer):
        place = PlaceField()
        reported_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
        case_study = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "EvaluationPlaceInput"

    class FindingInputSerializer(serializers.Serializer):
        criterion = serializers.ChoiceField(choices=Criterion.choices)
        text = serializers.CharField(allow_blank=True, max_length=limits.FINDING_MAX)
        heading = serializers.CharField(required=False, allow_blank=True, max_length=200)

        class Meta:
            ref_name = "EvaluationFindingInput"

    title = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=Evaluation.Kind.choices)
    symbol = serializers.CharField(required=False, allow_blank=True, max_length=60)
    session = serializers.CharField(required=False, allow_blank=True, max_length=200)
    date = serializers.DateField(required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1919, max_value=2100)
    timing = serializers.ChoiceField(choices=Evaluation.Timing.choices, required=False, allow_blank=True)
    independence = serializers.ChoiceField(choices=Evaluation.Independence.choices, required=False, allow_blank=True)
    project_symbol = serializers.CharField(required=False, allow_blank=True, max_length=60)
    period_start = serializers.IntegerField(required=False, allow_null=True, min_value=1919, max_value=2100)
    period_end = serializers.IntegerField(required=False, allow_null=True, min_value=1919, max_value=2100)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=limits.EVALUATION_SUMMARY_MAX)
    office_comments = serializers.CharField(required=False, allow_blank=True, max_length=limits.EVALUATION_COMMENTS_MAX)
    document_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    status = serializers.ChoiceField(choices=Evaluation.Status.choices, required=False)
    regions = serializers.ListField(child=RegionField(), required=False, max_length=10, help_text="Region codes.")
    places = PlaceInputSerializer(many=True, required=False)
    outcomes = serializers.PrimaryKeyRelatedField(queryset=Outcome.objects.all(), many=True, required=False)
    indicators = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), many=True, required=False)
    questions = serializers.ListField(
        child=serializers.CharField(max_length=limits.QUESTION_MAX), required=False, max_length=100
    )
    findings = FindingInputSerializer(many=True, required=False)
    lessons = serializers.ListField(
        child=serializers.CharField(max_length=limits.LESSON_MAX), required=False, max_length=100
    )
    good_practices = serializers.ListField(
        child=serializers.CharField(max_length=limits.LESSON_MAX), required=False, max_length=100
    )


NULLABLE = ("date", "year", "period_start", "period_end")


def _overlay(data: EvaluationInput, values: dict) -> EvaluationInput:
    """Apply the fields a client sent to an evaluation's input, leaving the others as they are."""
    for name, value in values.items():
        if name == "places":
            value = [
                PlaceCovered(
                    place=item["place"],
                    reported_name=item.get("reported_name", ""),
                    is_case_study=item.get("case_study", False),
                )
                for item in value
            ]
        elif name == "findings":
            value = [
                FindingInput(criterion=item["criterion"], text=item["text"], heading=item.get("heading"))
                for item in value
            ]
        elif value is None and name not in NULLABLE:
            value = ""
        setattr(data, name, value)
    return data


class EvaluationCreateApi(APIView):
    """Enter an evaluation (officers, managers and administrators whose scope covers its regions and outcomes).

    It starts as a draft; only managers and administrators may enter it published.
    """

    permission_classes = SIGNED_IN

    class InputSerializer(_EvaluationInputSerializer):
        class Meta:
            ref_name = "EvaluationCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="evaluations_create",
        request=InputSerializer,
        responses={(201, JSON): EvaluationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        data = _overlay(EvaluationInput(title=values.pop("title"), kind=values.pop("kind")), values)
        evaluation = evaluation_create(user=request.user, data=data)
        return Response(detail_data(user=request.user, pk=evaluation.pk), status=status.HTTP_201_CREATED)


class EvaluationUpdateApi(APIView):
    """Change an evaluation: only the fields sent change; a list sent replaces the list held."""

    permission_classes = SIGNED_IN

    class InputSerializer(_EvaluationInputSerializer):
        class Meta:
            ref_name = "EvaluationUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="evaluations_update",
        parameters=[EVALUATION_ID],
        request=InputSerializer,
        responses={(200, JSON): EvaluationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        evaluation = evaluation_visible(user=request.user, pk=pk)
        data = _overlay(evaluation_input_from(evaluation=evaluation), dict(serializer.validated_data))
        evaluation_update(user=request.user, evaluation=evaluation, data=data)
        return Response(detail_data(user=request.user, pk=pk))
