"""The IATI 2.03 export over REST: the biennium's results framework and figures as one IATI activity file."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.views import APIView

from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.schema import NOT_MODIFIED, READ_ERRORS, VALIDATORS, error_responses
from reports.builders.iati import build
from reports.selectors.iati import iati_content

IATI_MEDIA_TYPE = "application/xml"


class IatiXMLRenderer(renderers.BaseRenderer):
    """The IATI file as built; errors are answered in JSON (`rbm.exceptions.api_exception_handler`)."""

    media_type = IATI_MEDIA_TYPE
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class IatiExportApi(APIView):
    """The biennium's outcomes, indicators, targets and results as an IATI 2.03 activity file; open to anyone.

    The actual values are the counts API's (`/api/v1/counts/`), or with `edition` the figures that edition of
    the report froze. The same file as `python manage.py export_iati`.
    """

    permission_classes = PUBLIC_READ
    renderer_classes = (IatiXMLRenderer,)

    class FilterSerializer(serializers.Serializer):
        biennium = serializers.CharField(max_length=20, help_text='The biennium, as published: "2014-15".')
        edition = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=32767,
            help_text="An edition's number: its frozen figures instead of the current ones.",
        )

    @extend_schema(
        tags=["Reports"],
        operation_id="iati_export",
        parameters=[FilterSerializer, *VALIDATORS],
        responses={
            (200, IATI_MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.STR,
                description="An IATI 2.03 activity file (`iati-activities`), valid against the IATI schema.",
                examples=[OpenApiExample("2014-15", value='<iati-activities version="2.03">…</iati-activities>')],
            ),
            **NOT_MODIFIED,
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        document = build(iati_content(**filters.validated_data))
        return conditional_response(request, document)
