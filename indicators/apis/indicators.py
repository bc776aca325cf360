"""Indicators over REST: a biennium's indicators with their targets and measurement criteria, and one by code."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

from indicators.models import Indicator
from indicators.rules import INDICATOR_UNKNOWN
from indicators.selectors.indicators import indicator_list_with_targets, outcome_resolve
from outcomes.apis import BienniumField
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import FORMAT_PARAMETER, VALIDATORS, list_responses, read_responses

TAGS = ["Results framework"]
CODE_PARAMETER = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The indicator's code in the biennium's framework.",
    examples=[OpenApiExample("4.1", value="4.1")],
)


class IndicatorOutputSerializer(serializers.Serializer):
    """An indicator with its target in the biennium asked for, its targets in every biennium and its criteria."""

    class TargetSerializer(serializers.Serializer):
        biennium = serializers.CharField(source="biennium.label")
        value = serializers.IntegerField()
        text = serializers.CharField(allow_blank=True)

        class Meta:
            ref_name = "IndicatorTarget"

    class CriterionSerializer(serializers.Serializer):
        number = serializers.IntegerField()
        text = serializers.CharField()

        class Meta:
            ref_name = "MeasurementCriterion"

    code = serializers.CharField()
    outcome = serializers.CharField(source="outcome.number")
    statement = serializers.CharField()
    unit = serializers.CharField(help_text="Plural, as published: “member States”.")
    unit_singular = serializers.CharField()
    unit_kind = serializers.ChoiceField(choices=Indicator.UnitKind.choices)
    criteria_rule = serializers.ChoiceField(choices=Indicator.CriteriaRule.choices)
    criteria_minimum = serializers.IntegerField()
    target = serializers.SerializerMethodField()
    targets = TargetSerializer(many=True)
    criteria = CriterionSerializer(many=True)

    class Meta:
        ref_name = "Indicator"

    @extend_schema_field(TargetSerializer(allow_null=True))
    def get_target(self, indicator):
        """The target in the biennium asked for, or null."""
        biennium = self.context["biennium"]
        target = next((item for item in indicator.targets.all() if item.biennium_id == biennium.pk), None)
        return self.TargetSerializer(target).data if target is not None else None


class IndicatorListApi(APIView):
    """The indicators of a biennium's framework, with targets and measurement criteria."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "indicators"
    tabular_columns = (
        ("code", "code"),
        ("outcome", "outcome"),
        ("statement", "statement"),
        ("unit", "unit"),
        ("unit_kind", "unit_kind"),
        ("target", "target.value"),
        ("target_text", "target.text"),
        ("criteria_rule", "criteria_rule"),
        ("criteria_minimum", "criteria_minimum"),
    )

    class FilterSerializer(serializers.Serializer):
        biennium = BienniumField()
        outcome = serializers.CharField(required=False, max_length=10, help_text="An outcome number, e.g. 4.")

    @extend_schema(
        tags=TAGS,
        operation_id="indicators_list",
        parameters=[FilterSerializer, FORMAT_PARAMETER, *VALIDATORS],
        responses=list_responses(IndicatorOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        biennium = filters.validated_data["biennium"]
        outcome = outcome_resolve(biennium=biennium, number=filters.validated_data.get("outcome"))
        indicators = indicator_list_with_targets(biennium=biennium, outcome=outcome)
        data = IndicatorOutputSerializer(indicators, many=True, context={"biennium": biennium}).data
        return conditional_response(request, data)


class IndicatorDetailApi(APIView):
    """One indicator of a biennium's framework, by its code."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        biennium = BienniumField()

    @extend_schema(
        tags=TAGS,
        operation_id="indicators_retrieve",
        parameters=[FilterSerializer, CODE_PARAMETER, *VALIDATORS],
        responses=read_responses(IndicatorOutputSerializer),
    )
    def get(self, request, code: str):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        biennium = filters.validated_data["biennium"]
        indicator = indicator_list_with_targets(biennium=biennium).filter(code=code.strip()).first()
        if indicator is None:
            raise NotFound(INDICATOR_UNKNOWN % {"code": code, "biennium": biennium.label})
        data = IndicatorOutputSerializer(indicator, context={"biennium": biennium}).data
        return conditional_response(request, data)
