"""Country results over REST: the list (filtered, cursor pages, CSV and Excel) and one result for reading; recorded,
changed, deleted and submitted by the same services, with the same role and scope rules, as the pages."""

from contextlib import nullcontext
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import user_scope
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.models import Indicator, Result
from indicators.rules import INDICATOR_UNKNOWN
from indicators.selectors import indicator_get, result_get
from indicators.selectors.indicators import outcome_resolve
from indicators.selectors.programmes import programme_outcome_resolve
from indicators.selectors.results import result_list_changed_at, result_list_with_attachments
from indicators.services import result_delete, result_record, result_submit, result_update, result_withdraw
from outcomes.apis import BienniumField
from places.apis import PlaceField, RegionField
from places.models import Place
from rbm import limits
from rbm.api.conditional import conditional_response, not_modified_since
from rbm.api.pagination import (
    MAX_PAGE_SIZE,
    CursorPagination,
    ordering_choices,
    ordering_with_tiebreak,
    paginated,
)
from rbm.api.permissions import PUBLIC_READ, SIGNED_IN
from rbm.api.renderers import TABULAR_RENDERERS
from rbm.api.schema import (
    DATED_VALIDATORS,
    FORMAT_PARAMETER,
    JSON,
    READ_ERRORS,
    WRITE_ERRORS,
    error_responses,
    list_responses,
    read_responses,
)
from rbm.replica import primary_read

NEEDS_BIENNIUM = _("Give the biennium too: outcome and indicator numbers belong to a biennium's framework.")
RESULT_NOT_FOUND = _("There is no result %(id)s, or it is not visible to you.")

TAGS = ["Country results"]
VERSION_MAX = 2_147_483_647
ORDERINGS = ordering_choices("id", "updated_at")


def indicator_resolve(*, biennium, code: str | None, field: str = "indicator") -> Indicator | None:
    if not code:
        return None
    try:
        return indicator_get(biennium=biennium, code=code)
    except Indicator.DoesNotExist:
        raise ValidationError({field: INDICATOR_UNKNOWN % {"code": code, "biennium": biennium.label}}) from None


def result_visible(*, user, pk: int) -> Result:
    """The result `pk` if the user may read it; 404 otherwise, so that hidden results stay unseen."""
    try:
        return result_get(user=user, pk=pk)
    except Result.DoesNotExist:
        raise NotFound(RESULT_NOT_FOUND % {"id": pk}) from None


