"""Country results over REST, for writing: recorded and moved through validation by the same services,
with the same role and scope rules, as the pages."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.apis.results import (
    RESULT_ID,
    TAGS,
    VERSION_MAX,
    ResultOutputSerializer,
    indicator_resolve,
    result_visible,
)
from indicators.services import (
    result_delete,
    result_record,
    result_reopen,
    result_return,
    result_submit,
    result_update,
    result_validate,
)
from outcomes.apis import BienniumField
from places.apis import PlaceField
from rbm.api.permissions import SIGNED_IN
from rbm.api.schema import JSON, WRITE_ERRORS, error_responses

WRITE_RESPONSES = {(200, JSON): ResultOutputSerializer, **error_responses(*WRITE_ERRORS, 409)}


class ResultCreateApi(APIView):
    """Record a draft result (officers and managers, within their scope)."""

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        biennium = BienniumField()
        indicator = serializers.CharField(max_length=20, help_text="The indicator's code in that biennium, e.g. 4.2.")
        place = PlaceField()
        entity_name = serializers.CharField(
            required=False, allow_blank=True, max_length=255, help_text="Only for indicators counting entities."
        )
        description = serializers.CharField(allow_blank=True, help_text="What changed.")
        evidence = serializers.CharField(required=False, allow_blank=True)
        criteria_met = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=1000), required=False, max_length=100
        )
        links = serializers.ListField(child=serializers.URLField(max_length=500), required=False, max_length=20)

        class Meta:
            ref_name = "ResultCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_create",
        request=InputSerializer,
        responses={(201, JSON): ResultOutputSerializer, **error_responses(*WRITE_ERRORS)},
        examples=[
            OpenApiExample(
                "A result in Senegal",
                value={
                    "biennium": "2014-15",
                    "indicator": "4.1",
                    "place": "SEN",
                    "description": "A national social protection policy was adopted.",
                    "criteria_met": [1],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        biennium = values.pop("biennium")
        indicator = indicator_resolve(biennium=biennium, code=values.pop("indicator"))
        result = result_record(user=request.user, biennium=biennium, indicator=indicator, **values)
        return Response(ResultOutputSerializer(result).data, status=status.HTTP_201_CREATED)


class ResultUpdateApi(APIView):
    """Change a draft or returned result. Send the version you read: if someone changed the result since,
    nothing is saved and the answer (409) says what changed."""

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
        place = PlaceField(required=False)
        entity_name = serializers.CharField(required=False, allow_blank=True, max_length=255)
        description = serializers.CharField(required=False, allow_blank=True)
        evidence = serializers.CharField(required=False, allow_blank=True)
        criteria_met = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=1000), required=False, max_length=100
        )
        reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

        class Meta:
            ref_name = "ResultUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_update",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        result = result_visible(user=request.user, pk=pk)
        result = result_update(
            user=request.user,
            result=result,
            version=changes.pop("version"),
            reason=changes.pop("reason", ""),
            **changes,
        )
        return Response(ResultOutputSerializer(result).data)


class ResultDeleteApi(APIView):
    """Delete a draft or returned result."""

    permission_classes = SIGNED_IN

    @extend_schema(
        tags=TAGS,
        operation_id="results_destroy",
        parameters=[RESULT_ID],
        responses={204: OpenApiResponse(None, description="Deleted."), **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, pk: int):
        result_delete(user=request.user, result=result_visible(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _VersionedInput(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=VERSION_MAX, help_text="The version read; a 409 if it changed since."
    )


class ResultSubmitApi(APIView):
    """Send a draft or returned result to the validators."""

    permission_classes = SIGNED_IN

    class InputSerializer(_VersionedInput):
        class Meta:
            ref_name = "ResultSubmitInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_submit",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_submit(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)


class ResultValidateApi(APIView):
    """Validate a submitted result so that it counts (managers, within their scope; never one's own)."""

    permission_classes = SIGNED_IN

    class InputSerializer(_VersionedInput):
        message = serializers.CharField(required=False, allow_blank=True, max_length=2000)

        class Meta:
            ref_name = "ResultValidateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_validate",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_validate(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)


class ResultReturnApi(APIView):
    """Return a submitted result to its officer, with a message saying what to fix."""

    permission_classes = SIGNED_IN

    class InputSerializer(_VersionedInput):
        message = serializers.CharField(allow_blank=True, max_length=2000)

        class Meta:
            ref_name = "ResultReturnInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_return",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_return(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)


class ResultReopenApi(APIView):
    """Unlock a validated result for correction, giving the reason; it stops counting until validated again."""

    permission_classes = SIGNED_IN

    class InputSerializer(_VersionedInput):
        reason = serializers.CharField(allow_blank=True, max_length=2000)

        class Meta:
            ref_name = "ResultReopenInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_reopen",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_reopen(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)
