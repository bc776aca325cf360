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
