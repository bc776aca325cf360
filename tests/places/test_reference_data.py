from django.db.models import Count

from indicators.selectors import indicator_counts
from places.models import Place, PlaceAlias, Region
from places.selectors import place_resolve
from tests.factories import IndicatorFactory, ResultFactory, biennium


def test_migrations_load_the_187_member_states_by_ilo_region(db):
    per_region = dict(
        Region.objects.filter(places__kind=Place.Kind.MEMBER_STATE).annotate(n=Count("places")).values_list("name", "n")
    )

    assert per_region == {
        "Africa": 54,
        "Americas": 35,
        "Arab States": 11,
        "Asia and the Pacific": 36,
        "Europe and Central Asia": 51,
    }
    assert Place.objects.filter(kind=Place.Kind.MEMBER_STATE).count() == 187


def test_migrations_load_the_territories_results_are_reported_for(db):
    territories = Place.objects.filter(kind=Place.Kind.TERRITORY).order_by("name")

    assert [(place.name, place.iso2, place.region.name) for place in territories] == [
        ("Hong Kong, China", "HK", "Asia and the Pacific"),
        ("Kosovo", "", "Europe and Central Asia"),
        ("Macau, China", "MO", "Asia and the Pacific"),
        ("Occupied Palestinian Territory", "PS", "Arab States"),
    ]


def test_every_place_has_iso_codes_and_its_own_names_as_aliases(db):
    viet_nam = Place.objects.get(iso3="VNM")

    assert (viet_nam.iso2, viet_nam.iso_numeric, viet_nam.region.short_name) == ("VN", "704", "Asia-Pacific")
    assert set(viet_nam.aliases.values_list("name", flat=True)) == {
        "Viet Nam",
        "Vietnam",
        "Socialist Republic of Viet Nam",
    }


def test_every_alias_says_where_the_spelling_is_seen_and_what_kind_of_spelling_it_is(db):
    assert not PlaceAlias.objects.filter(source="").exists()
    assert {
        alias.name: (alias.place.iso3, alias.kind, alias.source)
        for alias in PlaceAlias.objects.filter(name__in=["Swaziland", "Lao PDR", "Viet Nam", "Czechia"])
    } == {
        "Swaziland": ("SWZ", "former_name", "ISO 3166 (renamed Eswatini in 2018)"),
        "Lao PDR": ("LAO", "abbreviation", "PIR 2014-15; synthesis review 2012-2018"),
        "Viet Nam": ("VNM", "name", "ILOSTAT"),
        "Czechia": ("CZE", "name", "ILOSTAT"),
    }


def test_a_result_in_a_territory_counts_apart_from_the_member_states(db):
    indicator = IndicatorFactory()
    for name in ("Ghana", "China", "Hong Kong (China)", "Macao"):
        ResultFactory(indicator=indicator, place=place_resolve(name=name))

    counts = indicator_counts(biennium=biennium(), indicator=indicator)

    assert (counts["member_states"], counts["territories"], counts["label"]) == (
        2,
        2,
        "2 member States and 2 territories",
    )
    assert counts["by_region"]["Asia and the Pacific"] == 3
