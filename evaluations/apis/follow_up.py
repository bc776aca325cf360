"""Follow-up over REST: actions, progress updates and the tracker's counts."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.apis.common import object_or_not_found
from evaluations.apis.outputs import FollowUpActionWithUpdatesSerializer
from evaluations.apis.recommendations import RECOMMENDATION_ID, recommendation_visible
from evaluations.filters import ACTION_STATUS_CHOICES
from evaluations.models import FollowUpAction, FollowUpState
from evaluations.rules import OWNER_UNKNOWN, evaluation_edit_check
from evaluations.selectors import follow_up_action_detail_queryset, follow_up_action_list, follow_up_summary
from evaluations.services import follow_up_action_create, follow_up_action_update, progress_update_record
from outcomes.models import Outcome
from rbm import limits
from rbm.api.conditional import conditional_response
from rbm.api.pagination import MAX_PAGE_SIZE, CursorPagination, paginated
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.schema import JSON, VALIDATORS, WRITE_ERRORS, error_responses, read_responses
from rbm.limits import ID_MAX

ACTION_NOT_FOUND = _("There is no follow-up action %(id)s, or it is not visible to you.")
TAGS = ["Follow-up"]
ACTION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The action's id.")

FollowUpActionPageSerializer = paginated(FollowUpActionWithUpdatesSerializer, name="FollowUpActionPageSerializer")


def action_visible(*, user, pk: int) -> FollowUpAction:
    return object_or_not_found(follow_up_action_detail_queryset(user=user), pk=pk, message=ACTION_NOT_FOUND)


def _action_data(*, user, pk: int) -> dict:
    return FollowUpActionWithUpdatesSerializer(action_visible(user=user, pk=pk)).data


class _ActionFilterSerializer(serializers.Serializer):
    unit = serializers.CharField(required=False, max_length=100, help_text="A unit, e.g. SOCPRO (any case).")
    outcome = serializers.PrimaryKeyRelatedField(
        queryset=Outcome.objects.all(), required=False, help_text="An outcome id its recommendation is linked to."
    )
    status = serializers.ChoiceField(choices=ACTION_STATUS_CHOICES, required=False)
    evaluation = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX, help_text="An evaluation id.")

    def filters(self) -> dict:
        values = dict(self.validated_data)
        values.pop("cursor", None)
        values.pop("page_size", None)
        if "outcome" in values:
            values["outcome"] = values["outcome"].pk
        return values


class FollowUpActionListApi(APIView):
    """Actions on the recommendations of the evaluations the client may read; cursor pages by id."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(_ActionFilterSerializer):
        cursor = serializers.CharField(required=False, help_text="From the next or previous link of a page.")
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

        class Meta:
            ref_name = "FollowUpActionFilter"

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_actions_list",
        parameters=[FilterSerializer],
        responses={(200, JSON): FollowUpActionPageSerializer, **error_responses(400, 401, 404, 429)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        actions = follow_up_action_list(user=request.user, filters=filters.filters()).prefetch_related(
            "updates__recorded_by"
        )
        paginator = CursorPagination(ordering=("id",))
        page = paginator.paginate_queryset(actions, request, view=self)
        return paginator.get_paginated_response(FollowUpActionWithUpdatesSerializer(page, many=True).data)


class FollowUpActionDetailApi(APIView):
    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_actions_retrieve",
        parameters=[ACTION_ID, *VALIDATORS],
        responses=read_responses(FollowUpActionWithUpdatesSerializer),
    )
    def get(self, request, pk: int):
        return conditional_response(request, _action_data(user=request.user, pk=pk))


class _OwnerField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(
            slug_field="username",
            queryset=get_user_model().objects.filter(is_active=True),
            required=False,
            allow_null=True,
            help_text="The username of who is told when the action is overdue; null for the unit's members.",
            error_messages={"does_not_exist": OWNER_UNKNOWN, "invalid": OWNER_UNKNOWN},
            **kwargs,
        )


