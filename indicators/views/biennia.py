"""Closing a biennium: its page lists the results still open, which the manager confirms to leave undone.

The biennium is the outcomes app's, its results this app's: the page sits here so it may read both.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_scope
from indicators.selectors.results import result_list_open
from indicators.views.common import biennium_or_404, refused
from outcomes.forms import BienniumCloseForm
from outcomes.services import BIENNIUM_ALREADY_CLOSED, CLOSE_NEEDS_MANAGER, biennium_close
from rbm.exceptions import ApplicationError, NotAllowed

CLOSED = _("The biennium %(biennium)s is closed: nothing in it can change now.")


@login_required
@require_http_methods(["GET", "POST"])
def biennium_close_view(request, label: str):
    biennium = biennium_or_404(label)
    if not user_scope(user=request.user).can_validate:
        return refused(request, NotAllowed(CLOSE_NEEDS_MANAGER))
    form = BienniumCloseForm(request.POST if request.method == "POST" else None, prefix=str(biennium.pk))
    open_results = result_list_open(user=request.user, biennium=biennium)
    error = BIENNIUM_ALREADY_CLOSED % {"biennium": biennium.label} if biennium.is_closed else ""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            biennium_close(
                user=request.user,
                biennium=biennium,
                reason=form.cleaned_data["reason"],
                open_results=open_results.count,
                confirmed=form.cleaned_data["confirm"],
            )
        except NotAllowed as refusal:
            return refused(request, refusal)
        except ApplicationError as refusal:
            error, status = refusal.message, 400
        else:
            messages.success(request, CLOSED % {"biennium": biennium.label})
            return redirect("outcomes:biennium-list")
    elif request.method == "POST":
        status = 400
    context = {
        "biennium": biennium,
        "form": form,
        "open_results": open_results,
        "error": error,
    }
    return render(request, "indicators/biennium_close.html", context, status=status)
