"""The French and Spanish catalogues: complete, faithful to their messages, compiled, and used by the pages and the API.

The catalogues are read with a small reader of our own (no gettext tools or polib in CI). The check that they
hold every message marked in the code extracts those messages the way `make messages` does: Python files by
their gettext calls, templates through Django's own `templatize`.
"""

import ast
import functools
import gettext as gnu_gettext
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import override
from django.utils.translation.template import templatize
from pytest_django.asserts import assertContains, assertNotContains

from indicators.selectors.counts import DISCREPANCY_MEMBER_STATES
from tests.factories import PublishedFigureFactory, ResultFactory, place

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["fr", "es"]
NBSP = "\u00a0"

# The folders `make messages` leaves out (its --ignore options), plus hidden ones as makemessages does.
IGNORED_FOLDERS = {".venv", "node_modules", "test-artifacts", "staticfiles", "media", "bench", "locale"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


def po_read(path: Path) -> list[Entry]:
    """The entries of a .po file (blocks separated by blank lines), header and obsolete (#~) entries left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, target = Entry(), None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, target, ast.literal_eval(line))
            else:
                keyword, _, literal = line.partition(" ")
                form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                target = ("msgstr", int(form.group(1))) if form else (keyword, 0)
                _append(entry, target, ast.literal_eval(literal), start=True)
        if target is not None and entry.msgid:
            entries.append(entry)
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str, *, start: bool = False) -> None:
    name, form = target
    if name == "msgstr":
        entry.msgstr[form] = ("" if start else entry.msgstr[form]) + text
    else:
        setattr(entry, name, ("" if start else getattr(entry, name)) + text)


def catalogue(language: str) -> list[Entry]:
    return po_read(LOCALE / language / "LC_MESSAGES" / "django.po")


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{ *\w+ *\}\}")
TAG = re.compile(r"</?(?:a|abbr|b|br|code|em|i|kbd|li|ol|p|small|span|strong|sub|sup|time|ul)\b[^>]*>")


def placeholders(text: str) -> list[str]:
    return sorted(set(PLACEHOLDER.findall(text)))


def source_of(entry: Entry, form: int) -> str:
    """The English text a translated form stands for: the singular for form 0, the plural for the others."""
    return entry.msgid_plural if entry.msgid_plural is not None and form > 0 else entry.msgid


# Catalogues -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_translates_every_message_and_marks_none_fuzzy(language):
    entries = catalogue(language)

    untranslated = [
        entry.msgid
        for entry in entries
        if not entry.msgstr or any(not text for text in entry.msgstr.values()) or "fuzzy" in entry.flags
    ]
    assert untranslated == []
    assert len(entries) > 1000  # the reader read the whole file, not a fragment of it


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_messages_fill_every_plural_form_of_the_language(language):
    header = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    forms = int(re.search(r"nplurals=(\d+)", header).group(1))

    plurals = [entry for entry in catalogue(language) if entry.msgid_plural is not None]

    assert [entry.msgid for entry in plurals if sorted(entry.msgstr) != list(range(forms))] == []
    assert len(plurals) >= 20


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(language):
    broken = [
        (entry.msgid, text)
        for entry in catalogue(language)
        for form, text in entry.msgstr.items()
        if placeholders(text) != placeholders(source_of(entry, form))
    ]

    assert broken == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_markup_and_the_edge_spacing_of_its_message(language):
    def edges(text: str) -> tuple[str, str]:
        return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]

    broken = [
        (entry.msgid, text)
        for entry in catalogue(language)
        for form, text in entry.msgstr.items()
        if sorted(TAG.findall(text)) != sorted(TAG.findall(source_of(entry, form)))
        or edges(text) != edges(source_of(entry, form))
    ]

    assert broken == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file_compiled(language):
    """Django reads the .mo files: a .po edited without `compilemessages` would change nothing on screen."""
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        messages = gnu_gettext.GNUTranslations(compiled)._catalog

    def key(entry: Entry, form: int | None) -> object:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        return msgid if form is None else (msgid, form)

    expected = {}
    for entry in catalogue(language):
        if entry.msgid_plural is None:
            expected[key(entry, None)] = entry.msgstr[0]
        else:
            expected.update({key(entry, form): text for form, text in entry.msgstr.items()})
    compiled_messages = {name: text for name, text in messages.items() if name != ""}

    assert compiled_messages == expected


# Every message marked in the code is in the catalogues -----------------------------------------------------------

SINGULAR_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy", "ugettext_noop"}
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "ungettext", "ungettext_lazy"}
CONTEXT_CALLS = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"(?<!\w)(_|n?p?gettext)\(\s*({STRING})(?:\s*,\s*({STRING}))?")


def python_messages(source: str) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        texts = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None for arg in node.args
        ]
        if name in SINGULAR_CALLS | PLURAL_CALLS and texts[0]:
            found.add((None, texts[0]))
        elif name in CONTEXT_CALLS and len(texts) > 1 and texts[0] is not None and texts[1]:
            found.add((texts[0], texts[1]))
    return found


def template_messages(source: str, origin: str) -> set[tuple[str | None, str]]:
    found = set()
    for call, first, second in TEMPLATE_CALL.findall(templatize(source, origin=origin)):
        if call in ("pgettext", "npgettext"):
            found.add((ast.literal_eval(first), ast.literal_eval(second)))
        else:
            found.add((None, ast.literal_eval(first)))
    return found


@functools.cache
def messages_marked_in_the_code() -> dict[tuple[str | None, str], str]:
    """Every message `make messages` would extract, with the first file it is in."""
    base = Path(settings.BASE_DIR)
    marked: dict[tuple[str | None, str], str] = {}
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = sorted(name for name in subfolders if name not in IGNORED_FOLDERS and not name.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".py"):
                found = python_messages(path.read_text(encoding="utf-8"))
            elif name.endswith((".html", ".txt")):
                found = template_messages(path.read_text(encoding="utf-8"), origin=str(path))
            else:
                continue
            for message in found:
                marked.setdefault(message, str(path.relative_to(base)))
    return marked


def test_the_extraction_reads_gettext_calls_of_python_code():
    source = """
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy
A = _("Plain " "joined")
B = ngettext("%(count)d place", "%(count)d places", 2)
C = pgettext_lazy("month", "May")
D = _(f"not {A} extracted")
E = translation.gettext("Through a module")
"""

    assert python_messages(source) == {
        (None, "Plain joined"),
        (None, "%(count)d place"),
        ("month", "May"),
        (None, "Through a module"),
    }


def test_the_extraction_reads_translate_tags_blocks_and_filter_arguments_of_templates():
    source = """{% load i18n %}
<h1>{% translate "Sign in" %}</h1>
{% blocktranslate with label=biennium.label %}Results {{ label }}{% endblocktranslate %}
{% blocktranslate count counter=n %}{{ counter }} place{% plural %}{{ counter }} places{% endblocktranslate %}
{% translate "May" context "month" %}
{{ value|default:_("the response") }}
<p>Plain text is not a message.</p>
"""

    assert template_messages(source, origin="example.html") == {
        (None, "Sign in"),
        (None, "Results %(label)s"),
        (None, "%(counter)s place"),
        ("month", "May"),
        (None, "the response"),
    }


def test_the_extraction_finds_the_messages_of_python_files_and_of_templates_of_the_project():
    marked = messages_marked_in_the_code()

    assert marked[(None, "Results framework")] == "templates/base.html"
    assert marked[(None, "The published figure is %(published)d; validated results give %(derived)d.")] == (
        "indicators/selectors/counts.py"
    )
    assert (None, "Programme results %(label)s") in marked


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_every_message_marked_in_the_code(language):
    """A message marked after the last `make messages` shows in English to French and Spanish readers.

    On failure: run `make messages`, translate the new entries of locale/fr and locale/es, and commit the .po and
    .mo files.
    """
    held = {entry.key for entry in catalogue(language)}

    missing = sorted(
        f"{path}: {msgid}"
        for (context, msgid), path in messages_marked_in_the_code().items()
        if (context, msgid) not in held
    )

    assert missing == []


# Pages ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "nav", "label", "heading"),
    [
        ("fr", "Cadre de résultats", "Exercice biennal", "Résultats du programme 2014-15"),
        ("es", "Marco de resultados", "Bienio", "Resultados del programa 2014-15"),
        ("en", "Results framework", "Biennium", "Programme results 2014-15"),
    ],
)
def test_the_home_page_speaks_the_language_the_browser_asks_for(
    biennium_2014_15, client, language, nav, label, heading
):
    response = client.get("/", {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")

    assertContains(response, f'<html lang="{language}">')
    assertContains(response, f'<li><a href="/">{nav}</a></li>')
    assertContains(response, f'<label for="biennium-select">{label}</label>')
    assertContains(response, f"<h1>{heading}</h1>")
    assertContains(response, f'<option value="{language}" selected>')


def test_the_home_page_in_french_follows_french_typography(biennium_2014_15, client):
    response = client.get("/", {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="fr")

    assertContains(response, f"<p>RBM{NBSP}: gestion axée sur les résultats du programme et budget.</p>")
    assertContains(response, '<option value="es">Espagnol</option>')


def test_a_language_the_platform_does_not_speak_falls_back_to_english(biennium_2014_15, client):
    response = client.get("/", {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="de")

    assertContains(response, '<html lang="en">')
    assertContains(response, '<label for="biennium-select">Biennium</label>')


def test_the_sign_in_page_follows_the_language_cookie(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get("/accounts/sign-in/")

    assertContains(response, "<h1>Iniciar sesión</h1>")
    assertContains(response, ">Nombre de usuario</label>")
    assertContains(response, ">Contraseña</label>")
    assertNotContains(response, "Sign in")


def test_the_language_cookie_wins_over_the_browser_language(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get("/accounts/sign-in/", HTTP_ACCEPT_LANGUAGE="es")

    assertContains(response, "<h1>Se connecter</h1>")
    assertContains(response, ">Nom d’utilisateur</label>")


def test_choosing_a_language_in_the_switcher_keeps_it_on_the_next_pages(db, client):
    chosen = client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/sign-in/"})
    signed_in_page = client.get("/accounts/sign-in/")
    back = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/sign-in/"})
    english_page = client.get("/accounts/sign-in/")

    assert (chosen.status_code, chosen["Location"]) == (302, "/accounts/sign-in/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(signed_in_page, "<h1>Se connecter</h1>")
    assertContains(signed_in_page, ">Mot de passe</label>")
    assert back.status_code == 302
    assertContains(english_page, "<h1>Sign in</h1>")


def test_a_wrong_password_is_refused_in_the_language_of_the_page(db, client):
    response = client.post("/accounts/sign-in/", {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fr")

    assertContains(response, "Saisissez un nom d’utilisateur et un mot de passe valides.")


# The API ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def figure_off_by_one(db):
    """A published figure of 2 member States and 1 territory where validated results give 3 member States."""
    figure = PublishedFigureFactory(text="2 member States and 1 territory", value=3, member_states=2, territories=1)
    for name in ["Ghana", "Togo", "Benin"]:
        ResultFactory(indicator=figure.indicator, place=place(name))
    return figure


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "fr",
            [
                f"Le chiffre publié compte 2 États Membres{NBSP}; les résultats validés en donnent 3.",
                f"Le chiffre publié compte 1 territoire{NBSP}; les résultats validés en donnent 0.",
            ],
        ),
        (
            "es",
            [
                "La cifra publicada cuenta 2 Estados Miembros; los resultados validados dan 3.",
                "La cifra publicada cuenta 1 territorio; los resultados validados dan 0.",
            ],
        ),
        (
            "en",
            [
                "The published figure counts 2 member States; validated results give 3.",
                "The published figure counts 1 territory; validated results give 0.",
            ],
        ),
    ],
)
def test_the_counts_api_states_discrepancies_in_the_language_asked_for(figure_off_by_one, client, language, sentences):
    code = figure_off_by_one.indicator.code

    response = client.get(f"/api/v1/indicators/{code}/counts/", {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response.json()["discrepancies"] == sentences


def test_counts_cached_for_an_english_client_are_not_served_to_a_french_one(figure_off_by_one, client):
    path = f"/api/v1/indicators/{figure_off_by_one.indicator.code}/counts/"

    english = client.get(path, {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="en").json()
    french = client.get(path, {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    english_again = client.get(path, {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="en").json()

    assert english["discrepancies"][0] == "The published figure counts 2 member States; validated results give 3."
    assert french["discrepancies"][0] == (
        f"Le chiffre publié compte 2 États Membres{NBSP}; les résultats validés en donnent 3."
    )
    assert english_again == english


def test_the_counts_api_answers_field_errors_in_french(biennium_2014_15, client):
    unknown_outcome = client.get("/api/v1/counts/", {"biennium": "2014-15", "outcome": "19"}, HTTP_ACCEPT_LANGUAGE="fr")
    no_biennium = client.get("/api/v1/counts/", HTTP_ACCEPT_LANGUAGE="fr")
    unknown_biennium = client.get("/api/v1/counts/", {"biennium": "2099"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert (unknown_outcome.status_code, unknown_outcome.json()) == (
        400,
        {"outcome": ["Il n’y a pas de résultat 19 pour 2014-15."]},
    )
    assert (no_biennium.status_code, no_biennium.json()) == (400, {"biennium": ["Ce champ est obligatoire."]})
    assert (unknown_biennium.status_code, unknown_biennium.json()) == (
        400,
        {
            "biennium": [
                f"«{NBSP}2099{NBSP}» n’est pas un exercice biennal{NBSP}; "
                "écrivez-le tel que publié, par exemple 2014-15."
            ]
        },
    )


def test_the_counts_api_answers_field_errors_in_spanish(biennium_2014_15, client):
    response = client.get("/api/v1/counts/", {"biennium": "2014-15", "outcome": "19"}, HTTP_ACCEPT_LANGUAGE="es")

    assert (response.status_code, response.json()) == (400, {"outcome": ["No hay ningún resultado 19 en 2014-15."]})


def test_message_constants_translate_when_rendered_under_a_language(db):
    with override("fr"):
        french = DISCREPANCY_MEMBER_STATES % {"published": 1, "derived": 2}
    with override("es"):
        spanish = DISCREPANCY_MEMBER_STATES % {"published": 1, "derived": 2}

    assert french == f"Le chiffre publié compte 1 État Membre{NBSP}; les résultats validés en donnent 2."
    assert spanish == "La cifra publicada cuenta 1 Estado Miembro; los resultados validados dan 2."
