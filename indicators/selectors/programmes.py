"""Reading Decent Work Country Programmes and country programme outcomes (CPOs): public reference data."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from indicators.models import CountryProgramme, CountryProgrammeContribution, CountryProgrammeOutcome, Indicator
from indicators.parsers.programmes import Framework
from indicators.rules import CPO_OTHER_PLACE, CPO_UNKNOWN
from outcomes.models import Biennium, Outcome
from places.models import Place


def country_programme_list(*, place: Place | None = None) -> QuerySet[CountryProgramme]:
    programmes = CountryProgramme.objects.select_related("place")
    if place is not None:
        programmes = programmes.filter(place=place)
    return programmes.order_by("place__name", "-start_year", "title")


def programme_outcome_list(*, place: Place | None = None) -> QuerySet[CountryProgrammeOutcome]:
    """CPOs with their place, programme and contributions (three queries however many)."""
    contributions = CountryProgrammeContribution.objects.select_related("biennium", "outcome", "indicator")
    outcomes = CountryProgrammeOutcome.objects.select_related("place__region", "programme").prefetch_related(
        Prefetch("contributions", queryset=contributions)
    )
    if place is not None:
        outcomes = outcomes.filter(place=place)
    return outcomes.order_by("place__name", "code")


def programme_outcome_resolve(*, place: Place, code: str) -> CountryProgrammeOutcome | None:
    """The CPO a result of the place names by its code: None for no code; a ValidationError on
    `programme_outcome` for a code the place has not (another place's, or nobody's)."""
    code = code.strip().upper()
    if not code:
        return None
    found = list(CountryProgrammeOutcome.objects.select_related("place").filter(code=code)[:20])
    for programme_outcome in found:
        if programme_outcome.place_id == place.pk:
            return programme_outcome
    if found:
        other = found[0].place.name
        raise ValidationError(
            {"programme_outcome": CPO_OTHER_PLACE % {"code": code, "other": other, "place": place.name}}
        )
    raise ValidationError({"programme_outcome": CPO_UNKNOWN % {"place": place.name, "code": code[:20]}})


def programme_outcome_choices(*, places: list[Place]) -> list[tuple[str, str]]:
    """The CPOs of the places as (code, label) choices, one query."""
    return [
        (
            programme_outcome.code,
            f"{programme_outcome.code}: {programme_outcome.title} ({programme_outcome.place.name})",
        )
        for programme_outcome in CountryProgrammeOutcome.objects.filter(place__in=places)
        .select_related("place")
        .order_by("place__name", "code")
    ]


def programme_framework_read() -> Framework:
    """Every biennium, outcome and indicator by code, for reading contributions (three queries)."""
    return Framework(
        biennia={biennium.label: biennium for biennium in Biennium.objects.all()},
        outcomes={(outcome.framework_id, outcome.number): outcome for outcome in Outcome.objects.all()},
        indicators={
            (indicator.framework_id, indicator.code): indicator
            for indicator in Indicator.objects.select_related("outcome")
        },
    )
