"""The country pages: one member State or territory on one page, and the directory of them all. Public: anonymous
visitors see validated results and published evaluations only."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from countries.rules import COUNTRY_UNKNOWN, NOTHING_RECORDED
from countries.selectors import country_directory, country_find, country_profile
from outcomes.selectors import biennium_chosen, biennium_list


@require_GET
def country_detail_view(request, key: str):
    """The page of the place `key` names by its ISO code; any other spelling redirects to that code."""
    place, canonical = country_find(key=key)
    if place is None:
        raise Http404(COUNTRY_UNKNOWN % {"key": key[:60]})
    if not canonical:
        return redirect("countries:country-detail", place.iso3, permanent=True)
    profile = country_profile(user=request.user, place=place)
    empty = not (profile["result_count"] or profile["programme_outcomes"] or profile["programmes"])
    context = {
        "place": place,
        "profile": profile,
        "nothing_recorded": NOTHING_RECORDED % {"place": place.name} if empty and not profile["evaluations"] else "",
    }
    return render(request, "countries/detail.html", context)


@require_GET
def country_list_view(request):
    """Every member State and territory by region with its results in the chosen biennium, searchable by any
    spelling of its name; 400 for a biennium unknown."""
    biennium, error = biennium_chosen(label=request.GET.get("biennium"))
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    regions = country_directory(user=request.user, biennium=biennium, query=query)
    context = {
        "biennia": biennium_list(),
        "biennium": biennium,
        "query": query,
        "regions": regions,
        "place_count": sum(len(region["places"]) for region in regions),
        "map_places": [
            {"iso3": place.iso3, "numeric": place.iso_numeric, "name": place.name, "results": place.validated}
            for region in regions
            for place in region["places"]
        ],
        "error": error,
    }
    return render(request, "countries/directory.html", context, status=400 if error else 200)