class ResultOutputSerializer(serializers.Serializer):
    """A country result as clients read it."""

    class PlaceSerializer(serializers.Serializer):
        iso3 = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=Place.Kind.choices)
        region = serializers.SlugField(source="region.code")

        class Meta:
            ref_name = "ResultPlace"

    class AttachmentSerializer(serializers.Serializer):
        title = serializers.CharField(allow_blank=True)
        url = serializers.CharField(allow_blank=True, help_text="A link to the evidence, or empty for a file.")
        file = serializers.SerializerMethodField(help_text="The uploaded file's name, or null for a link.")

        class Meta:
            ref_name = "ResultAttachment"

        def get_file(self, attachment) -> str | None:
            return attachment.file.name.rsplit("/", 1)[-1] if attachment.file else None

    class ProgrammeOutcomeSerializer(serializers.Serializer):
        code = serializers.CharField()
        title = serializers.CharField()

        class Meta:
            ref_name = "ResultProgrammeOutcome"

    id = serializers.IntegerField()
    biennium = serializers.CharField(source="biennium.label")
    outcome = serializers.CharField(source="indicator.outcome.number")
    indicator = serializers.CharField(source="indicator.code")
    place = PlaceSerializer()
    entity_name = serializers.CharField(allow_blank=True)
    entity_unnamed = serializers.BooleanField(
        help_text="The published table listed the place without naming the entity; naming it clears this."
    )
    reported_name = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(allow_blank=True)
    criteria_met = serializers.ListField(child=serializers.IntegerField())
    programme_outcome = ProgrammeOutcomeSerializer(
        allow_null=True, help_text="The country programme outcome (CPO) the result is reported against."
    )
    status = serializers.ChoiceField(choices=Result.Status.choices)
    source = serializers.ChoiceField(choices=Result.Source.choices)
    review_message = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="Send it back when changing the result.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    attachments = AttachmentSerializer(many=True)

    class Meta:
        ref_name = "Result"

    def to_representation(self, instance: Result) -> dict:
        """What DRF's field-by-field representation gives (tests/api/test_results.py compares the two),
        written out: a page holds a hundred results and an export thousands, and the generic walk through
        twenty-odd fields and their sources took most of a page's time."""
        place = instance.place
        programme_outcome = instance.programme_outcome
        moment = self.fields["created_at"].to_representation

        def optional_moment(value):
            return None if value is None else moment(value)

        return {
            "id": int(instance.id),
            "biennium": str(instance.biennium.label),
            "outcome": str(instance.indicator.outcome.number),
            "indicator": str(instance.indicator.code),
            "place": {
                "iso3": str(place.iso3),
                "name": str(place.name),
                "kind": str(place.kind),
                "region": str(place.region.code),
            },
            "entity_name": str(instance.entity_name),
            "entity_unnamed": bool(instance.entity_unnamed),
            "reported_name": str(instance.reported_name),
            "description": str(instance.description),
            "evidence": str(instance.evidence),
            "criteria_met": [int(number) for number in instance.criteria_met],
            "programme_outcome": None
            if programme_outcome is None
            else {"code": str(programme_outcome.code), "title": str(programme_outcome.title)},
            "status": str(instance.status),
            "source": str(instance.source),
            "review_message": str(instance.review_message),
            "version": int(instance.version),
            "created_at": optional_moment(instance.created_at),
            "updated_at": optional_moment(instance.updated_at),
            "submitted_at": optional_moment(instance.submitted_at),
            "reviewed_at": optional_moment(instance.reviewed_at),
            "attachments": [
                {
                    "title": str(attachment.title),
                    "url": str(attachment.url),
                    "file": attachment.file.name.rsplit("/", 1)[-1] if attachment.file else None,
                }
                for attachment in instance.attachments.all()
            ],
        }


ResultPageSerializer = paginated(ResultOutputSerializer, name="ResultPageSerializer")

RESULT_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="The result's id."
)


