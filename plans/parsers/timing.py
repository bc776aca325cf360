"""Reading the timing column of an activity matrix: a period of years, a biennium, a deadline, or text."""

import re
from dataclasses import dataclass

from plans.parsers.text import DASHES

_YEARS = re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_BIENNIUM = re.compile(r"\bbiennium\s+(\d{4})\s*-\s*(\d{2}|\d{4})\b", re.I)
_BEFORE = re.compile(r"^(?:before|by)\s+(?:the\s+)?end\s+of\s+(\d{4})$", re.I)
_BY_END = re.compile(r"\bby\s+(?:the\s+)?end\s+of\b.*?(\d{4})(?:\s*-\s*(\d{2}|\d{4}))?", re.I)
_NONE = {"", "-"}
# A timing cell that swallowed the start of the next column ("2012–14 Activities by the …").
TIMING_PREFIX = re.compile(r"^(\d{4}\s*[-–]\s*\d{2,4}|\d{4})\s+(\S.*)$", re.S)


@dataclass(frozen=True)
class Timing:
    text: str
    kind: str  # one of Means.TimingKind's values
    start: int | None = None
    end: int | None = None


def _year_end(start: int, end: str) -> int:
    if len(end) == 4:
        return int(end)
    century = start - start % 100
    value = century + int(end)
    return value if value >= start else value + 100


def is_biennium(start: int, end: int) -> bool:
    return end == start + 1 and start % 2 == 0


def timing_read(text: str) -> Timing:
    """The timing of a means of action; a period when the text is one, else the text as published."""
    text = " ".join(text.split())
    plain = text.translate(DASHES)
    if plain in _NONE:
        return Timing(text=text, kind="none")
    if match := _YEARS.match(plain):
        start = int(match.group(1))
        end = _year_end(start, match.group(2))
        if end < start:
            return Timing(text=text, kind="text")
        return Timing(text=text, kind="biennium" if is_biennium(start, end) else "years", start=start, end=end)
    if match := _YEAR.match(plain):
        year = int(match.group(1))
        return Timing(text=text, kind="years", start=year, end=year)
    if match := _BEFORE.match(plain):
        return Timing(text=text, kind="deadline", end=int(match.group(1)))
    if match := _BIENNIUM.search(plain):
        start = int(match.group(1))
        end = _year_end(start, match.group(2))
        if end >= start:
            return Timing(text=text, kind="deadline", start=start, end=end)
    if (match := _BY_END.search(plain)) and not match.group(2):
        return Timing(text=text, kind="deadline", end=int(match.group(1)))
    return Timing(text=text, kind="text")


def looks_like_timing(text: str) -> bool:
    return timing_read(text).kind != "text"
