"""What every importer of published documents shares: the problem it reports and how it reads a file.

Importers are all or nothing: a parser collects every `Problem` it meets (with its line, and its
column when the source is a table), and the service refuses the whole document with `ImportRejected`
when there is one, so the user fixes them all in one go and nothing half-imported is left behind.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rbm.exceptions import ApplicationError

IMPORT_REJECTED = _("The document was not imported: %(count)d problem(s) found; nothing was saved.")
FILE_UNREADABLE = _("%(path)s could not be read: %(error)s")
FILE_NOT_UTF8 = _("%(path)s is not UTF-8 text; save it as UTF-8 and import it again.")


@dataclass(frozen=True)
class Problem:
    """Something in a source document that stops its import, where it is (lines and columns count from 1)."""

    line: int | None
    message: str
    column: int | None = None
    heading: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return str(self.message)
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
            if self.heading:
                where += f" ({self.heading})"
        return f"{where}: {self.message}"


class ImportRejected(ApplicationError):
    """An import found problems; `problems` lists every one of them and nothing was saved."""

    def __init__(self, problems: list[Problem], *, message: str | Promise = IMPORT_REJECTED) -> None:
        super().__init__(message % {"count": len(problems)}, extra={"problems": [str(problem) for problem in problems]})
        self.problems = problems


def text_file_read(*, path: str | Path) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); a ValidationError on `path` otherwise."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"path": FILE_NOT_UTF8 % {"path": path}}) from None
    except OSError as error:
        raise ValidationError({"path": FILE_UNREADABLE % {"path": path, "error": error.strerror or error}}) from None
