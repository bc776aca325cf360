"""Reading an outcome's narrative from a programme implementation report in the layout of seed 000.

After the indicator table the seed has four headed sections of running text, a "Significant outputs"
introduction, and a tab-separated table of outputs by category:

    How the strategy delivered on the two or three areas of focus identified in ...
    <paragraphs, separated by blank lines>
    How the strategy delivered support to constituents
    ...
    Significant outputs
    <introduction>
    Significant outputs<TAB>
    Knowledge generation and management<TAB><ul style="list-style-type: none"> • First output. • Second ...
    Upstream policy advice<TAB>...
    <TAB><p>... continued after a page break ...</p>

The text was extracted from a PDF, so it carries HTML fragments (`<ul style=...>`, `<p>`), bullets
("•") and paragraphs cut in two by page breaks. Reading turns them into clean paragraphs and items.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from outcomes.models import SignificantOutput
from outcomes.parsers.headings import NO_OUTCOME, OUTCOME_HEADING
from rbm.parsers import Problem

SECTION_FIELDS = ["areas_of_focus", "support_to_constituents", "gender_equality", "external_partnerships"]

# Checked in order: "delivered support to constituents" must win over "delivered on".
_HEADINGS = [
    ("support_to_constituents", re.compile(r"^How the strategy delivered support to constituents\b", re.I)),
    ("areas_of_focus", re.compile(r"^How the strategy delivered on\b", re.I)),
    ("gender_equality", re.compile(r"^How the strategy helped to address gender equality\b", re.I)),
    ("external_partnerships", re.compile(r"^Significant external partnerships\b", re.I)),
    ("outputs_introduction", re.compile(r"^Significant outputs\s*$", re.I)),
]
_OUTPUTS_TABLE = re.compile(r"^Significant outputs\t", re.I)
_MARKUP = re.compile(r"<\s*(/?)\s*(ul|ol|li|p|br|div|span|b|strong|i|em)\b[^>]*>|•|\u2022", re.I)
_ANY_TAG = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"\s+")
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]”\"']\s*$")

NO_SECTIONS = _("No narrative section headings (“How the strategy delivered …”) were found.")
UNKNOWN_CATEGORY = _("“%(label)s” is not a category of significant outputs (expected one of: %(expected)s).")


@dataclass
class NarrativeText:
    outcome_number: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)
    outputs: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def paragraphs(text: str) -> list[str]:
    """Split stored text into its paragraphs (blocks separated by blank lines)."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def items_from_markup(text: str) -> list[str]:
    """Turn a fragment with list markup, paragraphs and bullets into plain items.

    A bullet, a list item or a new list starts an item. A paragraph starts one too, unless the text
    before it stops mid-sentence: then the paragraph is the rest of it, cut by a page break.
    """
    items: list[str] = []
    current: list[str] = []

    def close() -> None:
        joined = _clean(" ".join(current))
        if joined:
            items.append(joined)
        current.clear()

    position = 0
    for match in _MARKUP.finditer(text):
        current.append(text[position : match.start()])
        position = match.end()
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if closing or tag in {"b", "strong", "i", "em", "span"}:
            continue
        if tag == "br":
            current.append(" ")
            continue
        if tag == "p" and _clean(" ".join(current)) and not _ENDS_SENTENCE.search(_clean(" ".join(current))):
            continue
        close()
    current.append(text[position:])
    close()
    return items


def narrative_parse(*, text: str) -> NarrativeText:
    parsed = NarrativeText()
    blocks: dict[str, list[list[str]]] = {}
    outputs: list[tuple[str, list[str], int]] = []
    current: str | None = None
    in_table = False
    labels = {label.casefold(): value for value, label in _english_categories()}

    for number, line in enumerate(text.splitlines(), start=1):
        if not parsed.outcome_number and (match := OUTCOME_HEADING.match(line)):
            parsed.outcome_number = match.group(1)
            continue
        if _OUTPUTS_TABLE.match(line):
            in_table, current = True, None
            continue
        if in_table:
            _read_table_line(line, number, labels, outputs, parsed.problems)
            continue
        heading = next((name for name, pattern in _HEADINGS if "\t" not in line and pattern.match(line)), None)
        if heading is not None:
            current = heading
            blocks.setdefault(current, [[]])
            continue
        if current is None:
            continue
        if line.strip():
            blocks[current][-1].append(line)
        elif blocks[current][-1]:
            blocks[current].append([])

    if not parsed.outcome_number:
        parsed.problems.insert(0, Problem(1, str(NO_OUTCOME)))
    if not any(name in blocks for name in SECTION_FIELDS):
        parsed.problems.append(Problem(1, str(NO_SECTIONS)))
    parsed.problems.sort(key=lambda problem: problem.line)
    for name, section_blocks in blocks.items():
        parsed.sections[name] = _join_broken_paragraphs(
            [item for block in section_blocks if block for item in items_from_markup(" ".join(block))]
        )
    for category, fragments, _line in outputs:
        parsed.outputs.extend((category, item) for item in items_from_markup(" ".join(fragments)))
    return parsed


def _read_table_line(line, number, labels, outputs, problems) -> None:
    if not line.strip():
        return
    cells = line.split("\t")
    label, content = cells[0].strip(), "\t".join(cells[1:])
    if not label:
        if outputs:
            outputs[-1][1].append(content)
        return
    category = labels.get(_clean(label).casefold())
    if category is None:
        expected = ", ".join(label for _value, label in _english_categories())
        problems.append(Problem(number, UNKNOWN_CATEGORY % {"label": label, "expected": expected}))
        return
    outputs.append((category, [content], number))


def _join_broken_paragraphs(items: list[str]) -> list[str]:
    """Rejoin a paragraph a page break cut in two: it stops mid-sentence and the next starts in lower case."""
    joined: list[str] = []
    for item in items:
        if joined and not _ENDS_SENTENCE.search(joined[-1]) and item[:1].islower():
            joined[-1] = f"{joined[-1]} {item}"
        else:
            joined.append(item)
    return joined


def _clean(text: str) -> str:
    return _SPACES.sub(" ", html.unescape(_ANY_TAG.sub(" ", text))).strip()


def _english_categories() -> list[tuple[str, str]]:
    """Category values with their English labels, as the published tables head their rows."""
    from django.utils import translation

    with translation.override("en"):
        return [(value, str(label)) for value, label in SignificantOutput.Category.choices]