class ResultListApi(APIView):
    """Results the client may read: validated results for everyone; drafts, submitted and returned
    results only for officers and managers within their scope."""

    permission_classes = PUBLIC_READ
    renderer_classes = (JSONRenderer, BrowsableAPIRenderer, *TABULAR_RENDERERS)
    tabular_filename = "results"
    tabular_columns = (
        ("id", "id"),
        ("biennium", "biennium"),
        ("outcome", "outcome"),
        ("indicator", "indicator"),
        ("iso3", "place.iso3"),
        ("place", "place.name"),
        ("place_kind", "place.kind"),
        ("region", "place.region"),
        ("entity_name", "entity_name"),
        ("reported_name", "reported_name"),
        ("description", "description"),
        ("evidence", "evidence"),
        ("criteria_met", "criteria_met"),
        ("status", "status"),
        ("source", "source"),
        ("version", "version"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
        ("submitted_at", "submitted_at"),
        ("reviewed_at", "reviewed_at"),
        ("cpo_code", "programme_outcome.code"),
        ("cpo_title", "programme_outcome.title"),
        # Last, so that the columns of earlier exports keep their positions.
        ("entity_unnamed", "entity_unnamed"),
    )

    class FilterSerializer(serializers.Serializer):
        biennium = BienniumField(required=False)
        outcome = serializers.CharField(required=False, max_length=10, help_text="An outcome number; needs biennium.")
        indicator = serializers.CharField(required=False, max_length=20, help_text="An indicator code; needs biennium.")
        region = RegionField(required=False, help_text="A region code, e.g. africa.")
        place = PlaceField(required=False)
        status = serializers.ChoiceField(choices=Result.Status.choices, required=False)
        updated_since = serializers.DateTimeField(
            required=False, help_text="Only results changed at or after this moment (ISO 8601)."
        )
        ordering = serializers.ChoiceField(choices=ORDERINGS, default="id", help_text="id (the default) or updated_at.")
        cursor = serializers.CharField(required=False, help_text="From the next or previous link of a page.")
        page_size = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_PAGE_SIZE, help_text="Results per page (JSON); 50 by default."
        )

        def validate(self, data):
            if ("outcome" in data or "indicator" in data) and "biennium" not in data:
                raise serializers.ValidationError({"biennium": [NEEDS_BIENNIUM]})
            return data

    @extend_schema(
        tags=TAGS,
        operation_id="results_list",
        description=(
            "JSON answers come in cursor pages (follow `next`); CSV and Excel answers hold every matching result."
        ),
        parameters=[FilterSerializer, FORMAT_PARAMETER, *DATED_VALIDATORS],
        responses=list_responses(ResultPageSerializer),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        values = filters.validated_data
        biennium = values.get("biennium")
        where = {
            "biennium": biennium,
            "outcome": outcome_resolve(biennium=biennium, number=values.get("outcome")) if biennium else None,
            "indicator": indicator_resolve(biennium=biennium, code=values.get("indicator")) if biennium else None,
            "region": values.get("region"),
            "place": values.get("place"),
        }
        changed_at = result_list_changed_at(user=request.user, **where)
        unchanged = not_modified_since(request, last_modified=changed_at)
        if unchanged is not None:
            return unchanged

        results = result_list_with_attachments(
            user=request.user, status=values.get("status"), updated_since=values.get("updated_since"), **where
        )
        ordering = ordering_with_tiebreak(values["ordering"])
        if request.accepted_renderer.format in {renderer.format for renderer in TABULAR_RENDERERS}:
            data = ResultOutputSerializer(results.order_by(*ordering), many=True).data
            return conditional_response(request, data, last_modified=changed_at)

        # A query's first page is what clients poll and the list's own page asks for again and again: it is
        # kept with the counts, until any result changes, per query (its links name the address asked) and
        # per what the user may see. Later pages are walked once by a client syncing, and are not kept.
        key = None
        if "cursor" not in values:
            key = counts_cache_key(
                "results-page", request.build_absolute_uri(), user_scope(user=request.user).visibility
            )
            if (data := counts_cache_get(key)) is not None:
                return conditional_response(request, data, last_modified=changed_at)
        kind = datetime if values["ordering"].lstrip("-") == "updated_at" else int
        paginator = CursorPagination(ordering=ordering, position_kind=kind)
        # What is kept is read on the primary: a replica's page may be a moment behind the data version.
        with primary_read() if key else nullcontext():
            page = paginator.paginate_queryset(results, request, view=self)
            data = paginator.get_paginated_response(ResultOutputSerializer(page, many=True).data).data
        if key:
            counts_cache_set(key, data)
        return conditional_response(request, data, last_modified=changed_at)


class ResultDetailApi(APIView):
    """One result, if the client may read it."""

    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="results_retrieve",
        parameters=[RESULT_ID, *DATED_VALIDATORS],
        responses=read_responses(ResultOutputSerializer, errors=READ_ERRORS),
    )
    def get(self, request, pk: int):
        result = result_visible(user=request.user, pk=pk)
        return conditional_response(request, ResultOutputSerializer(result).data, last_modified=result.updated_at)


WRITE_RESPONSES = {(200, JSON): ResultOutputSerializer, **error_responses(*WRITE_ERRORS, 409)}


class ResultContentInput(serializers.Serializer):
    """A result's content as a client sends it: all of it to record a result, only what changes to update one."""

    place = PlaceField()
    entity_name = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Only for indicators counting entities."
    )
    description = serializers.CharField(
        allow_blank=True, max_length=limits.RESULT_DESCRIPTION_MAX, help_text="What changed."
    )
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=limits.RESULT_EVIDENCE_MAX)
    criteria_met = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=1000), required=False, max_length=100
    )
    programme_outcome = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="The code of a country programme outcome of the same place (e.g. GHA101); empty for none.",
    )


