"""Closing a biennium (a manager's act) and reopening it (an administrator's, with a reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import user_scope
from indicators.forms import BienniumReasonForm
from indicators.selectors.entry import biennium_status_list
from indicators.views.common import biennium_or_404, refused
from outcomes.services import biennium_close, biennium_reopen
from rbm.exceptions import ApplicationError, NotAllowed

CLOSED = _("The biennium %(biennium)s is closed: nothing in it can change now.")
REOPENED = _("The biennium %(biennium)s is open again.")


def _page(request, *, status: int = 200, forms: dict | None = None, error: str = ""):
    scope = user_scope(user=request.user)
    forms = forms or {}
    context = {
        "rows": [
            {"biennium": biennium, "form": forms.get(biennium.pk) or BienniumReasonForm(prefix=str(biennium.pk))}
            for biennium in biennium_status_list()
        ],
        "can_close": scope.can_validate,
        "can_reopen": scope.is_administrator,
        "error": error,
    }
    return render(request, "indicators/biennia.html", context, status=status)


@login_required
@require_GET
def biennium_list_view(request):
    return _page(request)


@login_required
@require_POST
def biennium_close_view(request, label: str):
    biennium = biennium_or_404(label)
    form = BienniumReasonForm(request.POST, prefix=str(biennium.pk))
    form.is_valid()
    try:
        biennium_close(user=request.user, biennium=biennium, reason=form.cleaned_data.get("reason", ""))
    except NotAllowed as error:
        return refused(request, error)
    except ApplicationError as error:
        return _page(request, status=400, error=error.message)
    messages.success(request, CLOSED % {"biennium": biennium.label})
    return redirect("indicators:biennium-list")


@login_required
@require_POST
def biennium_reopen_view(request, label: str):
    biennium = biennium_or_404(label)
    form = BienniumReasonForm(request.POST, prefix=str(biennium.pk))
    form.is_valid()
    try:
        biennium_reopen(user=request.user, biennium=biennium, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as invalid:
        form.add_error("reason", invalid.message_dict.get("reason"))
        return _page(request, status=400, forms={biennium.pk: form})
    except NotAllowed as error:
        return refused(request, error)
    except ApplicationError as error:
        return _page(request, status=400, error=error.message)
    messages.success(request, REOPENED % {"biennium": biennium.label})
    return redirect("indicators:biennium-list")
