"""Reviewing country results over REST: validate, return, reopen, with the same services and rules as the pages.

One base runs the review; each operation names its service and its input."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_view
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
from indicators.models import Result
from indicators.services import result_reopen, result_return, result_validate
from rbm import limits
from rbm.api.permissions import SIGNED_IN


class _ResultReviewApi(APIView):
    """A review of one result: the input is checked, the result found within the user's sight, the service run."""

    permission_classes = SIGNED_IN
    InputSerializer: type[serializers.Serializer]
    review: Callable[..., Result]

    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = type(self).review(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)


def _schema(operation_id: str, request: type[serializers.Serializer]):
    return extend_schema_view(
        post=extend_schema(
            tags=TAGS, operation_id=operation_id, parameters=[RESULT_ID], request=request, responses=WRITE_RESPONSES
        )
    )


class _ValidateInput(VersionedInput):
    message = serializers.CharField(required=False, allow_blank=True, max_length=limits.REVIEW_MESSAGE_MAX)

    class Meta:
        ref_name = "ResultValidateInput"


class _ReturnInput(VersionedInput):
    message = serializers.CharField(allow_blank=True, max_length=limits.REVIEW_MESSAGE_MAX)

    class Meta:
        ref_name = "ResultReturnInput"


class _ReopenInput(VersionedInput):
    reason = serializers.CharField(allow_blank=True, max_length=limits.REVIEW_MESSAGE_MAX)

    class Meta:
        ref_name = "ResultReopenInput"


@_schema("results_validate", _ValidateInput)
class ResultValidateApi(_ResultReviewApi):
    """Validate a submitted result so that it counts (managers, within their scope; never one's own)."""

    InputSerializer = _ValidateInput
    review = staticmethod(result_validate)


@_schema("results_return", _ReturnInput)
class ResultReturnApi(_ResultReviewApi):
    """Return a submitted result to its officer, with a message saying what to fix."""

    InputSerializer = _ReturnInput
    review = staticmethod(result_return)


@_schema("results_reopen", _ReopenInput)
class ResultReopenApi(_ResultReviewApi):
    """Unlock a validated result for correction, giving the reason; it stops counting until validated again."""

    InputSerializer = _ReopenInput
    review = staticmethod(result_reopen)
