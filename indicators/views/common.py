"""What the result entry pages share: finding things within the user's sight, and showing refusals."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from indicators.models import Indicator
from indicators.selectors import indicator_list
from outcomes.models import Biennium
from outcomes.selectors import biennium_get
from rbm.exceptions import ApplicationError, refused_response

# Service error keys that are not fields of the page's form, mapped to the field that shows them.
FIELD_ALIASES = {"url": "links", "file": "files", "indicator": None, "biennium": None}


def biennium_or_404(label: str) -> Biennium:
    try:
        return biennium_get(label=label)
    except ValidationError:
        raise Http404 from None


def indicator_or_404(label: str, code: str) -> tuple[Biennium, Indicator]:
    """The biennium a label names and its framework's indicator `code`; a 404 for either unknown."""
    biennium = biennium_or_404(label)
    return biennium, get_object_or_404(indicator_list(biennium=biennium), code=code.strip())


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's field errors on the form's fields (or above the form when the field is not on it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else FIELD_ALIASES.get(name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def refused(request: HttpRequest, error: ApplicationError, *, title: str = "") -> HttpResponse:
    """A page explaining why the request was refused, with the service's status (403 when not allowed)."""
    return refused_response(request, error, title=title)
