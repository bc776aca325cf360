from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.models import Indicator
from indicators.selectors import indicator_counts, indicator_get
from outcomes.selectors import biennium_get

INDICATOR_UNKNOWN = _("There is no indicator %(code)s in %(biennium)s.")


class CountsSerializer(serializers.Serializer):
    """The counts object: the same in the selector, the management command and the API."""

    class PublishedSerializer(serializers.Serializer):
        value = serializers.IntegerField()
        text = serializers.CharField()

    indicator = serializers.CharField()
    biennium = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.IntegerField(allow_null=True)
    target_text = serializers.CharField(allow_null=True)
    result = serializers.IntegerField()
    member_states = serializers.IntegerField()
    territories = serializers.IntegerField()
    by_region = serializers.DictField(child=serializers.IntegerField())
    label = serializers.CharField()
    target_met = serializers.BooleanField(allow_null=True)
    published = PublishedSerializer(allow_null=True)
    discrepancies = serializers.ListField(child=serializers.CharField())


class IndicatorCountsApi(APIView):
    """Counts derived from validated results for one indicator in one biennium; open to anyone."""

    permission_classes = [AllowAny]

    class FilterSerializer(serializers.Serializer):
        biennium = serializers.CharField(help_text='The biennium, as published: "2014-15".')

    @extend_schema(
        parameters=[OpenApiParameter("biennium", str, required=True, description='e.g. "2014-15"')],
        responses=CountsSerializer,
    )
    def get(self, request, code: str):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        biennium = biennium_get(label=filters.validated_data["biennium"])
        try:
            indicator = indicator_get(biennium=biennium, code=code)
        except Indicator.DoesNotExist:
            raise NotFound(INDICATOR_UNKNOWN % {"code": code, "biennium": biennium.label}) from None
        return Response(CountsSerializer(indicator_counts(biennium=biennium, indicator=indicator)).data)
