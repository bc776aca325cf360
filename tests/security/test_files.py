"""User files: evaluation reports are PDF, Word or OpenDocument text by their content, capped in size, and
every user file is served as a sandboxed attachment; a replaced report is deleted."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from evaluations.models import Evaluation
from evaluations.services import evaluation_input_from, evaluation_update
from indicators.services import result_evidence_add, result_record
from tests.factories import biennium, place, user_with_role
from tests.indicators.entry_helpers import indicator_with_criteria, officer

HOSTILE_PAGE = b"<html><body><script>fetch('/accounts/tokens/', {method: 'POST'})</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Independent evaluation of the strategy.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def odt_bytes() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return output.getvalue()


def doc_bytes() -> bytes:
    # A compound file header, then a directory entry naming the "WordDocument" stream (UTF-16).
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 600


def macro_docx_bytes() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"Attribute VB_Name")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def officer_client(db, media) -> Client:
    client = Client()
    client.force_login(user_with_role("officer", username="ama"))
    return client


def create(client: Client, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        reverse("evaluations:evaluation-create"),
        {
            "title": "Evaluation of the social security strategy",
            "kind": "project",
            "status": "draft",
            "document_file": SimpleUploadedFile(name, content, content_type),
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.html", HOSTILE_PAGE, "text/html"),
        ("report.xhtml", HOSTILE_PAGE, "application/xhtml+xml"),
        ("report.svg", SVG, "image/svg+xml"),
        ("report.xlsm", b"PK\x03\x04 not a report", "application/vnd.ms-excel.sheet.macroEnabled.12"),
    ],
)
def test_a_report_of_another_type_is_refused_with_its_name_and_nothing_is_stored(
    officer_client, media, name, content, content_type
):
    response = create(officer_client, name, content, content_type)

    assert response.status_code == 400
    assert (
        f"{name} is not a PDF, Word (.docx or .doc) or OpenDocument text (.odt) file; "
        "save the report in one of these formats and upload it again."
    ) in response.content.decode()
    assert Evaluation.objects.count() == 0
    assert list(media.rglob("*.*")) == []


@pytest.mark.parametrize(
    ("name", "content", "named"),
    [
        ("report.pdf", HOSTILE_PAGE, "PDF"),
        ("report.docx", HOSTILE_PAGE, "Word"),
        ("report.odt", docx_bytes(), "OpenDocument text"),
        ("report.docx", macro_docx_bytes(), "Word"),
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "Word 97-2003"),
    ],
)
def test_a_report_whose_content_is_not_what_its_name_says_is_refused(officer_client, name, content, named):
    response = create(officer_client, name, content)

    assert response.status_code == 400
    assert (
        f"{name} is named as a {named} file but its content is not one; save it again as {named} and upload it."
        in response.content.decode()
    )
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("report.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("report.doc", doc_bytes(), "application/msword"),
        ("report.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_a_report_is_served_as_a_sandboxed_attachment_of_its_type(officer_client, name, content, content_type):
    assert create(officer_client, name, content).status_code == 302
    evaluation = Evaluation.objects.get()

    response = officer_client.get(evaluation.document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{evaluation.document_file.name.rsplit("/")[-1]}"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_report_over_the_size_limit_is_refused(officer_client, settings):
    settings.RBM_DOCUMENT_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)

    response = create(officer_client, "report.pdf", big)

    assert response.status_code == 400
    assert "report.pdf is larger than 1 MB." in response.content.decode()
    assert Evaluation.objects.count() == 0


def test_a_replaced_or_removed_report_is_deleted_from_storage(
    officer_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create(officer_client, "first.pdf", PDF)
    evaluation = Evaluation.objects.get()
    first = evaluation.document_file.name
    user = evaluation.created_by

    data = evaluation_input_from(evaluation=evaluation)
    data.document_file = SimpleUploadedFile("second.pdf", PDF + b"% second")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_update(user=user, evaluation=evaluation, data=data)
    evaluation.refresh_from_db()
    second = evaluation.document_file.name

    assert not default_storage.exists(first)
    assert default_storage.exists(second)

    data = evaluation_input_from(evaluation=evaluation)
    data.clear_document_file = True
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_update(user=user, evaluation=evaluation, data=data)
    evaluation.refresh_from_db()

    assert not evaluation.document_file
    assert not default_storage.exists(second)
    assert list(media.rglob("*.pdf")) == []


def test_an_evidence_file_is_served_as_a_sandboxed_download_never_as_a_page(db, media):
    ama = officer("ama", "africa")

    result = result_record(
        user=ama,
        indicator=indicator_with_criteria(),
        biennium=biennium(),
        place=place("Ghana"),
        description="A law was adopted.",
    )
    evidence = result_evidence_add(
        user=ama, result=result, title="Minutes", file=SimpleUploadedFile("minutes.html", HOSTILE_PAGE, "text/html")
    )
    client = Client()
    client.force_login(ama)

    response = client.get(reverse("indicators:evidence-download", args=[result.pk, evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