class FollowUpActionCreateApi(APIView):
    """Plan an action on a recommendation: what, which unit (and optionally who), by when."""

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        description = serializers.CharField(max_length=limits.ACTION_DESCRIPTION_MAX)
        unit = serializers.CharField(max_length=100)
        owner = _OwnerField()
        due_date = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "FollowUpActionCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_actions_create",
        parameters=[RECOMMENDATION_ID],
        request=InputSerializer,
        responses={(201, JSON): FollowUpActionWithUpdatesSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        # Who may not plan here is refused before the owner is looked up: the answer tells nothing of users.
        recommendation = recommendation_visible(user=request.user, pk=pk)
        evaluation_edit_check(user=request.user, evaluation=recommendation.evaluation)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = follow_up_action_create(user=request.user, recommendation=recommendation, **serializer.validated_data)
        return Response(_action_data(user=request.user, pk=action.pk), status=status.HTTP_201_CREATED)


class FollowUpActionUpdateApi(APIView):
    """Change an action: only the fields sent change. A new due date re-arms its overdue notice."""

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        description = serializers.CharField(required=False, max_length=limits.ACTION_DESCRIPTION_MAX)
        unit = serializers.CharField(required=False, max_length=100)
        owner = _OwnerField()
        due_date = serializers.DateField(required=False, allow_null=True)
        status = serializers.ChoiceField(choices=FollowUpAction.Status.choices, required=False)
        completed_on = serializers.DateField(required=False, allow_null=True)
        cancellation_reason = serializers.CharField(
            required=False, allow_blank=True, max_length=limits.CANCELLATION_REASON_MAX
        )

        class Meta:
            ref_name = "FollowUpActionUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_actions_update",
        parameters=[ACTION_ID],
        request=InputSerializer,
        responses={(200, JSON): FollowUpActionWithUpdatesSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, pk: int):
        # Who may not edit the action is refused before the owner is looked up: the answer tells nothing of users.
        action = action_visible(user=request.user, pk=pk)
        evaluation_edit_check(user=request.user, evaluation=action.recommendation.evaluation)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {
            name: getattr(action, name)
            for name in ("description", "unit", "owner", "due_date", "status", "completed_on", "cancellation_reason")
        }
        values.update(serializer.validated_data)
        follow_up_action_update(user=request.user, action=action, **values)
        return Response(_action_data(user=request.user, pk=pk))


class ProgressUpdateCreateApi(APIView):
    """Record dated progress on an action with its evidence; `status` moves the action on (e.g. completed)."""

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        date = serializers.DateField()
        text = serializers.CharField(max_length=limits.PROGRESS_MAX)
        evidence = serializers.CharField(required=False, allow_blank=True, max_length=limits.PROGRESS_MAX)
        evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
        status = serializers.ChoiceField(choices=FollowUpAction.Status.choices, required=False, allow_blank=True)
        cancellation_reason = serializers.CharField(
            required=False, allow_blank=True, max_length=limits.CANCELLATION_REASON_MAX
        )

        class Meta:
            ref_name = "ProgressUpdateCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_progress_create",
        parameters=[ACTION_ID],
        request=InputSerializer,
        responses={(201, JSON): FollowUpActionWithUpdatesSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_visible(user=request.user, pk=pk)
        progress_update_record(user=request.user, action=action, **serializer.validated_data)
        return Response(_action_data(user=request.user, pk=pk), status=status.HTTP_201_CREATED)


class FollowUpSummaryApi(APIView):
    """The tracker's counts: actions per bucket in total, per unit and per outcome; recommendations per state."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(_ActionFilterSerializer):
        class Meta:
            ref_name = "FollowUpSummaryFilter"

    class OutputSerializer(serializers.Serializer):
        class RowSerializer(serializers.Serializer):
            key = serializers.CharField(help_text="The unit, or the outcome's id.")
            label = serializers.CharField(allow_blank=True)
            not_started = serializers.IntegerField(help_text="Not started and not overdue.")
            in_progress = serializers.IntegerField(help_text="In progress and not overdue.")
            overdue = serializers.IntegerField()
            completed = serializers.IntegerField()
            cancelled = serializers.IntegerField()
            open = serializers.IntegerField()
            done = serializers.IntegerField()
            total = serializers.IntegerField()

            class Meta:
                ref_name = "FollowUpCounts"

        totals = RowSerializer()
        by_unit = RowSerializer(many=True)
        by_outcome = RowSerializer(many=True)
        recommendations = serializers.DictField(
            child=serializers.IntegerField(),
            help_text="Recommendations per follow-up state: " + ", ".join(FollowUpState.values) + ".",
        )

        class Meta:
            ref_name = "FollowUpSummary"

    @extend_schema(
        tags=TAGS,
        operation_id="follow_up_summary",
        parameters=[FilterSerializer, *VALIDATORS],
        responses=read_responses(OutputSerializer),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        summary = follow_up_summary(user=request.user, filters=filters.filters())
        return conditional_response(request, self.OutputSerializer(summary).data)
