"""Reviewing country results over REST: validate, return, reopen, with the same services and rules as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.apis.results import (
    RESULT_ID,
    TAGS,
    WRITE_RESPONSES,
    ResultOutputSerializer,
    VersionedInput,
    result_visible,
)
from indicators.services import (
    result_reopen,
    result_return,
    result_validate,
)
from rbm.api.permissions import SIGNED_IN


class ResultValidateApi(APIView):
    """Validate a submitted result so that it counts (managers, within their scope; never one's own)."""

    permission_classes = SIGNED_IN

    class InputSerializer(VersionedInput):
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

    class InputSerializer(VersionedInput):
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

    class InputSerializer(VersionedInput):
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
