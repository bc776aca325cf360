"""The results framework's frame over REST: biennia and the outcomes of a biennium's strategic framework."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from outcomes.selectors import biennium_get, biennium_list, outcome_list
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import FORMAT_PARAMETER, VALIDATORS, list_responses

TAGS = ["Results framework"]


@extend_schema_field({"type": "string", "example": "2014-15", "description": 'A biennium as published: "2014-15".'})
class BienniumField(serializers.CharField):
    """A biennium named as published ("2014-15"); validated into a Biennium."""

    def to_internal_value(self, data):
        label = super().to_internal_value(data)
        try:
            return biennium_get(label=label)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["biennium"]) from None


class BienniumListApi(APIView):
    """Every biennium, oldest first, with its strategic framework."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "biennia"

    class OutputSerializer(serializers.Serializer):
        label = serializers.CharField()
        start_year = serializers.IntegerField()
        end_year = serializers.IntegerField()
        framework = serializers.CharField(source="framework.name")
        is_closed = serializers.BooleanField(help_text="A closed biennium takes no more changes to its results.")

        class Meta:
            ref_name = "Biennium"

    @extend_schema(
        tags=TAGS,
        operation_id="biennia_list",
        parameters=[FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(OutputSerializer(many=True)),
    )
    def get(self, request):
        return conditional_response(request, self.OutputSerializer(biennium_list(), many=True).data)


class OutcomeListApi(APIView):
    """The outcomes of the strategic framework a biennium belongs to, in the order reports print them."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "outcomes"

    class FilterSerializer(serializers.Serializer):
        biennium = BienniumField()

    class OutputSerializer(serializers.Serializer):
        number = serializers.CharField()
        statement = serializers.CharField()

        class Meta:
            ref_name = "Outcome"

    @extend_schema(
        tags=TAGS,
        operation_id="outcomes_list",
        parameters=[FilterSerializer, FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(OutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        outcomes = outcome_list(biennium=filters.validated_data["biennium"])
        return conditional_response(request, self.OutputSerializer(outcomes, many=True).data)
