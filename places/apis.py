"""Reference geography over REST: regions and places (member States and territories) with their aliases."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from places.models import Place
from places.rules import PLACE_CODE_UNKNOWN, REGION_UNKNOWN
from places.selectors import (
    place_list_with_aliases,
    place_resolve,
    place_unknown_message,
    region_list,
    region_resolve,
)
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import FORMAT_PARAMETER, VALIDATORS, list_responses, read_responses

# No place name is longer; the resolver is given no more.
PLACE_NAME_MAX = 200

TAGS = ["Geography"]


class RegionField(serializers.CharField):
    """A region named by its code, name or short name; validated into a Region."""

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        region = region_resolve(name=name)
        if region is None:
            raise serializers.ValidationError(REGION_UNKNOWN % {"name": name})
        return region


@extend_schema_field({"type": "string", "example": "GHA", "description": "An ISO 3166 alpha-3 code or a name."})
class PlaceField(serializers.CharField):
    """A member State or territory named by ISO code or any known spelling; validated into a Place."""

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        place = place_resolve(name=name) if len(name) <= PLACE_NAME_MAX else None
        if place is None:
            raise serializers.ValidationError(place_unknown_message(name=name[:PLACE_NAME_MAX]))
        return place


class RegionListApi(APIView):
    """The ILO regions, in the order reports print them."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "regions"

    class OutputSerializer(serializers.Serializer):
        code = serializers.SlugField()
        name = serializers.CharField()
        short_name = serializers.CharField()

        class Meta:
            ref_name = "Region"

    @extend_schema(
        tags=TAGS,
        operation_id="regions_list",
        parameters=[FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(OutputSerializer(many=True)),
    )
    def get(self, request):
        data = self.OutputSerializer(region_list(), many=True).data
        return conditional_response(request, data)


class PlaceOutputSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    iso2 = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    official_name = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Place.Kind.choices)
    region = serializers.SlugField(source="region.code")
    aliases = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Place"

    def get_aliases(self, place) -> list[str]:
        """Every spelling documents use for the place, the usual name included."""
        return sorted({alias.name for alias in place.aliases.all()}, key=str.casefold)


class PlaceListApi(APIView):
    """Member States and territories results are reported for, with the spellings documents use."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "places"
    tabular_columns = (
        ("iso3", "iso3"),
        ("iso2", "iso2"),
        ("name", "name"),
        ("official_name", "official_name"),
        ("kind", "kind"),
        ("region", "region"),
        ("aliases", "aliases"),
    )

    class FilterSerializer(serializers.Serializer):
        region = RegionField(required=False, help_text="A region code, e.g. africa.")
        kind = serializers.ChoiceField(choices=Place.Kind.choices, required=False)

    @extend_schema(
        tags=TAGS,
        operation_id="places_list",
        parameters=[FilterSerializer, FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(PlaceOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        places = place_list_with_aliases(**filters.validated_data)
        return conditional_response(request, PlaceOutputSerializer(places, many=True).data)


class PlaceDetailApi(APIView):
    """One place, by its ISO 3166 alpha-3 code."""

    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="places_retrieve",
        parameters=[
            OpenApiParameter(
                "iso3",
                str,
                OpenApiParameter.PATH,
                description="e.g. GHA",
                examples=[OpenApiExample("GHA", value="GHA")],
            ),
            *VALIDATORS,
        ],
        responses=read_responses(PlaceOutputSerializer),
    )
    def get(self, request, iso3: str):
        place = place_list_with_aliases().filter(iso3=iso3.strip().upper()).first()
        if place is None:
            raise NotFound(PLACE_CODE_UNKNOWN % {"code": iso3})
        return conditional_response(request, PlaceOutputSerializer(place).data)
