"""The country pages: one member State or territory on one page, and the directory of them all. Public: anonymous
visitors see validated results and published evaluations only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import user_scope
from countries.forms import ProgrammeForm, ProgrammeOutcomeForm
from countries.rules import COUNTRY_UNKNOWN, NOTHING_RECORDED, PROGRAMME_OUTCOME_SAVED, PROGRAMME_SAVED
from countries.selectors import contributions_text, country_directory, country_find, country_profile_paged
from indicators.parsers.programmes import contributions_parse
from indicators.rules import programme_scope_check
from indicators.selectors.programmes import country_programme_list, programme_framework_read, programme_outcome_list
from indicators.services.programmes import Contribution, country_programme_save, programme_outcome_save
from indicators.views.common import add_service_errors
from outcomes.selectors import biennium_chosen, biennium_list
from rbm.exceptions import ApplicationError, NotAllowed, refused_response

# Results on one page of a country's results across biennia and indicators (the figures count them all).
RESULTS_PER_PAGE = 50


@require_GET
def country_detail_view(request, key: str):
    """The page of the place `key` names by its ISO code; any other spelling redirects to that code."""
    place, canonical = country_find(key=key)
    if place is None:
        raise Http404(COUNTRY_UNKNOWN % {"key": key[:60]})
    if not canonical:
        return redirect("countries:country-detail", place.iso3, permanent=True)
    profile, page = country_profile_paged(
        user=request.user, place=place, page=request.GET.get("page"), per_page=RESULTS_PER_PAGE
    )
    empty = not (
        profile["result_count"] or profile["programme_outcomes"] or profile["programmes"] or profile["plan_events"]
    )
    scope = user_scope(user=request.user)
    context = {
        "place": place,
        "profile": profile,
        "page": page,
        "can_edit": scope.can_record and scope.covers_region(place.region_id),
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


def _place_or_404(key: str):
    place, canonical = country_find(key=key)
    if place is None or not canonical:
        raise Http404(COUNTRY_UNKNOWN % {"key": key[:60]})
    return place


def _refusal(request, place):
    try:
        programme_scope_check(scope=user_scope(user=request.user), place=place)
    except NotAllowed as error:
        return refused_response(request, error)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def programme_create_view(request, key: str):
    """Record a Decent Work Country Programme of a place in the officer's scope."""
    place = _place_or_404(key)
    if refusal := _refusal(request, place):
        return refusal
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            country_programme_save(user=request.user, place=place, **form.cleaned_data)
        except ValidationError as invalid:
            add_service_errors(form, invalid)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, PROGRAMME_SAVED % {"title": form.cleaned_data["title"]})
            return redirect(reverse("countries:country-detail", args=[place.iso3]) + "#programmes")
    status = 400 if request.method == "POST" else 200
    return render(request, "countries/programme_form.html", {"place": place, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def programme_outcome_edit_view(request, key: str, code: str = ""):
    """Record a CPO of a place in the officer's scope (or change the one `code` names) with its contributions."""
    place = _place_or_404(key)
    if refusal := _refusal(request, place):
        return refusal
    current = get_object_or_404(programme_outcome_list(place=place), code=code.upper()) if code else None
    initial = {}
    if current is not None:
        initial = {
            "code": current.code,
            "title": current.title_en,
            "programme": current.programme_id,
            "contributions": contributions_text(programme_outcome=current),
        }
    form = ProgrammeOutcomeForm(request.POST or None, initial=initial, programmes=country_programme_list(place=place))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contributions, problems = contributions_parse(text=data["contributions"], framework=programme_framework_read())
        for problem in problems:
            form.add_error("contributions", problem)
        if not problems:
            try:
                saved = programme_outcome_save(
                    user=request.user,
                    place=place,
                    code=data["code"],
                    title=data["title"],
                    programme=data["programme"],
                    contributions=[
                        Contribution(biennium=item.biennium, outcome=item.outcome, indicator=item.indicator)
                        for item in contributions
                    ],
                    programme_outcome=current,
                )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, PROGRAMME_OUTCOME_SAVED % {"code": saved.code})
                return redirect(reverse("countries:country-detail", args=[place.iso3]) + f"#cpo-{saved.code}")
    status = 400 if request.method == "POST" else 200
    context = {"place": place, "form": form, "programme_outcome": current}
    return render(request, "countries/programme_outcome_form.html", context, status=status)
