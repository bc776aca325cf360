"""The counts derived from validated results over REST: one indicator's, or every indicator's of a biennium."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from indicators.apis.indicators import CODE_PARAMETER, INDICATOR_UNKNOWN, outcome_resolve
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.models import Indicator
from indicators.selectors import indicator_counts, indicator_counts_list, indicator_get
from outcomes.apis import BienniumField
from outcomes.selectors import biennium_get
from places.apis import RegionField
from places.selectors import region_list
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import FORMAT_PARAMETER, VALIDATORS, list_responses, read_responses

COUNTS_TAGS = ["Counts"]


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

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        biennium = serializers.CharField(help_text='The biennium, as published: "2014-15".')

    @extend_schema(
        tags=COUNTS_TAGS,
        parameters=[
            OpenApiParameter(
                "biennium",
                str,
                required=True,
                description='e.g. "2014-15"',
                examples=[OpenApiExample("2014-15", value="2014-15")],
            ),
            CODE_PARAMETER,
            *VALIDATORS,
        ],
        responses=read_responses(CountsSerializer),
    )
    def get(self, request, code: str):
        key = counts_cache_key("indicator-counts", code, request.query_params.get("biennium", ""))
        data = counts_cache_get(key)
        if data is None:
            filters = self.FilterSerializer(data=request.query_params)
            filters.is_valid(raise_exception=True)
            biennium = biennium_get(label=filters.validated_data["biennium"])
            try:
                indicator = indicator_get(biennium=biennium, code=code)
            except Indicator.DoesNotExist:
                raise NotFound(INDICATOR_UNKNOWN % {"code": code, "biennium": biennium.label}) from None
            data = dict(CountsSerializer(indicator_counts(biennium=biennium, indicator=indicator)).data)
            counts_cache_set(key, data)
        return conditional_response(request, data)


class CountsListApi(APIView):
    """The counts object of every indicator of a biennium, optionally of one outcome or in one region."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "counts"

    class FilterSerializer(serializers.Serializer):
        biennium = BienniumField()
        outcome = serializers.CharField(required=False, max_length=10, help_text="An outcome number, e.g. 4.")
        region = RegionField(
            required=False, help_text="A region code, e.g. africa: count only the results in that region."
        )

    @extend_schema(
        tags=COUNTS_TAGS,
        operation_id="counts_list",
        parameters=[FilterSerializer, FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(CountsSerializer(many=True)),
    )
    def get(self, request):
        params = request.query_params
        key = counts_cache_key("counts-list", *(params.get(name, "") for name in ("biennium", "outcome", "region")))
        data = counts_cache_get(key)
        if data is None:
            filters = self.FilterSerializer(data=params)
            filters.is_valid(raise_exception=True)
            biennium = filters.validated_data["biennium"]
            outcome = outcome_resolve(biennium=biennium, number=filters.validated_data.get("outcome"))
            region = filters.validated_data.get("region")
            counts = indicator_counts_list(biennium=biennium, outcome=outcome, region=region)
            data = [dict(item) for item in CountsSerializer(counts, many=True).data]
            counts_cache_set(key, data)
        regions = list(data[0]["by_region"]) if data else [region.name for region in region_list()]
        self.tabular_columns = self.columns(regions=regions)
        return conditional_response(request, data)

    @staticmethod
    def columns(*, regions: list[str]) -> list[tuple[str, str]]:
        fixed = ["indicator", "biennium", "unit", "target", "target_text", "result", "member_states", "territories"]
        return [
            *[(name, name) for name in fixed],
            *[(region, f"by_region.{region}") for region in regions],
            ("label", "label"),
            ("target_met", "target_met"),
            ("published", "published.text"),
            ("discrepancies", "discrepancies"),
        ]
