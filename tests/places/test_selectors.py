import pytest

from places.normalize import normalize_name
from places.selectors import place_index_build, place_mention_list, place_resolve, region_resolve


@pytest.mark.parametrize(
    ("spelling", "iso3"),
    [
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("VIET NAM", "VNM"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Lao People’s Democratic Republic", "LAO"),
        ("Lao PDR", "LAO"),
        ("Côte d’Ivoire", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Swaziland", "SWZ"),
        ("Bolivia", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Congo, Democratic Republic of the", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Trinidad & Tobago", "TTO"),
        ("Guinea Bissau", "GNB"),
        ("Occupied Palestinian Territory", "PSE"),
        ("  united   kingdom ", "GBR"),
        ("GHA", "GHA"),
        ("gh", "GHA"),
    ],
)
def test_place_resolve_accepts_the_spellings_published_reports_use(db, spelling, iso3):
    assert place_resolve(name=spelling).iso3 == iso3


@pytest.mark.parametrize("spelling", ["Atlantis", "", "Republic", "Guinea Congo"])
def test_place_resolve_returns_none_for_names_of_no_place(db, spelling):
    assert place_resolve(name=spelling) is None


def test_normalize_name_folds_case_accents_apostrophes_and_punctuation():
    assert normalize_name("  Côte d’Ivoire ") == normalize_name("COTE D'IVOIRE") == "cote divoire"
    assert normalize_name("Trinidad & Tobago") == "trinidad and tobago"
    assert normalize_name("Timor-Leste") == "timor leste"


def test_place_mentions_splits_space_separated_names_with_commas_and_many_words(db):
    text = "China, Lao People's Democratic Republic Mongolia Myanmar Nepal Viet Nam"

    mentions = place_mention_list(text=text, index=place_index_build())

    assert [(mention.text, mention.place.iso3) for mention in mentions] == [
        ("China", "CHN"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Mongolia", "MNG"),
        ("Myanmar", "MMR"),
        ("Nepal", "NPL"),
        ("Viet Nam", "VNM"),
    ]


def test_place_mentions_prefers_the_longest_name_at_each_position(db):
    text = (
        "Congo, Democratic Republic of the Congo South Sudan Sudan Guinea Equatorial Guinea Guinea-Bissau Niger Nigeria"
    )

    mentions = place_mention_list(text=text, index=place_index_build())

    assert [mention.place.iso3 for mention in mentions] == [
        "COD",
        "COG",
        "SSD",
        "SDN",
        "GIN",
        "GNQ",
        "GNB",
        "NER",
        "NGA",
    ]


def test_place_mentions_gathers_unknown_words_into_one_unmatched_mention(db):
    text = "Ethiopia New Atlantis Niger Utopia"

    mentions = place_mention_list(text=text, index=place_index_build())

    assert [(mention.text, mention.place and mention.place.iso3) for mention in mentions] == [
        ("Ethiopia", "ETH"),
        ("New Atlantis", None),
        ("Niger", "NER"),
        ("Utopia", None),
    ]
    assert (mentions[1].start, mentions[1].end) == (9, 21)


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Asia-Pacific", "Asia and the Pacific"),
        ("Asia and the Pacific", "Asia and the Pacific"),
        ("Europe-Central Asia", "Europe and Central Asia"),
        ("arab states", "Arab States"),
    ],
)
def test_region_resolve_reads_short_and_long_headings(db, heading, name):
    assert region_resolve(name=heading).name == name
