"""Plans of action over REST: the list of plans and one plan's progress (the object plan_progress prints)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from plans.selectors.plans import plan_get, plan_list
from plans.selectors.progress import plan_progress
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.schema import VALIDATORS, read_responses

PLANS_TAGS = ["Plans of action"]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    symbol = serializers.CharField()
    title = serializers.CharField()
    period_start = serializers.IntegerField()
    period_end = serializers.IntegerField()
    author_unit = serializers.CharField()
    endorsed_by = serializers.CharField()
    endorsed_on = serializers.CharField()
    revisions = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    def get_revisions(self, plan) -> list[dict]:
        return [
            {"number": revision.number, "symbol": revision.symbol, "session": revision.session}
            for revision in sorted(plan.revisions.all(), key=lambda revision: revision.number)
        ]

    def get_progress(self, plan) -> str:
        request = self.context.get("request")
        path = f"/api/v1/plans/{plan.pk}/progress/"
        return request.build_absolute_uri(path) if request else path


class ProgressTargetSerializer(serializers.Serializer):
    ref = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    event_label = serializers.CharField()
    baseline = serializers.IntegerField()
    baseline_date = serializers.DateField(allow_null=True)
    baseline_source = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    deadline = serializers.DateField()
    count = serializers.IntegerField()
    count_at_deadline = serializers.IntegerField()
    met_by_deadline = serializers.BooleanField(allow_null=True)
    reached_on = serializers.DateField(allow_null=True)
    member_states = serializers.IntegerField()
    territories = serializers.IntegerField()
    by_region = serializers.DictField(child=serializers.IntegerField())
    places = serializers.ListField(child=serializers.DictField())


class ProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    symbol = serializers.CharField()
    title = serializers.CharField()
    period = serializers.ListField(child=serializers.IntegerField())
    revision = serializers.DictField(allow_null=True)
    as_of = serializers.DateField()
    targets = ProgressTargetSerializer(many=True)
    categories = serializers.ListField(child=serializers.DictField())


class PlanListApi(APIView):
    """Every plan of action with its revisions; open to anyone, as the published documents are."""

    permission_classes = PUBLIC_READ

    @extend_schema(tags=PLANS_TAGS, parameters=VALIDATORS, responses=read_responses(PlanSerializer(many=True)))
    def get(self, request):
        data = PlanSerializer(plan_list(), many=True, context={"request": request}).data
        return conditional_response(request, data)


class PlanProgressApi(APIView):
    """A plan's targets counted from the recorded events, and its matrix with each key output's latest status."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        as_of = serializers.DateField(required=False, help_text="The date to count at (YYYY-MM-DD); default today.")

    @extend_schema(
        tags=PLANS_TAGS,
        parameters=[OpenApiParameter("as_of", str, required=False, description="YYYY-MM-DD"), *VALIDATORS],
        responses=read_responses(ProgressSerializer),
    )
    def get(self, request, pk: int):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        plan = plan_get(pk=pk)
        return conditional_response(request, plan_progress(plan=plan, as_of=filters.validated_data.get("as_of")))
