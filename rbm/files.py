"""Files users upload: which documents are accepted (by their content, not their name), how big, and how
they are served back.

A file a user uploaded is never shown by the browser as a page: it is always an attachment, of a declared
type, with `Content-Security-Policy: sandbox` (no script, no origin) in case a browser opens it anyway.
Otherwise an officer's ".html report" would run its script with the rights of the manager who opens it.
"""

import io
import re
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


@dataclass(frozen=True)
class WorkbookRules:
    """What an uploaded .xlsx package may hold before any of its XML is parsed, and the words each refusal
    uses (each kind of upload names what it expected: "a results template", "a translation file")."""

    field: str
    members: int
    member_mb: int
    unpacked_mb: int
    sheet_rows: int
    sheet_cells: int
    not_a_workbook: Promise | str
    too_big: Promise | str
    over_compressed: Promise | str
    too_many_parts: Promise | str
    too_many_rows: Promise | str
    too_many_cells: Promise | str
    ratio: int = 200  # unpacked / packed size of any part over ratio_from_bytes; real sheets stay far below
    ratio_from_bytes: int = 1024 * 1024
    prologue_bytes: int = 64 * 1024

    def refused(self, message: Promise | str) -> ValidationError:
        return ValidationError({self.field: message})


# Whatever a corrupt, encrypted or hostile zip part makes zipfile raise while it is read.
_ZIP_UNREADABLE = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError)
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)[\s/>]")


def workbook_archive_check(content: bytes, *, rules: WorkbookRules) -> None:
    """Refuse, before any XML is parsed, a package that would unpack to too much or declares a DTD.

    The zip directory gives each part's unpacked size; Python's zipfile never reads past it, so the
    check bounds what parsing can unpack. A DTD has no place in a workbook and is how entity attacks start.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except _ZIP_UNREADABLE:
        raise rules.refused(rules.not_a_workbook) from None
    if len(members) > rules.members:
        raise rules.refused(rules.too_many_parts % {"limit": rules.members})
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > rules.member_mb * 1024 * 1024 or total > rules.unpacked_mb * 1024 * 1024:
            limit = rules.member_mb if member.file_size > rules.member_mb * 1024 * 1024 else rules.unpacked_mb
            raise rules.refused(rules.too_big % {"limit": limit, "part": member.filename})
        packed = max(member.compress_size, 1)
        if member.file_size > rules.ratio_from_bytes and member.file_size > rules.ratio * packed:
            raise rules.refused(rules.over_compressed % {"part": member.filename, "ratio": member.file_size // packed})
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")) and _declares_dtd(archive, member, rules=rules):
            raise rules.refused(rules.not_a_workbook)
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            _sheet_size_check(archive, member, rules=rules)


def _sheet_size_check(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, rules: WorkbookRules) -> None:
    """Count a sheet's rows and cells by streaming its XML (constant memory), before openpyxl reads it:
    without a dimension element, openpyxl's read-only sheet keeps every element it meets looking for one."""
    rows = cells = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                # A tag cut at the chunk's end is counted with the next chunk.
                cut = max(data.rfind(b"<"), len(data) - 64)
                for match in _ROW_OR_CELL.finditer(data, 0, cut):
                    if match.group(1) == b"row":
                        rows += 1
                    else:
                        cells += 1
                tail = data[cut:]
                if rows > rules.sheet_rows:
                    raise rules.refused(rules.too_many_rows % {"limit": rules.sheet_rows})
                if cells > rules.sheet_cells:
                    raise rules.refused(rules.too_many_cells % {"limit": rules.sheet_cells})
            for match in _ROW_OR_CELL.finditer(tail):
                rows += match.group(1) == b"row"
    except _ZIP_UNREADABLE:
        raise rules.refused(rules.not_a_workbook) from None
    if rows > rules.sheet_rows:
        raise rules.refused(rules.too_many_rows % {"limit": rules.sheet_rows})


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, rules: WorkbookRules) -> bool:
    try:
        with archive.open(member) as stream:
            prologue = stream.read(rules.prologue_bytes)
    except _ZIP_UNREADABLE:
        return True  # unreadable (encrypted, corrupt): refuse it like a DTD
    folded = prologue.replace(b"\x00", b"").upper()
    return b"<!DOCTYPE" in folded or b"<!ENTITY" in folded
