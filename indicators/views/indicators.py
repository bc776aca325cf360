"""An indicator's page for a biennium, and the small htmx pieces of the result form."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.selectors import user_scope
from indicators.criteria import criteria_assess
from indicators.rules import framework_edit_refusal, indicator_record_refusal
from indicators.selectors import indicator_counts, result_list
from indicators.selectors.results import place_choices_grouped, place_list_recordable
from indicators.selectors.uploads import result_upload_list_recent
from indicators.views.common import indicator_or_404
from outcomes.selectors import biennium_list

# Results on one page of the indicator's result list: an indicator of a large biennium has hundreds.
RESULTS_PER_PAGE = 50


@require_GET
def indicator_detail_view(request, label: str, code: str):
    """The indicator's statement, criteria, target and counts, and the results the user may see, a page at a
    time (the counts are aggregates over all of them)."""
    biennium, indicator = indicator_or_404(label, code)
    scope = user_scope(user=request.user)
    can_record = not indicator_record_refusal(scope=scope, indicator=indicator)
    results = result_list(user=request.user, biennium=biennium, indicator_id=indicator.pk)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "biennium": biennium,
        "indicator": indicator,
        "criteria": list(indicator.criteria.all()),
        # The other biennia of the indicator's framework: the same indicator, another two years.
        "biennia": list(biennium_list().filter(framework_id=indicator.framework_id)),
        "counts": indicator_counts(biennium=biennium, indicator=indicator),
        "page": page,
        "results": page.object_list,
        "can_add": can_record and not biennium.is_closed,
        "can_edit_framework": not biennium.is_closed
        and not framework_edit_refusal(scope=scope, outcome=indicator.outcome),
        "uploads": list(result_upload_list_recent(user=request.user, indicator=indicator, biennium=biennium))
        if can_record
        else [],
    }
    return render(request, "indicators/indicator_detail.html", context)


@login_required
@require_GET
def place_options_view(request, label: str, code: str):
    """The place select's options, narrowed to a name fragment: the htmx side of the place picker."""
    _, indicator = indicator_or_404(label, code)
    places = place_list_recordable(user=request.user, indicator=indicator, query=request.GET.get("q", ""))
    context = {"groups": place_choices_grouped(places=places), "selected": request.GET.get("place", "")}
    return render(request, "indicators/partials/place_options.html", context)


@require_GET
def criteria_check_view(request, label: str, code: str):
    """The criteria rule warning for the boxes ticked so far: the htmx side of the criteria checklist."""
    _, indicator = indicator_or_404(label, code)
    numbers = [criterion.number for criterion in indicator.criteria.all()]
    ticked = [int(value) for value in request.GET.getlist("criteria_met") if value.isdigit()]
    assessment = criteria_assess(indicator=indicator, met=ticked, criterion_numbers=numbers)
    context = {"assessment": assessment, "on_form": True}
    return render(request, "indicators/partials/criteria_warning.html", context)
