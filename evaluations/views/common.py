"""What the evaluation pages share: the status of a form page, the refusal page, and one message."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rbm.exceptions import ApplicationError, refused_response

UNCHANGED = _("Nothing was changed.")
BACK_TO_REGISTER = _("Back to the evaluation register")


def form_status(form: Form) -> int:
    """400 for a form sent back with errors, 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200


def refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """A page saying why the request was refused (403 when the role or scope does not allow it)."""
    return refused_response(
        request, error, back_url=reverse("evaluations:evaluation-list"), back_label=str(BACK_TO_REGISTER)
    )
