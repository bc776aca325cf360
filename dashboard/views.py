from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard.filters import dashboard_filters_read
from dashboard.selectors import PIPELINE_STATUSES, Dashboard, dashboard_get, dashboard_map, dashboard_section
from indicators.counts_cache import counts_cache_timeout
from indicators.models import Result
from indicators.selectors import result_list, result_tally_list
from indicators.selectors.results import result_page
from outcomes.selectors import biennium_list, outcome_list
from places.selectors import place_resolve, region_list
from plans.models import KeyOutputStatus
from plans.selectors.overview import UNREPORTED, plans_overview_cached
from rbm.cells import csv_writer

RESULTS_PER_PAGE = 50


def _filters(request):
    filters, errors = dashboard_filters_read(request.GET)
    return filters, [message for messages in errors.values() for message in messages]


def _plans() -> tuple[list[dict], list[dict]]:
    """Each plan's section (targets against their baseline over time; key outputs by status), and its chart data."""
    labels = {**dict(KeyOutputStatus.Status.choices), UNREPORTED: _("not reported")}
    sections, charts = [], []
    for item in plans_overview_cached():
        sections.append(
            {
                "plan": item["plan"],
                "targets": item["targets"],
                "key_outputs": [(labels[status], count) for status, count in item["key_outputs"].items()],
            }
        )
        charts.extend(
            {"id": f"plan-{item['plan'].pk}-{target['ref']}", "value": target["value"], "points": target["points"]}
            for target in item["targets"]
        )
    return sections, charts


def _charts(data: Dashboard) -> dict[str, object]:
    """The JSON the page's small chart and map scripts draw from (the tables show the same figures)."""
    region_names = [region.name for region in data["regions"]]
    return {
        "regions": region_names,
        "outcomes": [
            {
                "number": group["outcome"].number,
                "indicators": [
                    {
                        "code": row["indicator"].code,
                        "result": row["shown"]["result"],
                        "target": row["whole"]["target"],
                        "by_region": [row["shown"]["by_region"][name] for name in region_names],
                    }
                    for row in group["rows"]
                ],
            }
            for group in data["outcome_groups"]
        ],
        "map": data["map"],
        "trends": [
            {"code": trend["indicator"].code, "points": trend["points"]} for trend in data["trends"] if trend["points"]
        ],
    }


def _filter_choices(filters) -> dict:
    return {
        "biennia": biennium_list(),
        "outcome_choices": outcome_list(biennium=filters.biennium),
        "region_choices": region_list(),
    }


@login_required
def dashboard_detail_view(request):
    filters, errors = _filters(request)
    data = dashboard_get(user=request.user, filters=filters)
    plan_sections, plan_charts = _plans()
    context = {
        **data,
        **_filter_choices(filters),
        "errors": errors,
        "charts": {**_charts(data), "plans": plan_charts},
        "plan_sections": plan_sections,
        "statuses": PIPELINE_STATUSES,
        "status_labels": dict(Result.Status.choices),
        # Reversed once: the page links hundreds of its figures to this list.
        "results_url": reverse("dashboard:result-list"),
        # The sections drawn from the figures alone are rendered once per figures (their key).
        "figures_timeout": counts_cache_timeout(),
    }
    return render(request, "dashboard/dashboard.html", context)


@login_required
def place_list_view(request):
    """The places behind the "places reached" figure: validated results per place."""
    filters, errors = _filters(request)
    context = {"filters": filters, "errors": errors, "places": dashboard_map(filters=filters)}
    return render(request, "dashboard/places.html", context)


def _results(request, filters):
    place = None
    if request.GET.get("place"):
        place = place_resolve(name=request.GET["place"])
    status = request.GET.get("status") or None
    if status not in (None, *Result.Status.values):
        status = None
    chosen = {
        "user": request.user,
        "biennium": filters.biennium,
        "outcome_id": filters.outcome.pk if filters.outcome else None,
        "indicator_id": filters.indicator.pk if filters.indicator else None,
        "region": filters.region,
        "place_id": place.pk if place else -1 if request.GET.get("place") else None,
        "status": status,
    }
    return result_list(**chosen), result_tally_list(**chosen), place, status


@login_required
def result_list_view(request):
    """The results behind a dashboard figure, each linking to its page and history."""
    filters, errors = _filters(request)
    results, tallies, place, status = _results(request, filters)
    page = result_page(results=results, tallies=tallies, number=request.GET.get("page"), per_page=RESULTS_PER_PAGE)
    context = {
        "filters": filters,
        "errors": errors,
        "page": page,
        "place": place,
        "status": status,
        "status_label": Result.Status(status).label if status else "",
    }
    return render(request, "dashboard/results.html", context)


CSV_SECTIONS = ("indicators", "pipeline", "places", "trends", "follow-up")


@login_required
def dashboard_export_view(request, section: str):
    """What a dashboard section shows, as CSV."""
    if section not in CSV_SECTIONS:
        raise Http404
    filters, _errors = _filters(request)
    data = dashboard_section(user=request.user, filters=filters, section=section)
    regions = [region.name for region in data.get("regions", [])]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{section}-{filters.biennium.label}.csv"'
    writer = csv_writer(response)
    if section == "indicators":
        writer.writerow([_("Outcome"), _("Indicator"), _("Target"), _("Result"), _("Label"), *regions])
        for row in data["indicators"]:
            shown = row["shown"]
            writer.writerow(
                [
                    row["indicator"].outcome.number,
                    row["indicator"].code,
                    row["whole"]["target"] if row["whole"]["target"] is not None else "",
                    shown["result"],
                    shown["label"],
                    *[shown["by_region"][name] for name in regions],
                ]
            )
    elif section == "pipeline":
        labels = dict(Result.Status.choices)
        writer.writerow([_("Region"), *[labels[status] for status in PIPELINE_STATUSES]])
        for name, cells in data["pipeline"]["grid"].items():
            writer.writerow([name, *[cells[status] for status in PIPELINE_STATUSES]])
    elif section == "places":
        writer.writerow([_("Place"), _("ISO code"), _("Kind"), _("Region"), _("Validated results")])
        for place in data["map"]:
            kind = _("territory") if place["territory"] else _("member State")
            writer.writerow([place["name"], place["iso3"], kind, place["region"], place["results"]])
    elif section == "trends":
        writer.writerow([_("Indicator"), _("Biennium"), _("Result"), _("Target")])
        for trend in data["trends"]:
            for point in trend["points"]:
                target = point["target"] if point["target"] is not None else ""
                writer.writerow([trend["indicator"].code, point["biennium"], point["result"], target])
    else:
        writer.writerow([_("Outcome"), _("Open"), _("Overdue"), _("Done"), _("Total")])
        for row in data["follow_up"]:
            writer.writerow([row["outcome"].number, row["open"], row["overdue"], row["done"], row["total"]])
    return response