class ResultCreateApi(APIView):
    """Record a draft result (officers and managers, within their scope)."""

    permission_classes = SIGNED_IN

    class InputSerializer(ResultContentInput):
        biennium = BienniumField()
        indicator = serializers.CharField(max_length=20, help_text="The indicator's code in that biennium, e.g. 4.2.")
        links = serializers.ListField(child=serializers.URLField(max_length=500), required=False, max_length=20)

        class Meta:
            ref_name = "ResultCreateInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_create",
        request=InputSerializer,
        responses={(201, JSON): ResultOutputSerializer, **error_responses(*WRITE_ERRORS)},
        examples=[
            OpenApiExample(
                "A result in Senegal",
                value={
                    "biennium": "2014-15",
                    "indicator": "4.1",
                    "place": "SEN",
                    "description": "A national social protection policy was adopted.",
                    "criteria_met": [1],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        biennium = values.pop("biennium")
        indicator = indicator_resolve(biennium=biennium, code=values.pop("indicator"))
        values["programme_outcome"] = programme_outcome_resolve(
            place=values["place"], code=values.pop("programme_outcome", "")
        )
        result = result_record(user=request.user, biennium=biennium, indicator=indicator, **values)
        return Response(ResultOutputSerializer(result).data, status=status.HTTP_201_CREATED)


class ResultUpdateApi(APIView):
    """Change a draft or returned result. Send the version you read: if someone changed the result since,
    nothing is saved and the answer (409) says what changed."""

    permission_classes = SIGNED_IN

    class InputSerializer(ResultContentInput):
        """Read with partial=True: only the version is required."""

        version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
        reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

        class Meta:
            ref_name = "ResultUpdateInput"

        def validate(self, data):
            if "version" not in data:
                raise serializers.ValidationError({"version": [self.fields["version"].error_messages["required"]]})
            return data

    @extend_schema(
        tags=TAGS,
        operation_id="results_update",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def patch(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        result = result_visible(user=request.user, pk=pk)
        if "programme_outcome" in changes:
            place = changes.get("place", result.place)
            changes["programme_outcome"] = programme_outcome_resolve(place=place, code=changes["programme_outcome"])
        result = result_update(
            user=request.user,
            result=result,
            version=changes.pop("version"),
            reason=changes.pop("reason", ""),
            **changes,
        )
        return Response(ResultOutputSerializer(result).data)


class ResultDeleteApi(APIView):
    """Delete a draft or returned result."""

    permission_classes = SIGNED_IN

    @extend_schema(
        tags=TAGS,
        operation_id="results_destroy",
        parameters=[RESULT_ID],
        responses={204: OpenApiResponse(None, description="Deleted."), **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, pk: int):
        result_delete(user=request.user, result=result_visible(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionedInput(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=VERSION_MAX, help_text="The version read; a 409 if it changed since."
    )


class ResultSubmitApi(APIView):
    """Send a draft or returned result to the validators."""

    permission_classes = SIGNED_IN

    class InputSerializer(VersionedInput):
        class Meta:
            ref_name = "ResultSubmitInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_submit",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_submit(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)


class ResultWithdrawApi(APIView):
    """Take a submitted result back from the validators, as a draft."""

    permission_classes = SIGNED_IN

    class InputSerializer(VersionedInput):
        class Meta:
            ref_name = "ResultWithdrawInput"

    @extend_schema(
        tags=TAGS,
        operation_id="results_withdraw",
        parameters=[RESULT_ID],
        request=InputSerializer,
        responses=WRITE_RESPONSES,
    )
    def post(self, request, pk: int):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = result_visible(user=request.user, pk=pk)
        result = result_withdraw(user=request.user, result=result, **serializer.validated_data)
        return Response(ResultOutputSerializer(result).data)
