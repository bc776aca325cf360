"""The activity matrix of a plan of action, as extracted from PDF into tab-separated rows.

Columns: category of activities, activity, means of action (key outputs in bold), timing, and in a
revised matrix an added column (GB.316/INS/5/1: activities specific to Recommendation No. 202). The
extraction repeats the header row on every page, may shift a row one cell to the left (its last cell
empty), may print a category's label on the first row of a page rather than on the row where the
category starts (the category starts where its activities are numbered from 1 again), marks key
outputs `<b>…</b>` or `**…**`, and carries footnote markers (`<sup>1</sup>`, `¹`).

`matrix_read` returns what it read and every problem with its line; nothing is guessed silently.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from plans.parsers.text import DASHES, bold_spans, cell_clean
from plans.parsers.timing import TIMING_PREFIX, Timing, looks_like_timing, timing_read
from rbm.parsers import Problem

NO_MATRIX = _("No activity matrix was found: a header row starting “Category of activities” is expected.")
ROW_WIDTH = _("The row has %(found)d cells where the header has %(expected)d.")
CATEGORY_ORDER = _("Category %(found)s is out of sequence: category %(expected)s was expected.")
ACTIVITY_ORDER = _("Activity %(found)d is out of sequence: activity %(expected)d was expected.")
ACTIVITY_WITHOUT_CATEGORY = _("Activity %(number)d comes before any category.")
ACTIVITY_WITHOUT_NUMBER = _("The activity “%(text)s” has no number.")
MEANS_ORDER = _("Means of action (%(found)s) is out of sequence: (%(expected)s) was expected.")
MEANS_WITHOUT_ACTIVITY = _("A means of action comes before any activity.")
ROW_UNREADABLE = _("The row names no category, activity or means of action: “%(text)s”.")
LABEL_UNUSED = _("Category %(code)s is printed but no activity numbered 1 follows it.")
MATRIX_EMPTY = _("The activity matrix has no activities.")
CROSS_REFERENCE_UNKNOWN = _("%(ref)s names a category or activity the matrix does not have.")

ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
HEADER = re.compile(r"^\s*category of activities\b", re.I)
_CATEGORY = re.compile(r"^([IVX]{1,4})\.\s*(.*)$")
_ACTIVITY = re.compile(r"^(\d{1,2})\.\s+(\S.*)$", re.S)
_MEANS = re.compile(r"^\(([ivx]{1,5})\)\s*(.*)$", re.S)
_MANDATE = re.compile(r"\bparas?\.\s*(\d{1,3})(?:\s*\(([a-zA-Z]{1,4})\))?")
_TARGET = re.compile(r"^target\s*:\s*(.+)$", re.I | re.S)
_TARGET_VALUE = re.compile(r"\b(\d{1,6})\b")
_TARGET_YEAR = re.compile(r"\bby\s+(\d{4})\b")
_XREF_MEANS = re.compile(r"\b([IVX]{1,4})\.(\d{1,2})(?:\.?\(([ivx]{1,5})\))?")
_XREF_CATEGORY = re.compile(r"\bsee\s+([IVX]{1,4})\b(?!\.\d)")
_FOOTNOTE_LINE = re.compile(r"^\s*(?:<sup>|[¹²³⁴⁵⁶⁷⁸⁹])")
CROSS_CUTTING_CODE = "G"


@dataclass
class ParsedTarget:
    text: str
    value: int
    year: int


@dataclass
class ParsedMeans:
    line: int
    numeral: str
    text: str
    key_outputs: list[str]
    timing: Timing
    extra: str = ""
    target: ParsedTarget | None = None
    cross_references: list[tuple[str, str, int | None, str]] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)


@dataclass
class ParsedActivity:
    line: int
    number: int
    text: str
    means: list[ParsedMeans] = field(default_factory=list)

    @property
    def mandate_references(self) -> list[tuple[int, str, str]]:
        """(paragraph, clause, label) of every "para. 35(l)" the activity cites, in order."""
        return [
            (int(match.group(1)), (match.group(2) or "").lower() if match.group(2) else "", match.group(0))
            for match in _MANDATE.finditer(self.text)
        ]


@dataclass
class ParsedCategory:
    line: int
    code: str
    title: str
    cross_cutting: bool = False
    activities: list[ParsedActivity] = field(default_factory=list)


@dataclass
class Matrix:
    title: str = ""
    extra_column: str = ""
    categories: list[ParsedCategory] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    first_line: int = 0
    rows: list["Row"] = field(default_factory=list)

    def means_list(self) -> list[tuple[ParsedCategory, ParsedActivity, ParsedMeans]]:
        return [
            (category, activity, means)
            for category in self.categories
            for activity in category.activities
            for means in activity.means
        ]


@dataclass
class Row:
    """One extracted line of the matrix: its cells, and the header it falls under."""

    line: int
    cells: list[str]
    header: "Header"


@dataclass
class Header:
    line: int
    cells: list[str]

    @property
    def width(self) -> int:
        return len(self.cells)

    @property
    def extra_index(self) -> int | None:
        """The index of the added column: the last heading, when it is not one of the four of the matrix."""
        filled = [index for index, cell in enumerate(self.cells) if cell.strip()]
        if not filled:
            return None
        last = filled[-1]
        heading = self.cells[last].strip().lower()
        if heading.startswith(("timing", "means", "ans of", "activity", "category")):
            return None
        return last


def matrix_lines(text: str) -> tuple[str, list[tuple[int, str]], int]:
    """The matrix's title and its lines (number, text) from the first header row to the end of the table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((index for index, line in enumerate(lines) if "\t" in line and HEADER.match(line)), None)
    if start is None:
        return "", [], 0
    title = ""
    for index in range(start - 1, max(start - 6, -1), -1):
        candidate = lines[index].strip().lstrip("#").strip()
        if candidate:
            title = cell_clean(candidate)
            break
    table = []
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if "\t" not in line or _FOOTNOTE_LINE.match(line):
            break
        table.append((index + 1, line))
    return title, table, start + 1


