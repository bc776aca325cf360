"""Files users upload: which documents are accepted (by their content, not their name), how big, and how
they are served back.

A file a user uploaded is never shown by the browser as a page: it is always an attachment, of a declared
type, with `Content-Security-Policy: sandbox` (no script, no origin) in case a browser opens it anyway.
Otherwise an officer's ".html report" would run its script with the rights of the manager who opens it.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DOCUMENT_TYPE_REFUSED = _(
    "%(name)s is not a PDF, Word (.docx or .doc) or OpenDocument text (.odt) file; "
    "save the report in one of these formats and upload it again."
)
DOCUMENT_CONTENT_MISMATCH = _(
    "%(name)s is named as a %(named)s file but its content is not one; save it again as %(named)s and upload it."
)
FILE_TOO_LARGE = _("%(name)s is larger than %(limit)d MB.")
FILE_EMPTY = _("%(name)s is empty.")

OCTET_STREAM = "application/octet-stream"
SANDBOX = "sandbox"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ODT = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentType:
    name: str | Promise
    extensions: tuple[str, ...]
    content_type: str


PDF = DocumentType("PDF", (".pdf",), "application/pdf")
DOCX = DocumentType("Word", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOC = DocumentType("Word 97-2003", (".doc",), "application/msword")
ODT = DocumentType(_("OpenDocument text"), (".odt",), "application/vnd.oasis.opendocument.text")
DOCUMENT_TYPES = (PDF, DOCX, DOC, ODT)


def _head(upload: File, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _zip_members(upload: File) -> set[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                names.add("mimetype=" + archive.read("mimetype").decode("ascii", "replace").strip())
            return names
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, EOFError):
        return None
    finally:
        upload.seek(0)


def document_type_detected(upload: File) -> DocumentType | None:
    """The document type `upload`'s bytes are, or None: a PDF header, a Word or OpenDocument text package,
    or a Word 97-2003 compound file; a package holding macros is none of them."""
    head = _head(upload, 1024)
    if b"%PDF-" in head:
        return PDF
    if head.startswith(_OLE2):
        upload.seek(0)
        # The directory names its streams in UTF-16; a Word file has a "WordDocument" stream.
        found = any(_WORD_STREAM in chunk for chunk in _overlapping_chunks(upload))
        upload.seek(0)
        return DOC if found else None
    if head.startswith(b"PK\x03\x04"):
        members = _zip_members(upload)
        if members is None or any(name.endswith("vbaProject.bin") for name in members):
            return None
        if {"[Content_Types].xml", "word/document.xml"} <= members:
            return DOCX
        if "mimetype=" + _ODT.decode() in members and "content.xml" in members:
            return ODT
    return None


def _overlapping_chunks(upload: IO[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    tail = b""
    while chunk := upload.read(size):
        yield tail + chunk
        tail = chunk[-len(_WORD_STREAM) :]


def upload_size_check(upload: File, *, limit_mb: int, field: str) -> None:
    name = PurePosixPath(upload.name or "").name
    if not upload.size:
        raise ValidationError({field: FILE_EMPTY % {"name": name}})
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError({field: FILE_TOO_LARGE % {"name": name, "limit": limit_mb}})


def document_check(upload: File, *, field: str = "document_file") -> DocumentType:
    """The type of an uploaded report, checked by its content and its name; ValidationError on `field` else."""
    name = PurePosixPath(upload.name or "").name
    upload_size_check(upload, limit_mb=settings.RBM_DOCUMENT_MAX_MB, field=field)
    detected = document_type_detected(upload)
    extension = PurePosixPath(name.lower()).suffix
    named = next((kind for kind in DOCUMENT_TYPES if extension in kind.extensions), None)
    message: str | Promise
    if named is None:
        message = DOCUMENT_TYPE_REFUSED % {"name": name}
    elif detected != named:
        message = DOCUMENT_CONTENT_MISMATCH % {"name": name, "named": named.name}
    else:
        return detected
    raise ValidationError({field: message})


def _content_type(filename: str) -> str:
    extension = PurePosixPath(filename.lower()).suffix
    return next((kind.content_type for kind in DOCUMENT_TYPES if extension in kind.extensions), OCTET_STREAM)


def user_file_response(handle: IO[bytes], *, filename: str) -> FileResponse:
    """A file a user uploaded, as a download: the type of a document we accept, else bytes, always sandboxed."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=_content_type(filename))
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    return response
