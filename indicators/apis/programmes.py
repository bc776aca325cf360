"""Country programme outcomes (CPOs) over REST: read by everyone, recorded and changed by officers for the places
in their scope, through the same services and rules as the country pages and the CSV import."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.parsers.programmes import contributions_parse
from indicators.rules import PROGRAMME_UNKNOWN
from indicators.selectors.programmes import country_programme_list, programme_framework_read, programme_outcome_list
from indicators.services.programmes import Contribution, programme_outcome_save
from places.apis import PlaceField
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.schema import JSON, WRITE_ERRORS, error_responses, list_responses

TAGS = ["Country programmes"]


class ProgrammeOutcomeOutputSerializer(serializers.Serializer):
    class ContributionSerializer(serializers.Serializer):
        biennium = serializers.CharField(source="biennium.label")
        outcome = serializers.CharField(source="outcome.number")
        indicator = serializers.CharField(source="indicator.code", allow_null=True, default=None)

        class Meta:
            ref_name = "ProgrammeOutcomeContribution"

    place = serializers.CharField(source="place.iso3")
    code = serializers.CharField()
    title = serializers.CharField()
    programme = serializers.CharField(source="programme.title", allow_null=True, default=None)
    contributions = ContributionSerializer(many=True, source="contributions.all")

    class Meta:
        ref_name = "ProgrammeOutcome"


class ProgrammeOutcomeInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=500)
    programme = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="The title of one of the place's programmes."
    )
    contributions = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="e.g. 2014-15: 4.2 4.3; 2016-17: 4"
    )


def _save(*, request, place, data: dict, current=None):
    programme = None
    if data.get("programme"):
        programme = country_programme_list(place=place).filter(title=data["programme"]).first()
        if programme is None:
            raise ValidationError(
                {"programme": PROGRAMME_UNKNOWN % {"place": place.name, "title": data["programme"][:100]}}
            )
    contributions, problems = contributions_parse(
        text=data.get("contributions", ""), framework=programme_framework_read()
    )
    if problems:
        raise ValidationError({"contributions": problems})
    return programme_outcome_save(
        user=request.user,
        place=place,
        code=data["code"],
        title=data["title"],
        programme=programme,
        contributions=[
            Contribution(biennium=item.biennium, outcome=item.outcome, indicator=item.indicator)
            for item in contributions
        ],
        programme_outcome=current,
    )


class ProgrammeOutcomeListApi(APIView):
    """Every CPO (filter `place`: ISO code or any spelling) with its programme and contributions."""

    permission_classes = PUBLIC_READ

    class FilterSerializer(serializers.Serializer):
        # An empty `place=` is no filter (as the query string of an emptied form sends it).
        place = PlaceField(required=False, allow_blank=True)

    @extend_schema(
        tags=TAGS,
        operation_id="programme_outcomes_list",
        parameters=[FilterSerializer],
        responses=list_responses(ProgrammeOutcomeOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        outcomes = programme_outcome_list(place=filters.validated_data.get("place") or None)
        return conditional_response(request, ProgrammeOutcomeOutputSerializer(outcomes, many=True).data)


class ProgrammeOutcomeCreateApi(APIView):
    """Record a CPO of a place in the client's scope."""

    permission_classes = SIGNED_IN

    class InputSerializer(ProgrammeOutcomeInput):
        place = PlaceField()

        class Meta:
            ref_name = "ProgrammeOutcomeCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="programme_outcomes_create",
        request=InputSerializer,
        responses={(201, JSON): ProgrammeOutcomeOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        saved = _save(request=request, place=data.pop("place"), data=data)
        return Response(ProgrammeOutcomeOutputSerializer(saved).data, status=status.HTTP_201_CREATED)


class ProgrammeOutcomeUpdateApi(APIView):
    """Change a CPO (its code, title, programme and contributions) of a place in the client's scope, named by its
    code (e.g. GHA101)."""

    permission_classes = SIGNED_IN

    class InputSerializer(ProgrammeOutcomeInput):
        class Meta:
            ref_name = "ProgrammeOutcomeUpdateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="programme_outcomes_update",
        request=InputSerializer,
        responses={(200, JSON): ProgrammeOutcomeOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request, code: str):
        # A CPO's code starts with its place's ISO code, so the code alone names it.
        code = code.strip().upper()
        current = get_object_or_404(programme_outcome_list().filter(place__iso3=code[:3]), code=code)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = _save(request=request, place=current.place, data=dict(serializer.validated_data), current=current)
        return Response(ProgrammeOutcomeOutputSerializer(programme_outcome_list().get(pk=saved.pk)).data)