def rows_read(table: list[tuple[int, str]]) -> tuple[list[Header], list[Row]]:
    headers: list[Header] = []
    rows: list[Row] = []
    for number, line in table:
        cells = [cell.replace("\x00", "") for cell in line.split("\t")]
        if HEADER.match(line):
            headers.append(Header(line=number, cells=cells))
        elif headers:
            rows.append(Row(line=number, cells=cells, header=headers[-1]))
    return headers, rows


def extra_heading(headers: list[Header]) -> str:
    """The added column's heading as most pages print it (the first page's may run into the first row)."""
    headings = [cell_clean(h.cells[h.extra_index]) for h in headers if h.extra_index is not None]
    if not headings:
        return ""
    return max(set(headings), key=lambda heading: (headings.count(heading), -len(heading)))


def header_overflow(header: Header, heading: str) -> tuple[str, str]:
    """What a header row carries beyond its headings: the start of the next row's timing and added column."""
    timing, extra = "", ""
    for index, cell in enumerate(header.cells):
        text = cell_clean(cell)
        if index == header.extra_index and heading and text.startswith(heading):
            extra = text[len(heading) :].strip()
        elif text.lower().startswith("timing") and len(text) > len("timing"):
            timing = text[len("timing") :].strip()
    return timing, extra


def cross_references_read(text: str) -> list[tuple[str, str, int | None, str]]:
    """(label, category code, activity number or None, means numeral) of each reference in a cell."""
    found = []
    for match in _XREF_MEANS.finditer(text):
        found.append((match.group(0), match.group(1), int(match.group(2)), match.group(3) or ""))
    for match in _XREF_CATEGORY.finditer(text):
        found.append((match.group(1), match.group(1), None, ""))
    return found


def target_read(text: str) -> ParsedTarget | None:
    match = _TARGET.match(text)
    if not match:
        return None
    statement = match.group(1).strip()
    value = _TARGET_VALUE.search(statement)
    year = _TARGET_YEAR.search(statement)
    if not value or not year:
        return None
    return ParsedTarget(text=statement, value=int(value.group(1)), year=int(year.group(1)))


