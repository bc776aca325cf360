"""Every spelling published documents use: inversions, leading articles, lossy encodings, "did you mean"."""

import pytest

from places.selectors import place_index_build, place_resolve, place_suggest, place_unknown_message


@pytest.fixture
def index(db):
    return place_index_build()


@pytest.mark.parametrize(
    ("spelling", "iso3"),
    [
        ("Korea, Republic of", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Gambia, The", "GMB"),
        ("The Gambia", "GMB"),
        ("the Philippines", "PHL"),
        ("Lao People\u2019s Democratic Republic", "LAO"),
        ("C\ufffdte d'Ivoire", "CIV"),
        ("C?te d\u2019Ivoire", "CIV"),
        ("C\u00c3\u00b4te d'Ivoire", "CIV"),
        ("S?o Tom? and Pr?ncipe", "STP"),
    ],
)
def test_the_resolver_reads_inversions_articles_apostrophes_and_lossy_encodings(index, spelling, iso3):
    place = place_resolve(name=spelling, index=index)

    assert place is not None and place.iso3 == iso3


@pytest.mark.parametrize(
    ("spelling", "iso3"),
    [
        ("Lao PDR", "LAO"),
        ("DRC", "COD"),
        ("UAE", "ARE"),
        ("U.A.E.", "ARE"),
        ("USA", "USA"),
        ("U.S.", "USA"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("Bosnia & Herz.", "BIH"),
        ("Congo, Dem. Rep.", "COD"),
        ("Dem. Rep. of the Congo", "COD"),
        ("Egypt, Arab Rep.", "EGY"),
        ("Central African Rep.", "CAF"),
        ("Solomon Is.", "SLB"),
        ("St. Kitts & Nevis", "KNA"),
        ("Trinidad & Tobago", "TTO"),
    ],
)
def test_the_resolver_reads_abbreviations_listed_or_cut_short_with_a_full_stop(index, spelling, iso3):
    assert place_resolve(name=spelling, index=index).iso3 == iso3


@pytest.mark.parametrize(
    ("spelling", "iso3"),
    [
        ("Swaziland", "SWZ"),
        ("Czech Republic", "CZE"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("FYR Macedonia", "MKD"),
        ("Macedonia, the former Yugoslav Republic of", "MKD"),
        ("Turkey", "TUR"),
        ("Burma", "MMR"),
        ("Zaire", "COD"),
        ("Cape Verde", "CPV"),
        ("East Timor", "TLS"),
    ],
)
def test_the_resolver_reads_former_names_of_renamed_countries(index, spelling, iso3):
    assert place_resolve(name=spelling, index=index).iso3 == iso3


@pytest.mark.parametrize(
    ("spelling", "inverted", "iso3"),
    [
        ("Republic of Moldova", "Moldova, Republic of", "MDA"),
        ("Plurinational State of Bolivia", "Bolivia (Plurinational State of)", "BOL"),
        ("United Republic of Tanzania", "Tanzania, United Republic of", "TZA"),
        ("Islamic Republic of Iran", "Iran, Islamic Republic of", "IRN"),
        ("Democratic Republic of the Congo", "Congo (Democratic Republic of the)", "COD"),
    ],
)
def test_an_inversion_reads_the_same_both_ways(index, spelling, inverted, iso3):
    assert place_resolve(name=spelling, index=index).iso3 == iso3
    assert place_resolve(name=inverted, index=index).iso3 == iso3


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("occupied Palestinian territory", "Occupied Palestinian Territory"),
        ("West Bank and Gaza", "Occupied Palestinian Territory"),
        ("Kosovo (UNSCR 1244)", "Kosovo"),
        ("Hong Kong (China)", "Hong Kong, China"),
        ("Hong Kong SAR", "Hong Kong, China"),
        ("Macao", "Macau, China"),
        ("China – Macau Special Administrative Region", "Macau, China"),
    ],
)
def test_a_territory_that_is_not_a_member_state_is_recognised_as_a_territory(index, spelling, name):
    place = place_resolve(name=spelling, index=index)

    assert (place.name, place.kind, place.is_territory) == (name, "territory", True)


def test_a_cut_short_word_that_fits_several_places_is_not_guessed(index):
    assert place_resolve(name="Rep.", index=index) is None
    assert place_resolve(name="Guinea Rep. of the Is.", index=index) is None


def test_a_lossy_spelling_that_fits_several_places_is_not_guessed(index):
    assert place_resolve(name="??????", index=index) is None
    assert place_resolve(name="Guinea?", index=index).iso3 == "GIN"


def test_an_unknown_name_gets_the_closest_known_names(index):
    assert place_suggest(name="Ghanna", index=index)[0] == "Ghana"
    assert place_suggest(name="Columbia", index=index)[0] == "Colombia"
    assert place_suggest(name="zzzzqqq", index=index) == []
    assert place_unknown_message(name="Ghanna", index=index).startswith(
        "“Ghanna” is not a member State or territory we know; give its ISO code or name. Did you mean “Ghana”"
    )
