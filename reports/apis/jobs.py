"""Report jobs over REST: request the biennial report, follow its progress, download its files."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from outcomes.apis import BienniumField
from outcomes.selectors import outcome_list
from rbm.api.pagination import CursorPagination, paginated
from rbm.api.permissions import SIGNED_IN
from rbm.api.schema import JSON, READ_ERRORS, WRITE_ERRORS, error_responses
from reports.builders import CONTENT_TYPES
from reports.models import ReportFormat, ReportJob
from reports.rules import report_job_notice
from reports.selectors import report_job_data_changed, report_job_get, report_job_list
from reports.services import report_job_request

REPORT_NOT_FOUND = _("There is no report %(id)s, or it is not visible to you.")
REPORT_FILE_MISSING = _("Report %(id)s has no %(format)s file (not asked for, not built yet, or purged).")
OUTCOMES_UNKNOWN = _("There is no outcome %(numbers)s in %(biennium)s.")

TAGS = ["Reports"]
JOB_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="The report job's id."
)


class ReportFileSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    size = serializers.IntegerField(help_text="Bytes.")
    sha256 = serializers.CharField(help_text="SHA-256 of the file.")
    build_seconds = serializers.FloatField()
    url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        ref_name = "ReportFile"

    def get_url(self, item) -> str:
        request = self.context.get("request")
        path = reverse("api-report-download", kwargs={"pk": item.job_id, "kind": item.format})
        return request.build_absolute_uri(path) if request else path


class ReportJobSerializer(serializers.Serializer):
    """A report job: what was asked, its state and progress, and when built, its files and provenance."""

    id = serializers.IntegerField()
    biennium = serializers.CharField(source="biennium.label")
    plan = serializers.CharField(
        source="plan.symbol",
        allow_null=True,
        default=None,
        help_text="For a revised activity matrix, the plan of action's symbol (its status column is for the biennium).",
    )
    outcomes = serializers.SerializerMethodField(help_text="Outcome numbers; empty means every outcome.")
    formats = serializers.ListField(child=serializers.ChoiceField(choices=ReportFormat.choices))
    language = serializers.CharField()
    state = serializers.ChoiceField(choices=ReportJob.State.choices)
    progress = serializers.IntegerField(help_text="Percent done.")
    step = serializers.CharField(help_text="What the worker is doing now.")
    error = serializers.CharField(help_text="Why the build failed; empty otherwise.")
    queue_note = serializers.CharField(help_text="Set while the task queue cannot be reached; the job stays queued.")
    attempts = serializers.IntegerField()
    restarts = serializers.IntegerField(help_text="Times the job was taken back from a worker that stopped answering.")
    heartbeat_at = serializers.DateTimeField(
        allow_null=True, help_text="When the building worker last showed it was alive."
    )
    notice = serializers.SerializerMethodField(
        help_text="What to know when no worker looks after the job (none took it for a while, or its worker fell "
        "silent); empty otherwise."
    )
    requested_by = serializers.CharField(source="requested_by.username", allow_null=True, default=None)
    requested_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    data_read_at = serializers.DateTimeField(allow_null=True, help_text="When the report read its data.")
    content_hash = serializers.CharField(help_text="SHA-256 of the canonical JSON of what the report shows.")
    files_purged_at = serializers.DateTimeField(allow_null=True)
    files = ReportFileSerializer(many=True)

    class Meta:
        ref_name = "ReportJob"

    def get_notice(self, job) -> str:
        return report_job_notice(job=job)

    def get_outcomes(self, job) -> list[str]:
        return [outcome.number for outcome in job.outcomes.all()]


class ReportJobDetailSerializer(ReportJobSerializer):
    data_changed = serializers.BooleanField(
        allow_null=True,
        help_text="For a finished report: whether the data it shows changed since it was read; null otherwise.",
    )

    class Meta:
        ref_name = "ReportJobDetail"


ReportJobPageSerializer = paginated(ReportJobSerializer, name="ReportJobPage")


def _visible_job(request, pk: int) -> ReportJob:
    try:
        return report_job_get(user=request.user, pk=pk)
    except ReportJob.DoesNotExist:
        raise NotFound(REPORT_NOT_FOUND % {"id": pk}) from None


class ReportJobListApi(APIView):
    """Report jobs the client may see, newest first: its own requests and every finished report."""

    permission_classes = SIGNED_IN

    class FilterSerializer(serializers.Serializer):
        cursor = serializers.CharField(required=False, help_text="From the next or previous link of a page.")
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)

    @extend_schema(
        tags=TAGS,
        operation_id="reports_list",
        parameters=[FilterSerializer],
        responses={(200, JSON): ReportJobPageSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request):
        self.FilterSerializer(data=request.query_params).is_valid(raise_exception=True)
        paginator = CursorPagination(ordering=("-id",))
        page = paginator.paginate_queryset(report_job_list(user=request.user), request, view=self)
        data = ReportJobSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class ReportJobRequestApi(APIView):
    """Request the biennial implementation report. The build runs in a worker: poll the job's URL.

    Answers 202 with the stored job. When the task queue cannot be reached the job is kept, queued,
    with a `queue_note`, and starts by itself once the queue is back.
    """

    permission_classes = SIGNED_IN

    class InputSerializer(serializers.Serializer):
        biennium = BienniumField()
        outcomes = serializers.ListField(
            child=serializers.CharField(max_length=10),
            required=False,
            max_length=200,
            help_text="Outcome numbers; leave out for every outcome you may report on.",
        )
        formats = serializers.ListField(
            child=serializers.CharField(max_length=10),
            min_length=1,
            max_length=4,
            help_text="Any of html, docx, xlsx, pdf.",
        )

        class Meta:
            ref_name = "ReportJobRequest"

    @extend_schema(
        tags=TAGS,
        operation_id="reports_create",
        request=InputSerializer,
        responses={(202, JSON): ReportJobSerializer, **error_responses(*WRITE_ERRORS)},
        examples=[
            OpenApiExample(
                "Outcome 4 in every format",
                value={"biennium": "2014-15", "outcomes": ["4"], "formats": ["html", "docx", "xlsx", "pdf"]},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        biennium = values["biennium"]
        numbers = [number.strip() for number in values.get("outcomes", [])]
        outcomes = dict(outcome_list(biennium=biennium).filter(number__in=numbers).values_list("number", "pk"))
        unknown = [number for number in numbers if number not in outcomes]
        if unknown:
            raise ValidationError(
                {"outcomes": OUTCOMES_UNKNOWN % {"numbers": ", ".join(unknown), "biennium": biennium.label}}
            )
        job = report_job_request(
            user=request.user,
            biennium=biennium,
            outcome_ids=[outcomes[number] for number in numbers],
            formats=values["formats"],
            language=get_language() or "en",
        )
        job = report_job_get(user=request.user, pk=job.pk)
        response = Response(
            ReportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )
        response["Location"] = request.build_absolute_uri(reverse("api-report-detail", kwargs={"pk": job.pk}))
        return response


class ReportJobDetailApi(APIView):
    """One report job: poll it until `state` is succeeded or failed."""

    permission_classes = SIGNED_IN

    @extend_schema(
        tags=TAGS,
        operation_id="reports_retrieve",
        parameters=[JOB_ID],
        responses={(200, JSON): ReportJobDetailSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, pk: int):
        job = _visible_job(request, pk)
        job.data_changed = report_job_data_changed(job=job)
        return Response(ReportJobDetailSerializer(job, context={"request": request}).data)


class ReportDownloadApi(APIView):
    """Download one file of a built report."""

    permission_classes = SIGNED_IN

    @extend_schema(
        tags=TAGS,
        operation_id="reports_file",
        parameters=[
            JOB_ID,
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=ReportFormat.values, description="The format."),
        ],
        responses={
            **{
                (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="The document.")
                for media in CONTENT_TYPES.values()
            },
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request, pk: int, kind: str):
        # "kind", not "format": DRF reads a `format` URL argument as the renderer to answer with.
        job = _visible_job(request, pk)
        item = next((item for item in job.files.all() if item.format == kind), None)
        if item is None or not default_storage.exists(item.file.name):
            raise NotFound(REPORT_FILE_MISSING % {"id": pk, "format": kind})
        name = item.file.name.rsplit("/", 1)[-1]
        return FileResponse(
            default_storage.open(item.file.name, "rb"),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[kind],
        )