class _Reader:
    """Walks the rows of a clean matrix, keeping the category, activity and means being read."""

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self.category: ParsedCategory | None = None
        self.activity: ParsedActivity | None = None
        self.means: ParsedMeans | None = None
        self.pending_label: tuple[int, str, str] | None = None
        self.pending_timing = ""
        self.pending_extra = ""

    def problem(self, line: int, message: str) -> None:
        self.matrix.problems.append(Problem(line=line, message=message))

    def category_label(self, line: int, raw: str) -> tuple[str, str] | None:
        match = _CATEGORY.match(cell_clean(raw))
        if not match or match.group(1) not in NUMERALS:
            return None
        return match.group(1), match.group(2).strip()

    def category_start(self, line: int, code: str, title: str, cross_cutting: bool = False) -> None:
        if not cross_cutting:
            numbered = [c for c in self.matrix.categories if not c.cross_cutting]
            expected = NUMERALS[len(numbered)] if len(numbered) < len(NUMERALS) else "?"
            if code != expected:
                self.problem(line, CATEGORY_ORDER % {"found": code, "expected": expected})
        self.category = ParsedCategory(line=line, code=code, title=title, cross_cutting=cross_cutting)
        self.matrix.categories.append(self.category)
        self.activity = None
        self.means = None

    def activity_start(self, line: int, number: int, text: str) -> None:
        if number == 1 and self.pending_label is not None:
            label_line, code, title = self.pending_label
            self.pending_label = None
            self.category_start(label_line, code, title)
        if self.category is None:
            self.problem(line, ACTIVITY_WITHOUT_CATEGORY % {"number": number})
            return
        expected = self.category.activities[-1].number + 1 if self.category.activities else 1
        if number != expected:
            self.problem(line, ACTIVITY_ORDER % {"found": number, "expected": expected})
        self.activity = ParsedActivity(line=line, number=number, text=text)
        self.category.activities.append(self.activity)
        self.means = None

    def means_start(self, line: int, numeral: str, raw: str, timing: str, extra: str) -> None:
        if self.activity is None:
            self.problem(line, MEANS_WITHOUT_ACTIVITY)
            return
        if numeral:
            expected = ROMAN[len(self.activity.means)] if len(self.activity.means) < len(ROMAN) else "?"
            if numeral != expected:
                self.problem(line, MEANS_ORDER % {"found": numeral, "expected": expected})
        text = cell_clean(raw)
        timing = timing or self.pending_timing
        extra = extra or self.pending_extra
        self.pending_timing = self.pending_extra = ""
        self.means = ParsedMeans(
            line=line,
            numeral=numeral,
            text=text,
            key_outputs=bold_spans(raw),
            timing=timing_read(cell_clean(timing)),
            extra=cell_clean(extra),
            target=target_read(text),
            cross_references=cross_references_read(text),
            raw=[raw],
        )
        self.activity.means.append(self.means)

    def means_continue(self, raw: str, timing: str, extra: str) -> None:
        if self.means is None:
            return
        self.means.raw.append(raw)
        joined = " ".join(self.means.raw)
        self.means.text = cell_clean(joined)
        self.means.key_outputs = bold_spans(joined)
        self.means.cross_references = cross_references_read(self.means.text)
        if timing and not self.means.timing.text:
            self.means.timing = timing_read(cell_clean(timing))
        if extra:
            self.means.extra = cell_clean(f"{self.means.extra} {extra}")

    def row(self, row: Row) -> None:
        header = row.header
        cells = list(row.cells)
        width = header.width
        if len(cells) != width:
            self.problem(row.line, ROW_WIDTH % {"found": len(cells), "expected": width})
            return
        first = cell_clean(cells[0])
        label = self.category_label(row.line, cells[0]) if first else None
        # The extraction may move a row one cell to the left, leaving its last cell empty: an activity or a
        # line without numeral in the category column, or a numbered means of action in the activity column.
        shifted = not cells[-1].strip() and (
            (bool(first) and label is None)
            or (not first and len(cells) > 1 and bool(_MEANS.match(cell_clean(cells[1]))))
        )
        if shifted:
            cells = ["", *cells[:-1]]
        _category_cell, activity_cell, means_cell, timing_cell = (cells + [""] * 4)[:4]
        extra_cell = cells[4] if width > 4 else ""
        timing_text = cell_clean(timing_cell)
        if (match := TIMING_PREFIX.match(timing_text.translate(DASHES))) and not looks_like_timing(timing_text):
            timing_text, overflow = timing_cell.split(maxsplit=1)[0], match.group(2)
            extra_cell = f"{overflow} {extra_cell}".strip()
        activity_text = cell_clean(activity_cell)
        means_raw = means_cell.strip()
        if label is not None:
            code, title = label
            activity_match = _ACTIVITY.match(activity_text)
            if activity_match and int(activity_match.group(1)) != 1 and self.category is not None:
                self.pending_label = (row.line, code, title)
            else:
                self.pending_label = None
                self.category_start(row.line, code, title)
        elif shifted and activity_text and not _ACTIVITY.match(activity_text):
            # A line spanning the category and activity columns, without numeral: the cross-cutting line.
            self.category_start(row.line, CROSS_CUTTING_CODE, activity_text, cross_cutting=True)
            self.activity_start(row.line, 1, activity_text)
            activity_text = ""
        if activity_text:
            activity_match = _ACTIVITY.match(activity_text)
            if activity_match:
                self.activity_start(row.line, int(activity_match.group(1)), activity_match.group(2).strip())
            elif activity_text[:1].islower() and self.activity is not None:
                self.activity.text = f"{self.activity.text} {activity_text}"
            else:
                self.problem(row.line, ACTIVITY_WITHOUT_NUMBER % {"text": activity_text[:80]})
                return
        if means_raw:
            match = _MEANS.match(cell_clean(means_raw))
            if match:
                numeral = match.group(1)
                body = re.sub(r"^\s*\(\s*[ivx]{1,5}\s*\)\s*", "", means_raw)
                self.means_start(row.line, numeral, body, timing_text, extra_cell)
            elif activity_text or self.means is None:
                self.means_start(row.line, "", means_raw, timing_text, extra_cell)
            else:
                self.means_continue(means_raw, timing_text, extra_cell)
        elif timing_text or extra_cell.strip():
            if self.means is not None:
                self.means_continue("", timing_text, extra_cell)
        elif not activity_text and label is None:
            self.problem(row.line, ROW_UNREADABLE % {"text": cell_clean(" ".join(cells))[:80]})

    def finish(self) -> None:
        if self.pending_label is not None:
            line, code, _title = self.pending_label
            self.problem(line, LABEL_UNUSED % {"code": code})
        if not any(category.activities for category in self.matrix.categories):
            self.problem(self.matrix.first_line or None, MATRIX_EMPTY)
        self.cross_references_check()

    def cross_references_check(self) -> None:
        known = {(c.code, a.number) for c in self.matrix.categories for a in c.activities}
        codes = {c.code for c in self.matrix.categories}
        for _category, _activity, means in self.matrix.means_list():
            for label, code, number, _numeral in means.cross_references:
                if code not in codes or (number is not None and (code, number) not in known):
                    self.problem(means.line, CROSS_REFERENCE_UNKNOWN % {"ref": label})


def matrix_read(text: str) -> Matrix:
    """Read the activity matrix of a plan of action (the layout of GB.312/POL/2, Appendix I)."""
    title, table, first_line = matrix_lines(text)
    matrix = Matrix(title=title, first_line=first_line)
    if not table:
        matrix.problems.append(Problem(line=None, message=NO_MATRIX))
        return matrix
    headers, rows = rows_read(table)
    matrix.rows = rows
    matrix.extra_column = extra_heading(headers)
    reader = _Reader(matrix)
    header_seen = None
    for row in rows:
        if row.header is not header_seen:
            header_seen = row.header
            reader.pending_timing, reader.pending_extra = header_overflow(row.header, matrix.extra_column)
        reader.row(row)
    reader.finish()
    return matrix
