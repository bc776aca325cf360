"""Reading a revised matrix onto the matrix it revises, when the extraction cannot be read cell by cell.

GB.316/INS/5/1 reprints the 2011 matrix "as endorsed" with an added column, but its extraction lost the
activity numbers, split words across cells and printed the heading of some pages into the first row. Its
rows are matched, in order, to the means of action of the revised matrix by the words they share (a
monotone alignment, so each row goes to one means and the order is kept); each row's added-column text
then belongs to the means it matched. Text a page header carries past its heading goes to the next
matched row that has none of its own.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plans.parsers.matrix import Matrix, Row, header_overflow
from plans.parsers.text import DASHES, cell_clean, words
from plans.parsers.timing import TIMING_PREFIX, looks_like_timing
from rbm.parsers import Problem

NO_EXTRA_COLUMN = _("The matrix has no added column to read onto %(symbol)s.")
ROW_UNMATCHED = _("The row matches no means of action of %(symbol)s: “%(text)s”.")
NOTHING_MATCHED = _("No row of the matrix matches a means of action of %(symbol)s.")
# Share of a row's words a means of action must hold for the row to be read as that means.
THRESHOLD = 0.35


@dataclass(frozen=True)
class BaseMeans:
    ref: str
    text: str


@dataclass
class Aligned:
    extra: dict[str, str]
    lines: dict[str, int]
    problems: list[Problem]


def overlap_merge(first: str, fragment: str) -> str:
    """Join a cell and the fragment the extraction cut from it: the fragment's start may repeat words
    already in the cell ("… will be designed in Recommendation No. 202" + "mechanism will be designed in
    line with"), and its remaining words belong where the repeated run ends."""
    if not fragment:
        return first
    if not first:
        return fragment
    cell, piece = first.split(), fragment.split()
    for size in range(len(piece), 0, -1):
        run = piece[:size]
        for start in range(len(cell) - size + 1):
            if cell[start : start + size] == run:
                end = start + size
                return " ".join([*cell[:end], *piece[size:], *cell[end:]])
    return f"{first} {fragment}"


def _row_parts(row: Row) -> tuple[str, str]:
    """The row's text outside the added column, and its added-column text (with what the timing swallowed)."""
    index = row.header.extra_index
    cells = list(row.cells)
    extra = cell_clean(cells[index]) if index is not None and index < len(cells) else ""
    body = []
    for position, cell in enumerate(cells):
        if position == index:
            continue
        text = cell_clean(cell)
        match = TIMING_PREFIX.match(text.translate(DASHES))
        if match and not looks_like_timing(text):
            extra = overlap_merge(match.group(2), extra)
            continue
        if looks_like_timing(text):
            continue
        body.append(text)
    return " ".join(part for part in body if part), extra


def _score(row_words: frozenset[str], means_words: frozenset[str]) -> float:
    if not row_words:
        return 0.0
    return len(row_words & means_words) / len(row_words)


def revision_align(*, matrix: Matrix, base: list[BaseMeans], symbol: str) -> Aligned:
    """Each added-column text of the matrix, keyed by the ref of the base means of action it belongs to."""
    problems: list[Problem] = []
    if not matrix.extra_column:
        return Aligned(
            extra={}, lines={}, problems=[Problem(line=matrix.first_line, message=NO_EXTRA_COLUMN % {"symbol": symbol})]
        )
    rows = matrix.rows
    parts = [_row_parts(row) for row in rows]
    row_words = [words(body) for body, _extra in parts]
    base_words = [words(means.text) for means in base]
    scores = [[_score(row_words[i], base_words[j]) for j in range(len(base))] for i in range(len(rows))]
    # best[i][j]: the best total over the first i rows and j means; a row or a means may stay unmatched.
    best = [[0.0] * (len(base) + 1) for _ in range(len(rows) + 1)]
    for i in range(1, len(rows) + 1):
        for j in range(1, len(base) + 1):
            score = scores[i - 1][j - 1]
            matched = best[i - 1][j - 1] + score if score >= THRESHOLD else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], matched)
    pairs: dict[int, int] = {}
    i, j = len(rows), len(base)
    while i and j:
        score = scores[i - 1][j - 1]
        if score >= THRESHOLD and best[i][j] == best[i - 1][j - 1] + score:
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    if not pairs:
        problems.append(Problem(line=matrix.first_line, message=NOTHING_MATCHED % {"symbol": symbol}))
    extra: dict[str, str] = {}
    lines: dict[str, int] = {}
    pending = ""
    header_seen = None
    for index, row in enumerate(rows):
        if row.header is not header_seen:
            header_seen = row.header
            _timing, overflow = header_overflow(row.header, matrix.extra_column)
            pending = overflow or pending
        body, text = parts[index]
        if index not in pairs:
            if text:
                problems.append(
                    Problem(line=row.line, message=ROW_UNMATCHED % {"symbol": symbol, "text": (body or text)[:80]})
                )
            continue
        ref = base[pairs[index]].ref
        if not text and pending:
            text, pending = pending, ""
        if text:
            extra[ref] = f"{extra[ref]} {text}" if ref in extra else text
            lines.setdefault(ref, row.line)
    return Aligned(extra=extra, lines=lines, problems=problems)
