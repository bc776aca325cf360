"""Choosing the answer's format: `?format=` names one the endpoint offers, or the request is a 404.

DRF ignores an empty `?format=` and answers in the default format; the schema lists the formats an
endpoint offers, so an empty one is answered as an unknown one is, 404.
"""

from django.http import Http404
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        parameter = self.settings.URL_FORMAT_OVERRIDE
        if (
            not format_suffix
            and parameter
            and parameter in request.query_params
            and not request.query_params[parameter]
        ):
            raise Http404
        return super().select_renderer(request, renderers, format_suffix)
