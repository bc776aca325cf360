"""Pages and API answers in the reader's language, falling back to English per field; the mark for editors."""

import pytest

from indicators.models import Indicator
from tests.factories import user_with_role
from tests.html import html_element, html_text

FRENCH_42 = "Statement 4.2 en français (texte d'essai)"


@pytest.fixture
def translated(seed_000_imported):
    indicator = Indicator.objects.get(framework=seed_000_imported.framework, code="4.2")
    indicator.statement_fr = FRENCH_42
    indicator.save()
    return indicator


def test_the_api_answers_in_french_with_accept_language(translated, client):
    response = client.get("/api/v1/indicators/4.2/", {"biennium": "2014-15"}, headers={"accept-language": "fr"})

    assert response.status_code == 200
    assert response.json()["statement"] == FRENCH_42
    assert response.headers["Content-Language"] == "fr"
    assert "Accept-Language" in response.headers["Vary"]


def test_the_counts_api_words_the_count_in_the_asked_language(translated, client):
    french = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2014-15", "lang": "fr"}).json()
    spanish = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2014-15", "lang": "es"}).json()

    assert (french["label"], french["unit"]) == ("24 États Membres et 1 territoire", "États Membres")
    assert (spanish["label"], spanish["unit"]) == ("24 Estados Miembros y 1 territorio", "Estados Miembros")


def test_an_unknown_lang_parameter_is_ignored(translated, client):
    response = client.get("/api/v1/indicators/4.2/", {"biennium": "2014-15", "lang": "xx"})

    assert response.json()["statement"] == translated.statement_en
    assert response.headers["Content-Language"] == "en"


def test_an_editor_sees_which_texts_are_still_in_english(translated, client):
    client.force_login(user_with_role("officer"))

    page = client.get("/", {"biennium": "2014-15", "lang": "fr"})

    row_41 = " ".join(html_element(page, "indicator-4.1").find("th").text_content().split())
    row_42 = " ".join(html_element(page, "indicator-4.2").find("th").text_content().split())
    assert row_41.endswith("EN")
    assert FRENCH_42 in row_42
    assert not row_42.endswith("EN")
    assert 'title="Pas encore traduit"' in page.content.decode()


def test_readers_never_see_the_mark(translated, client):
    client.force_login(user_with_role("viewer"))

    page = client.get("/", {"biennium": "2014-15", "lang": "fr"})
    client.logout()
    public = client.get("/", {"biennium": "2014-15", "lang": "fr"})

    assert FRENCH_42 in html_text(page)
    assert 'class="untranslated"' not in page.content.decode()
    assert 'class="untranslated"' not in public.content.decode()
