"""Pieces shared by the readers of published evaluation documents (their problems are `rbm.parsers.Problem`)."""

import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}


@dataclass
class Block:
    """Consecutive source lines read as one piece of text; remembers where each line came from."""

    kind: str
    line: int
    parts: list[tuple[int, str]] = field(default_factory=list)
    number: int | None = None
    heading: str = ""

    def add(self, line: int, text: str) -> None:
        self.parts.append((line, text))

    @property
    def text(self) -> str:
        return join_lines(text for _, text in self.parts)

    def line_at(self, offset: int) -> int:
        """The source line holding the character at `offset` of `text`."""
        line_starts = []
        joined = ""
        for line, raw in self.parts:
            piece = clean(raw)
            if not piece:
                continue
            line_starts.append((len(joined) + (1 if joined else 0), line))
            joined = join_lines([joined, piece])
        found = self.line
        for start, line in line_starts:
            if start > offset:
                break
            found = line
        return found


def clean(text: str) -> str:
    """Collapse runs of white space and drop superscript footnote marks."""
    return _SPACES.sub(" ", _SUPERSCRIPTS.sub("", text)).strip()


def join_lines(lines) -> str:
    """Join wrapped lines into running text; a word split after a hyphen ("web-" / "based") is rejoined."""
    result = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if not result:
            result = line
        elif result.endswith("-") and len(result) > 1 and result[-2].isalpha() and line[:1].islower():
            result += line
        else:
            result += " " + line
    return result


def number_from_word(word: str) -> int | None:
    word = word.strip().casefold()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def year_pair(start: str, end: str) -> tuple[int, int]:
    """Read "2005" and "09" (or "2009") as the years 2005 and 2009."""
    first = int(start)
    last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    if last < first:
        last += 100
    return first, last
