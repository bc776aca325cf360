"""Cleaning the text of a matrix cell as extracted from PDF: markup, footnote markers, spacing."""

import re

BOLD = re.compile(r"<b>(.*?)</b>|\*\*(.+?)\*\*", re.S)
_MARKUP = re.compile(r"</?(?:b|i|em|strong|u)>|\*\*")
_FOOTNOTE = re.compile(r"<sup>\s*[^<]{1,4}\s*</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SPACE_BEFORE = re.compile(r"\s+([),.;:])")
_SPACE_AFTER = re.compile(r"([(])\s+")
_SPACES = re.compile(r"\s+")
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014", "-"))


def footnotes_strip(text: str) -> str:
    return _FOOTNOTE.sub("", text)


def cell_clean(text: str) -> str:
    """The printed text of a cell: no markup, no footnote markers, single spaces."""
    text = footnotes_strip(text).replace("\x00", "")
    text = _MARKUP.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE.sub(r"\1", text)
    return _SPACE_AFTER.sub(r"\1", text)


def bold_spans(text: str) -> list[str]:
    """The key outputs of a cell: its bold spans, cleaned, in order."""
    spans = []
    for match in BOLD.finditer(footnotes_strip(text)):
        span = cell_clean(match.group(1) if match.group(1) is not None else match.group(2))
        if span:
            spans.append(span)
    return spans


_WORD = re.compile(r"[a-z0-9]{3,}")
_STOP = frozenset(
    ("the", "and", "for", "with", "that", "this", "from", "into", "its", "their", "such", "all", "are", "will")
)


def words(text: str) -> frozenset[str]:
    """The content words of a text, folded, for comparing garbled extractions with clean ones."""
    return frozenset(word for word in _WORD.findall(cell_clean(text).lower()) if word not in _STOP)
