"""The API's JSON parser: a body nested too deeply to be read is a 400, not a RecursionError."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

JSON_TOO_DEEP = _("The JSON body is nested too deeply to be read.")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError(JSON_TOO_DEEP) from None
