"""Reading a synthesis review in the layout of seed 002 (EVAL synthesis review 2012-2018).

What is read:

- the title, from the cataloguing block before the imprint "International Labour Office – Geneva: ILO, 2020"
  (which also gives the year); the period covered from the title ("2012–2018");
- the first paragraph of the executive summary, as the summary;
- the annex table of the reports reviewed, one row per line:

      S.n. Report No. Title (TC Symbol) Evaluation type and timing
      5. E12 Improving social protection and promoting employment (INT/09/06/EEC) https://... Final Independent
      15. E27 ILO's strategies ... 2012–2017 (N/A) https://... High level evaluation

  The project symbol is the last bracketed group when it reads like one (RAF/13/04/IRL); "N/A" means none.
- where the review lays its findings out in chapters "What works?", "For whom?" and "Why?" (success
  factors and obstacles), each numbered section as a finding, citing the reports it names ("(E12, I-4)",
  "Source: Annex 1, E24").

Every problem is collected with its line number.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, SynthesisFinding
from evaluations.parsers.text import Block, clean, year_pair
from rbm.parsers import Problem

_IMPRINT = re.compile(r"^International Labour Office\s*[–—-]\s*Geneva\s*:\s*ILO,\s*(\d{4})$", re.IGNORECASE)
_TITLE_PERIOD = re.compile(r"(\d{4})\s*[–—-]\s*(\d{4}|\d{2})\b")
_EXECUTIVE_SUMMARY = re.compile(r"^[►▶]?\s*Executive summary\W*$", re.IGNORECASE)
_ANNEX_HEADING = re.compile(r"^Annex\b.*\breports reviewed$", re.IGNORECASE)
_ANNEX_HEADER = re.compile(r"^S\.\s?n\.?\s+Report No", re.IGNORECASE)
_ANNEX_ROW = re.compile(r"^(\d{1,3})\.\s+(\S+)\s+(.+)$")
_REPORT_NUMBER = re.compile(r"^(?:E\d+|I-?\d+)$")
_PROJECT_SYMBOL = re.compile(r"^[A-Z]{3}/\d{2}/\d{2,3}/[A-Z]{3}$")
_KIND_WORDS = r"(?:regional thematic evaluation|thematic evaluation|high[- ]level evaluation|project evaluation)"
_TIMING_WORDS = r"(?:final|interim|mid[- ]?term)\s+(?:independent|internal)"
_ROW_BODY = re.compile(
    rf"^(?P<title>.+?)\s*(?:\((?P<bracket>[^()]*)\))?\s*(?P<link>https?://\S+|N/A)?\s+"
    rf"(?P<type>{_KIND_WORDS}(?:\s+{_TIMING_WORDS})?|{_TIMING_WORDS})$",
    re.IGNORECASE,
)
_CHAPTER_NUMBER = re.compile(r"^[►▶]?\s*(\d)$")
_SECTION = re.compile(r"^[►▶]?\s*(?:\*\*)?(\d+(?:\.\d+)+)\s+(.+?)(?:\*\*)?$")
_CONTENTS_ENTRY = re.compile(r"\t\s*\d+\s*$")
_FOOTNOTE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070-\u2079]")
_BRACKETS = re.compile(r"\(([^()]+)\)")
_ANNEX_SOURCE = re.compile(r"Annex\s+1\s*,\s*([A-Z]-?\d+)")

CHAPTER_KINDS = {
    "what works?": SynthesisFinding.Kind.WHAT_WORKS,
    "for whom?": SynthesisFinding.Kind.FOR_WHOM,
}
WHY_CHAPTER = "why?"
WHY_SECTIONS = [
    (re.compile(r"success factors", re.IGNORECASE), SynthesisFinding.Kind.SUCCESS_FACTOR),
    (re.compile(r"obstacles|challenges", re.IGNORECASE), SynthesisFinding.Kind.OBSTACLE),
]

NO_TITLE = _(
    "No title was found: the cataloguing block ending “International Labour Office – Geneva: ILO, year” is missing."
)
NO_ANNEX = _("No annex listing the reports reviewed was found.")
NO_ROWS = _("The annex lists no reports.")
ROW_OUT_OF_ORDER = _("Row %(number)d is out of sequence: row %(expected)d was expected.")
UNREADABLE_ROW = _("The row does not read as “N. report-number title (symbol) link type-and-timing”.")
BAD_REPORT_NUMBER = _("“%(text)s” is not a report number such as E12 or I-4.")
REPORT_LISTED_TWICE = _("Report %(number)s is listed twice (rows %(first)d and %(second)d).")
UNKNOWN_CITATION = _("The finding “%(heading)s” cites report %(number)s, which the annex does not list.")


@dataclass
class AnnexRow:
    line: int
    position: int
    report_number: str
    title: str
    project_symbol: str
    link: str
    kind: str
    timing: str
    independence: str


@dataclass
class ParsedSynthesisFinding:
    line: int
    kind: str
    heading: str
    text: str
    cited: list[str] = field(default_factory=list)


@dataclass
class Synthesis:
    title: str = ""
    year: int | None = None
    period: tuple[int, int] | None = None
    summary: str = ""
    reports: list[AnnexRow] = field(default_factory=list)
    findings: list[ParsedSynthesisFinding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _read_type(text: str) -> tuple[str, str, str]:
    """Turn "Regional thematic evaluation Final independent" into (kind, timing, independence)."""
    lowered = " ".join(text.casefold().replace("-", " ").split())
    timing = ""
    independence = ""
    if match := re.search(r"(final|interim|mid ?term)\s+(independent|internal)$", lowered):
        timing = {"final": Evaluation.Timing.FINAL, "interim": Evaluation.Timing.INTERIM}.get(
            match.group(1), Evaluation.Timing.MID_TERM
        )
        independence = Evaluation.Independence(match.group(2))
    if "high level" in lowered:
        kind = Evaluation.Kind.HIGH_LEVEL
    elif "thematic" in lowered:
        kind = Evaluation.Kind.THEMATIC
    elif independence == Evaluation.Independence.INTERNAL:
        kind = Evaluation.Kind.INTERNAL
    else:
        kind = Evaluation.Kind.PROJECT
    return kind, timing, independence


def _read_cover(lines: list[tuple[int, str]], result: Synthesis) -> None:
    for index, (_number, text) in enumerate(lines):
        if match := _IMPRINT.match(text):
            result.year = int(match.group(1))
            title_lines: list[str] = []
            for _previous, previous_text in reversed(lines[:index]):
                if not previous_text:
                    continue
                if len(previous_text) > 200 or previous_text.endswith("."):
                    break
                title_lines.insert(0, previous_text)
            result.title = " ".join(title_lines)
            break
    if not result.title:
        result.problems.append(Problem(None, NO_TITLE))
        return
    if match := _TITLE_PERIOD.search(result.title):
        result.period = year_pair(match.group(1), match.group(2))
    for index, (_number, text) in enumerate(lines):
        if _EXECUTIVE_SUMMARY.match(text):
            result.summary = next((following for _, following in lines[index + 1 :] if following), "")
            break


def _read_annex(lines: list[tuple[int, str]], result: Synthesis) -> None:
    start = None
    for index, (_number, text) in enumerate(lines):
        if _ANNEX_HEADING.match(text):
            start = index + 1
    if start is None:
        result.problems.append(Problem(None, NO_ANNEX))
        return
    first_row: dict[str, int] = {}
    for number, text in lines[start:]:
        if not text or _ANNEX_HEADER.match(text):
            continue
        match = _ANNEX_ROW.match(text)
        if match is None:
            break
        position, report_number, body = int(match.group(1)), match.group(2), match.group(3)
        expected = len(result.reports) + 1
        if position != expected:
            result.problems.append(Problem(number, ROW_OUT_OF_ORDER % {"number": position, "expected": expected}))
        if not _REPORT_NUMBER.match(report_number):
            result.problems.append(Problem(number, BAD_REPORT_NUMBER % {"text": report_number}))
        elif report_number in first_row:
            result.problems.append(
                Problem(
                    number,
                    REPORT_LISTED_TWICE
                    % {"number": report_number, "first": first_row[report_number], "second": position},
                )
            )
        else:
            first_row[report_number] = position
        row = _ROW_BODY.match(body)
        if row is None:
            result.problems.append(Problem(number, UNREADABLE_ROW))
            continue
        title, bracket = row.group("title").strip(), (row.group("bracket") or "").strip()
        symbol = ""
        if _PROJECT_SYMBOL.match(bracket):
            symbol = bracket
        elif bracket and bracket.upper() != "N/A":
            title = f"{title} ({bracket})"
        link = row.group("link") or ""
        kind, timing, independence = _read_type(row.group("type"))
        result.reports.append(
            AnnexRow(
                line=number,
                position=position,
                report_number=report_number,
                title=title,
                project_symbol=symbol,
                link="" if link.upper() == "N/A" else link,
                kind=kind,
                timing=timing,
                independence=independence,
            )
        )
    if not result.reports:
        result.problems.append(Problem(lines[start - 1][0], NO_ROWS))


def _citations(block: Block) -> list[tuple[str, int]]:
    text = block.text
    found = []
    for match in _BRACKETS.finditer(text):
        for token in match.group(1).split(","):
            token = token.strip()
            if _REPORT_NUMBER.match(token):
                found.append((token, block.line_at(match.start())))
    for match in _ANNEX_SOURCE.finditer(text):
        found.append((match.group(1), block.line_at(match.start())))
    return found


def _read_findings(lines: list[tuple[int, str]], result: Synthesis, known: set[str]) -> None:
    chapter = ""
    why_kind = ""
    current: tuple[str, Block] | None = None
    blocks: list[tuple[str, Block]] = []
    expect_chapter_title = False
    for number, text in lines:
        if not text or _FOOTNOTE.match(text) or _CONTENTS_ENTRY.search(text):
            continue
        if _ANNEX_HEADING.match(text):
            break
        if _CHAPTER_NUMBER.match(text):
            expect_chapter_title = True
            continue
        if expect_chapter_title:
            expect_chapter_title = False
            if current:
                blocks.append(current)
            chapter = text.casefold()
            current = None
            if chapter in CHAPTER_KINDS and CHAPTER_KINDS[chapter] == SynthesisFinding.Kind.FOR_WHOM:
                current = (SynthesisFinding.Kind.FOR_WHOM, Block(kind="finding", line=number, heading=text))
            continue
        if section := _SECTION.match(text):
            if current:
                blocks.append(current)
            current = None
            depth = section.group(1).count(".")
            heading = clean(section.group(2).replace("*", ""))
            if chapter in CHAPTER_KINDS and CHAPTER_KINDS[chapter] == SynthesisFinding.Kind.WHAT_WORKS:
                current = (SynthesisFinding.Kind.WHAT_WORKS, Block(kind="finding", line=number))
            elif chapter == WHY_CHAPTER and depth == 1:
                why_kind = next((kind for pattern, kind in WHY_SECTIONS if pattern.search(heading)), "")
            elif chapter == WHY_CHAPTER and depth >= 2 and why_kind:
                current = (why_kind, Block(kind="finding", line=number))
            if current:
                current[1].heading = heading
            continue
        if current:
            current[1].add(number, text.replace("**", ""))
    if current:
        blocks.append(current)
    for kind, block in blocks:
        cited: list[str] = []
        for report_number, line in _citations(block):
            if report_number not in known:
                result.problems.append(
                    Problem(line, UNKNOWN_CITATION % {"heading": block.heading, "number": report_number})
                )
            elif report_number not in cited:
                cited.append(report_number)
        paragraphs = "\n\n".join(clean(part) for _, part in block.parts if clean(part))
        result.findings.append(
            ParsedSynthesisFinding(line=block.line, kind=kind, heading=block.heading, text=paragraphs, cited=cited)
        )


def synthesis_parse(*, text: str) -> Synthesis:
    """Read a synthesis review; `problems` lists everything that stops it being imported."""
    lines = [
        (number, clean(raw) if "\t" not in raw else raw.strip()) for number, raw in enumerate(text.splitlines(), 1)
    ]
    result = Synthesis()
    _read_cover(lines, result)
    _read_annex(lines, result)
    _read_findings(lines, result, known={report.report_number for report in result.reports})
    result.problems.sort(key=lambda problem: problem.line or 0)
    return result
