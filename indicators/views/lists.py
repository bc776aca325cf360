"""An officer's own results and a manager's validation queue."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.selectors import user_scope
from indicators.rules import ROLE_CANNOT_VALIDATE
from indicators.selectors import result_criteria, result_review_queue
from indicators.selectors.entry import result_list_mine
from indicators.views.common import refused
from rbm.exceptions import NotAllowed

PAGE_SIZE = 50


@login_required
@require_GET
def result_list_mine_view(request):
    """The results the user recorded or last edited, returned ones first with the validator's message."""
    page = Paginator(result_list_mine(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "indicators/result_list_mine.html", {"page": page})


@login_required
@require_GET
def result_review_queue_view(request):
    """Submitted results in the manager's scope, oldest first, each with its criteria warning."""
    if not user_scope(user=request.user).can_validate:
        return refused(request, NotAllowed(ROLE_CANNOT_VALIDATE))
    page = Paginator(result_review_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"result": result, "assessment": result_criteria(result=result)} for result in page]
    return render(request, "indicators/result_review_queue.html", {"page": page, "rows": rows})
