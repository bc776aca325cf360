"""A place's profile over REST: the same object the country page shows."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from countries.rules import COUNTRY_UNKNOWN
from countries.selectors import country_find, country_profile
from rbm.api.conditional import conditional_response
from rbm.api.permissions import PUBLIC_READ
from rbm.api.schema import VALIDATORS

TAGS = ["Geography"]


class PlaceProfileApi(APIView):
    """Everything about one member State or territory: its names and region, programmes and CPOs, results by
    biennium, outcome and indicator, their timeline, and the evaluations covering it with their recommendations.
    Anonymous clients read validated results and published evaluations only; `status` is given to those who
    may see drafts."""

    permission_classes = PUBLIC_READ

    @extend_schema(
        tags=TAGS,
        operation_id="places_profile",
        parameters=[
            OpenApiParameter(
                "iso3",
                str,
                OpenApiParameter.PATH,
                description="An ISO 3166 alpha-3 code (e.g. GHA) or any known spelling of the name.",
                examples=[OpenApiExample("GHA", value="GHA")],
            ),
            *VALIDATORS,
        ],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request, iso3: str):
        place, _canonical = country_find(key=iso3.upper() if len(iso3.strip()) == 3 else iso3)
        if place is None:
            raise NotFound(COUNTRY_UNKNOWN % {"key": iso3[:60]})
        return conditional_response(request, country_profile(user=request.user, place=place))
