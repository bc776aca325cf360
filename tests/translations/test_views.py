"""The translators' pages: download a language's file, upload it, see the preview and its problems, confirm;
the status page listing what is missing per language and outcome. Managers and administrators only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import IndicatorFactory, OutcomeFactory, user_with_role
from tests.translations.helpers import key, translation_file
from translations import rules
from translations.files import translation_file_read
from translations.models import TranslationUpload

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(user_with_role("manager"))
    return client


def upload(client, kind: str, rows, language: str = "fr"):
    content = translation_file(kind, rows)
    return client.post(
        reverse("translations:upload-create", args=[language]),
        {"file": SimpleUploadedFile(f"traduction.{kind}", content)},
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_manager_downloads_uploads_previews_and_confirms_a_translation_file(manager_client, kind):
    outcome = OutcomeFactory(statement="Outcome to translate")
    query = "?format=csv" if kind == "csv" else ""
    downloaded = manager_client.get(reverse("translations:download", args=["fr"]) + query)
    assert downloaded.status_code == 200
    rows = translation_file_read(name=f"t.{kind}", content=downloaded.content)
    [row] = [row for row in rows if row.key == key(outcome)]

    response = upload(manager_client, kind, [(row.key, row.field, row.source, "Résultat à traduire")])

    created = TranslationUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("translations:upload-detail", args=[created.pk])
    preview = manager_client.get(response["Location"])
    assert preview.status_code == 200
    assert "Résultat à traduire" in preview.content.decode()
    outcome.refresh_from_db()
    assert outcome.statement_fr in (None, "")  # nothing saved before confirming

    applied = manager_client.post(reverse("translations:upload-apply", args=[created.pk]))

    assert applied.status_code == 302
    outcome.refresh_from_db()
    assert outcome.statement_fr == "Résultat à traduire"
    created.refresh_from_db()
    assert created.status == TranslationUpload.Status.APPLIED


def test_the_preview_lists_every_problem_with_its_line_and_offers_no_confirmation(manager_client):
    outcome = OutcomeFactory(statement="Outcome")

    upload(
        manager_client, "csv", [(key(outcome), "statement", "Outcome", "Résultat"), ("nope:1", "statement", "", "x")]
    )

    created = TranslationUpload.objects.get()
    page = manager_client.get(reverse("translations:upload-detail", args=[created.pk])).content.decode()
    assert str(rules.KEY_UNKNOWN % {"line": 3, "key": "nope:1"}) in page
    assert reverse("translations:upload-apply", args=[created.pk]) not in page
    assert manager_client.post(reverse("translations:upload-apply", args=[created.pk])).status_code == 400
    outcome.refresh_from_db()
    assert outcome.statement_fr in (None, "")


def test_a_source_changed_between_preview_and_confirmation_refuses_the_upload(manager_client):
    outcome = OutcomeFactory(statement="Outcome")
    upload(manager_client, "csv", [(key(outcome), "statement", "Outcome", "Résultat")])
    created = TranslationUpload.objects.get()
    type(outcome).objects.filter(pk=outcome.pk).update(statement_en="Outcome, revised")

    response = manager_client.post(reverse("translations:upload-apply", args=[created.pk]))

    assert response.status_code == 400
    assert str(rules.SOURCE_STALE % {"line": 2, "key": key(outcome), "field": "statement"}) in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.statement_fr in (None, "")
    created.refresh_from_db()
    assert created.status == TranslationUpload.Status.PREVIEWED


def test_an_unreadable_file_is_shown_on_the_form_not_a_server_error(manager_client):
    response = manager_client.post(
        reverse("translations:upload-create", args=["fr"]), {"file": SimpleUploadedFile("t.xlsx", b"not a zip")}
    )

    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx) that can be read" in response.content.decode()
    assert TranslationUpload.objects.count() == 0


def test_a_discarded_upload_saves_nothing(manager_client):
    outcome = OutcomeFactory(statement="Outcome")
    upload(manager_client, "csv", [(key(outcome), "statement", "Outcome", "Résultat")])
    created = TranslationUpload.objects.get()

    manager_client.post(reverse("translations:upload-discard", args=[created.pk]))

    created.refresh_from_db()
    assert created.status == TranslationUpload.Status.DISCARDED
    assert manager_client.post(reverse("translations:upload-apply", args=[created.pk])).status_code == 400
    outcome.refresh_from_db()
    assert outcome.statement_fr in (None, "")


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_officers_and_viewers_are_refused_the_translation_pages(client, role):
    client.force_login(user_with_role(role))

    for url in (
        reverse("translations:status"),
        reverse("translations:download", args=["fr"]),
        reverse("translations:upload-create", args=["fr"]),
    ):
        assert client.get(url).status_code == 403


def test_an_unknown_language_is_a_404(manager_client):
    assert manager_client.get(reverse("translations:download", args=["de"])).status_code == 404


def test_the_status_page_counts_and_lists_the_missing_texts_of_an_outcome_with_a_link_to_edit(manager_client):
    outcome = OutcomeFactory(statement="Outcome with a French text")
    indicator = IndicatorFactory(outcome=outcome, statement="Indicator in English only", unit="member States")
    upload(manager_client, "csv", [(key(outcome), "statement", outcome.statement, "Résultat en français")])
    manager_client.post(reverse("translations:upload-apply", args=[TranslationUpload.objects.get().pk]))

    page = manager_client.get(reverse("translations:status") + f"?language=fr&outcome={outcome.pk}")

    assert page.status_code == 200
    status = next(line for line in page.context["rows"] if line["line"].outcome_id == outcome.pk)
    assert status["line"].total == 4  # the outcome's statement, the indicator's statement and two units
    assert status["missing"] == [("fr", 3), ("es", 4)]
    missing = page.context["missing"]
    assert [(text.field, text.source) for text in missing] == [
        ("statement", "Indicator in English only"),
        ("unit", "member States"),
        ("unit_singular", "member State"),
    ]
    assert {text.edit_url for text in missing} == {reverse("translations:text-edit", args=[key(indicator)])}
    assert "Indicator in English only" in page.content.decode()


def test_the_navigation_links_the_translations_page_for_managers_only(client):
    client.force_login(user_with_role("manager"))
    assert reverse("translations:status") in client.get(reverse("home")).content.decode()
    client.force_login(user_with_role("officer"))
    assert reverse("translations:status") not in client.get(reverse("home")).content.decode()


def test_a_record_is_translated_on_a_page_showing_its_english_beside_each_language(manager_client):
    indicator = IndicatorFactory(statement="Number of member States", unit="member States")
    url = reverse("translations:text-edit", args=[key(indicator)])

    page = manager_client.get(url)

    assert page.status_code == 200
    content = page.content.decode()
    assert '<p lang="en" class="source-text" id="source-statement">Number of member States</p>' in content
    assert 'name="statement__fr"' in content
    assert 'name="unit_singular__es"' in content

    response = manager_client.post(
        url, {"statement__fr": "Nombre d'États Membres", "unit__fr": "États Membres", "statement__es": ""}
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.statement_fr == "Nombre d'États Membres"
    assert indicator.unit_fr == "États Membres"
    assert indicator.statement_en == "Number of member States"
    assert indicator.history.latest().history_change_reason == str(rules.TEXT_EDITED_REASON)


def test_a_translation_longer_than_its_field_is_refused_on_the_page(manager_client):
    indicator = IndicatorFactory()
    url = reverse("translations:text-edit", args=[key(indicator)])

    response = manager_client.post(url, {"unit__fr": "x" * 101})

    assert response.status_code == 400
    assert "Ensure this value has at most 100 characters (it has 101)." in response.content.decode()


def test_a_key_naming_nothing_translatable_is_a_404(manager_client):
    for bad in ("outcomes.outcome:999999", "accounts.profile:1", "outcomes.outcome:x", "nothing"):
        assert manager_client.get(reverse("translations:text-edit", args=[bad])).status_code == 404


def test_the_framework_editor_links_an_indicators_translations_for_managers(manager_client):
    indicator = IndicatorFactory(code="9.7")
    url = reverse("indicators:framework-indicator-update", args=["2014-15", indicator.code])

    page = manager_client.get(url)

    assert page.status_code == 200
    assert f'href="{reverse("translations:text-edit", args=[key(indicator)])}"' in page.content.decode()


def test_a_zip_bomb_uploaded_in_the_browser_is_refused_on_the_form(manager_client):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for _ in range(200):
                stream.write(b"\0" * (1024 * 1024))

    response = manager_client.post(
        reverse("translations:upload-create", args=["fr"]),
        {"file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())},
    )

    assert response.status_code == 400
    assert "This workbook unpacks to more than 128 MB (xl/worksheets/sheet1.xml)" in response.content.decode()
    assert TranslationUpload.objects.count() == 0


def test_a_manager_of_some_outcomes_cannot_translate_another_outcomes_texts(client):
    mine, other = OutcomeFactory(statement="Mine"), OutcomeFactory(statement="Not mine")
    client.force_login(user_with_role("manager", outcomes=[mine]))

    response = upload(
        client, "csv", [(key(mine), "statement", "Mine", "À moi"), (key(other), "statement", "Not mine", "Pas à moi")]
    )

    created = TranslationUpload.objects.get()
    assert response.status_code == 302
    assert created.plan["problems"] == [str(rules.OUTSIDE_SCOPE % {"line": 3, "key": key(other)})]
    edit = client.post(reverse("translations:text-edit", args=[key(other)]), {"statement__fr": "Pas à moi"})
    assert edit.status_code == 403
    other.refresh_from_db()
    assert other.statement_fr in (None, "")


def test_the_texts_tied_to_no_outcome_are_listed_under_their_own_line(manager_client):
    from tests.evaluations.factories import EvaluationFactory

    evaluation = EvaluationFactory(title="Evaluation only in English")

    page = manager_client.get(reverse("translations:status") + "?language=es&outcome=none")

    assert page.status_code == 200
    assert page.context["chosen"].label == "Not tied to an outcome"
    [text] = [text for text in page.context["missing"] if text.key == key(evaluation)]
    assert (text.field, text.source) == ("title", "Evaluation only in English")
    assert text.edit_url == reverse("translations:text-edit", args=[key(evaluation)])


def test_the_history_reason_of_a_translation_is_stored_in_english_whatever_the_translators_language(
    manager_client,
):
    outcome = OutcomeFactory(statement="Outcome")
    manager_client.cookies["django_language"] = "fr"
    upload(manager_client, "csv", [(key(outcome), "statement", "Outcome", "Résultat")])
    manager_client.post(reverse("translations:upload-apply", args=[TranslationUpload.objects.get().pk]))

    assert outcome.history.latest().history_change_reason == "Translation imported from traduction.csv"
