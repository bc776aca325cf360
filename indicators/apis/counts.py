"""The counts derived from validated results over REST: one indicator's, or every indicator's of a biennium."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from indicators.apis.indicators import CODE_PARAMETER
from indicators.selectors.counts import indicator_counts_cached, indicator_counts_list_cached
from places.selectors import region_list
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import FORMAT_PARAMETER, VALIDATORS, list_responses, read_responses
from rbm.moments import moment_parse

AS_OF_HELP = (
    "Count as results stood at this moment, from their kept history: 2016-03-01 (the end of that day) or "
    "2016-03-01T12:00:00+01:00. A result validated later does not count; one validated before and reopened "
    "later still does."
)


@extend_schema_field(OpenApiTypes.DATETIME)
class AsOfField(serializers.Field):
    """A moment in ISO 8601, read as the commands and pages read it (`rbm.moments.moment_parse`)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=AS_OF_HELP, **kwargs)

    def to_internal_value(self, data):
        try:
            return moment_parse(str(data))
        except DjangoValidationError as invalid:
            raise serializers.ValidationError(invalid.message_dict["as_of"]) from None

    def to_representation(self, value):
        return value.isoformat()


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
    places = serializers.IntegerField(help_text="Places with validated results (the countries a table lists).")
    unnamed = serializers.IntegerField(help_text="Validated results whose entity the source did not name.")
    label = serializers.CharField()
    target_met = serializers.BooleanField(allow_null=True)
    published = PublishedSerializer(allow_null=True)
    discrepancies = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Plain words beside the published figure, e.g. entities published but not named in the source.",
    )


class IndicatorCountsApi(APIView):
    """Counts derived from validated results for one indicator in one biennium; open to anyone."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        biennium = serializers.CharField(help_text='The biennium, as published: "2014-15".')
        as_of = AsOfField()

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
            OpenApiParameter("as_of", str, required=False, description=AS_OF_HELP),
            *VALIDATORS,
        ],
        responses=read_responses(CountsSerializer),
    )
    def get(self, request, code: str):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = indicator_counts_cached(
            biennium=filters.validated_data["biennium"], code=code, as_of=filters.validated_data.get("as_of")
        )
        return conditional_response(request, CountsSerializer(data).data)


class CountsListApi(APIView):
    """The counts object of every indicator of a biennium, optionally of one outcome or in one region."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "counts"

    class FilterSerializer(serializers.Serializer):
        """Read as written: the cached selector resolves them, so that a repeated request reads no database."""

        biennium = serializers.CharField()
        outcome = serializers.CharField(required=False, max_length=10, help_text="An outcome number, e.g. 4.")
        region = serializers.CharField(
            required=False, help_text="A region code, e.g. africa: count only the results in that region."
        )
        as_of = AsOfField()

    @extend_schema(
        tags=COUNTS_TAGS,
        operation_id="counts_list",
        parameters=[FilterSerializer, FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(CountsSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = CountsSerializer(indicator_counts_list_cached(**filters.validated_data), many=True).data
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
            # After the earlier columns, which keep their positions.
            ("places", "places"),
            ("unnamed", "unnamed"),
            ("notes", "notes"),
        ]
