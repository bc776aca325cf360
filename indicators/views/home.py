"""The home page: every outcome of a biennium with its indicator table, as the implementation report lays it out."""

from django.shortcuts import render

from indicators.selectors import indicator_places_table
from outcomes.selectors import biennium_chosen, biennium_list
from places.selectors import region_list


def home_view(request):
    """The chosen biennium (`?biennium=2014-15`, else the latest with targets); 400 for a biennium unknown."""
    biennium, error = biennium_chosen(label=request.GET.get("biennium"))
    context = {
        "biennia": biennium_list(),
        "biennium": biennium,
        "regions": list(region_list()),
        "tables": indicator_places_table(biennium=biennium) if biennium else [],
        "error": error,
    }
    return render(request, "indicators/home.html", context, status=400 if error else 200)
