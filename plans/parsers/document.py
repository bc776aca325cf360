"""What a governing-body paper says around its activity matrix: symbol, session, title, author unit,
the footnote stating a target's baseline and the member States' dated obligations."""

import calendar
import datetime
import re
from dataclasses import dataclass

from plans.parsers.text import DASHES, cell_clean

_SYMBOL = re.compile(r"\bGB\.\d{3}/[A-Z]{2,5}(?:/[0-9A-Za-z]{1,5}){0,4}(?:\(Rev\.\))?")
_SESSION = re.compile(r"\b(\d{3}(?:st|nd|rd|th) Session),\s*([^,\n]+),\s*([^\n]*\d{4})")
_AUTHOR_INLINE = re.compile(r"^\s*author unit\s*:\s*(.+?)\s*$", re.I | re.M)
_AUTHOR_HEADING = re.compile(r"^\s*#*\s*author unit\s*$", re.I)
_AGENDA = re.compile(r"\bitem on the agenda\b", re.I)
_TITLE_END = re.compile(r"^(overview|purpose of the document|executive summary|summary)$", re.I)
_PERIOD = re.compile(r"\b(\d{4})\s*-\s*(\d{2}|\d{4})\b")
_FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s*(.+)$")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_BASELINE = re.compile(
    r"\bas (?:of|at|in) (?P<when>(?:\d{1,2} )?[A-Z][a-z]+ \d{4}|\d{4}),\s*(?P<count>\d{1,6})\s+"
    r"(?:member States|countries|States)\s+had\s+(?P<verb>[a-z]+)\s+(?P<subject>(?:[^.]|\.(?=\s*\d))+)",
    re.I,
)
_INSTRUMENT = re.compile(r"\b(Convention|Recommendation)\s+No\.\s*(\d{1,3})")
_OBLIGATION = re.compile(r"\bby (\d{1,2} [A-Z][a-z]+ \d{4}) at the latest\b")
_PARAGRAPH = re.compile(r"^\s*[-*]?\s*\**(\d{1,3})\.\**\s")
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True)
class DocumentFacts:
    symbol: str
    session: str
    session_name: str
    session_date: str
    title: str
    author_unit: str


@dataclass(frozen=True)
class Baseline:
    value: int
    date: datetime.date
    source: str
    event_label: str


@dataclass(frozen=True)
class Obligation:
    line: int
    paragraph: int | None
    text: str
    deadline: datetime.date
    event_label: str


def date_read(text: str, *, month_end: bool = True) -> datetime.date | None:
    """A date as printed: "13 December 2013", "July 2011" (its last day, or first), "2011"."""
    parts = text.split()
    try:
        if len(parts) == 3:
            return datetime.date(int(parts[2]), MONTHS[parts[1].lower()], int(parts[0]))
        if len(parts) == 2:
            year, month = int(parts[1]), MONTHS[parts[0].lower()]
            day = calendar.monthrange(year, month)[1] if month_end else 1
            return datetime.date(year, month, day)
        if len(parts) == 1:
            return datetime.date(int(parts[0]), 12 if month_end else 1, 31 if month_end else 1)
    except (KeyError, ValueError):
        return None
    return None


def facts_read(text: str) -> DocumentFacts:
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    symbol_match = _SYMBOL.search(text)
    session_match = _SESSION.search(text)
    author = ""
    if match := _AUTHOR_INLINE.search(text):
        author = match.group(1)
    else:
        for index, line in enumerate(lines):
            if _AUTHOR_HEADING.match(line):
                author = next((later for later in lines[index + 1 : index + 4] if later), "")
                break
    title = ""
    for index, line in enumerate(lines):
        if _AGENDA.search(line):
            for later in lines[index + 1 : index + 12]:
                plain = cell_clean(later.lstrip("#").strip())
                if not plain:
                    continue
                if _TITLE_END.match(plain):
                    break
                title = plain
            break
    return DocumentFacts(
        symbol=symbol_match.group(0) if symbol_match else "",
        session=cell_clean(session_match.group(0)) if session_match else "",
        session_name=session_match.group(1) if session_match else "",
        session_date=cell_clean(session_match.group(3)) if session_match else "",
        title=title[:500],
        author_unit=cell_clean(author).rstrip(".")[:200],
    )


def period_read(text: str) -> tuple[int, int] | None:
    match = _PERIOD.search(text.translate(DASHES))
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    end_year = int(end) if len(end) == 4 else start - start % 100 + int(end)
    return (start, end_year) if end_year >= start else None


def footnotes_read(text: str) -> dict[int, tuple[int, str]]:
    """Footnote number → (line, text) of every footnote the document prints."""
    notes = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _FOOTNOTE.match(line)
        if match:
            mark = match.group(1) or match.group(2).translate(_SUPERSCRIPTS)
            notes.setdefault(int(mark), (number, cell_clean(match.group(3))))
    return notes


def instrument_of(text: str) -> str:
    match = _INSTRUMENT.search(text)
    return f"{match.group(1)} No. {match.group(2)}" if match else ""


def baseline_find(text: str, *, target_text: str) -> Baseline | None:
    """The baseline the document states for a target: a footnote such as "As of July 2011, 47 member
    States had ratified Convention No. 102", about the instrument the target names."""
    instrument = instrument_of(target_text)
    candidates = [(f"footnote {number}", note) for number, (_line, note) in sorted(footnotes_read(text).items())]
    candidates.append(("", cell_clean(text)))
    for where, passage in candidates:
        for match in _BASELINE.finditer(passage):
            if instrument and instrument_of(match.group("subject")) != instrument:
                continue
            when = date_read(match.group("when"))
            if when is None:
                continue
            sentence = match.group(0).strip().rstrip(".") + "."
            verb = match.group("verb").lower()
            noun = {"ratified": "ratification"}.get(verb, verb)
            label = f"{noun} of {instrument}" if instrument else noun
            source = f"{where}: {sentence}" if where else sentence
            return Baseline(value=int(match.group("count")), date=when, source=source, event_label=label[:100])
    return None


def obligations_find(text: str) -> list[Obligation]:
    """Member States' dated obligations: "… by 13 December 2013 at the latest"."""
    found = []
    paragraph = None
    for number, line in enumerate(text.split("\n"), start=1):
        if match := _PARAGRAPH.match(line):
            paragraph = int(match.group(1))
        for match in _OBLIGATION.finditer(line):
            deadline = date_read(match.group(1))
            if deadline is None:
                continue
            plain = cell_clean(line)
            sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", plain)
            sentence = next((s for s in sentences if match.group(0) in s), plain)
            label = "submission to the competent authorities" if "competent" in sentence else "obligation met"
            found.append(
                Obligation(line=number, paragraph=paragraph, text=sentence[:2000], deadline=deadline, event_label=label)
            )
    return found
