from django.db.models import Count

from places.models import Place, Region


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

    assert [(place.name, place.region.name) for place in territories] == [
        ("Kosovo", "Europe and Central Asia"),
        ("Occupied Palestinian Territory", "Arab States"),
    ]


def test_every_place_has_iso_codes_and_its_own_names_as_aliases(db):
    viet_nam = Place.objects.get(iso3="VNM")

    assert (viet_nam.iso2, viet_nam.iso_numeric, viet_nam.region.short_name) == ("VN", "704", "Asia-Pacific")
    assert set(viet_nam.aliases.values_list("name", flat=True)) == {
        "Viet Nam",
        "Vietnam",
        "Socialist Republic of Viet Nam",
    }
