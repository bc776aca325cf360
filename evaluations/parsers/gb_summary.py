"""Reading a governing-body evaluation summary in the layout of seed 001 (GB.309/PFA/5/4).

The layout, as text extracted from the published document:

    309th Session, Geneva, November 2010          the session
    GB.309/PFA/5/4                                the symbol (repeated as a page header)
    FIFTH ITEM ON THE AGENDA / Evaluations        the agenda item, then the title up to "Overview"
    Issues covered                                a summary paragraph
    Introduction                                  "1. ... during the period 2005–09 ... Eleven case studies
                                                  were undertaken covering A, B ... and K."
                                                  "2. The evaluation addressed seven questions ...:" (1)...(7)
    Findings, conclusions and recommendations     headings per criterion ("Effectiveness"), numbered
                                                  paragraphs, "■ Recommendation N: ..." paragraphs and
                                                  "Suggested next steps:" with "–" bullets
    Lessons learned                               "–" bullets
    Comments from the Office                      general comments, then "■ Heading (Recommendations 1
                                                  and 11)" followed by the response text
    Geneva, 23 September 2010                     the date

Page headers and footers (the symbol, the ".doc" file name and page number) and footnotes are skipped.
Every problem found is collected with its line number; nothing stops at the first.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from evaluations.models import Criterion
from evaluations.parsers.text import Block, clean, number_from_word, year_pair
from places.models import Place
from places.selectors import PlaceIndex, place_mention_list, place_unknown_message
from rbm.parsers import Problem

_SYMBOL = re.compile(r"^GB\.\d+/[A-Z]+(?:/[\w.-]+)+$")
_SESSION = re.compile(r"^\d+(?:st|nd|rd|th) Session\b.*$", re.IGNORECASE)
_AGENDA = re.compile(r"ITEM ON THE AGENDA$", re.IGNORECASE)
_FILE_FOOTER = re.compile(r"^GB\d+[-_].*\.docx?\b.*$", re.IGNORECASE)
_LONE_NUMBER = re.compile(r"^\d{1,2}$")
_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_QUESTION = re.compile(r"^\((\d{1,2})\)\s+(\S.*)$")
_RECOMMENDATION = re.compile(r"^■\s*Recommendation\s+(\d+)\s*[:.]\s*(.*)$", re.IGNORECASE)
_SQUARE_BULLET = re.compile(r"^■\s*(.*)$")
_DASH_BULLET = re.compile(r"^[–—]\s*(.*)$")
_NEXT_STEPS = re.compile(r"^Suggested next steps\s*:\s*(.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^[A-Z][A-Za-z .-]+,\s+(\d{1,2} [A-Z][a-z]+ \d{4})$")
_PERIOD = re.compile(r"period\s+(\d{4})\s*[-–—]\s*(\d{2}|\d{4})\b")
_CASE_STUDIES = re.compile(
    r"\b(\w+)\s+case studies were (?:undertaken|conducted|carried out)\s+covering\s+(.+?)\.(?:\s|$)"
)
_QUESTION_COUNT = re.compile(r"addressed\s+(\w+)\s+questions", re.IGNORECASE)
_ANSWERS = re.compile(r"^(?P<heading>.*?)\s*\((?P<label>Recommendations?)\s+(?P<numbers>[\d,\sand]+)\)\s*(?P<rest>.*)$")

_COVER_HEADINGS = {
    "overview",
    "issues covered",
    "policy implications",
    "financial implications",
    "legal implications",
    "decision required",
}
_SECTION_HEADINGS = {
    "introduction": "introduction",
    "operational approach": "operational",
    "findings, conclusions and recommendations": "findings",
    "lessons learned": "lessons",
    "comments from the office": "office",
    "office response": "office",
}
_CRITERION_HEADINGS = [
    (re.compile(r"^relevance\b.*$", re.IGNORECASE), Criterion.RELEVANCE),
    (re.compile(r"^effectiveness\b.*$", re.IGNORECASE), Criterion.EFFECTIVENESS),
    (re.compile(r"^coherence\b.*$", re.IGNORECASE), Criterion.COHERENCE),
    (re.compile(r"^efficiency\b.*$", re.IGNORECASE), Criterion.EFFICIENCY),
    (re.compile(r"^internal coordination\b.*$", re.IGNORECASE), Criterion.COORDINATION),
    (re.compile(r"^impact\b.*$", re.IGNORECASE), Criterion.IMPACT),
    (re.compile(r"^sustainability\b.*$", re.IGNORECASE), Criterion.SUSTAINABILITY),
]

NO_SYMBOL = _("No document symbol (such as GB.309/PFA/5/4) was found.")
NO_TITLE = _("No title was found: the agenda item and the title are expected before “Overview”.")
NO_RECOMMENDATIONS = _("No “Recommendation N:” paragraphs were found.")
RECOMMENDATION_OUT_OF_ORDER = _(
    "Recommendation %(number)d is out of sequence: recommendation %(expected)d was expected."
)
NEXT_STEPS_WITHOUT_RECOMMENDATION = _("“Suggested next steps” appear before any recommendation.")
EMPTY_RECOMMENDATION = _("Recommendation %(number)d has no text.")
QUESTION_COUNT_MISMATCH = _("The text announces %(announced)s questions but lists %(found)d.")
QUESTION_OUT_OF_ORDER = _("Question (%(number)d) is out of sequence: question (%(expected)d) was expected.")
CASE_STUDY_COUNT_MISMATCH = _("The text announces %(announced)s case studies but names %(found)d places.")
UNKNOWN_PLACE = _("“%(name)s” is not a known member State or territory.")
UNKNOWN_RECOMMENDATION = _("The response answers recommendation %(number)d, which the document does not contain.")
ANSWERED_TWICE = _("Recommendation %(number)d is answered by two responses (lines %(first)d and %(second)d).")
RESPONSE_WITHOUT_RECOMMENDATIONS = _("The response heading does not name the recommendations it answers.")
UNREADABLE_DATE = _("“%(text)s” is not a date.")


@dataclass
class ParsedRecommendation:
    line: int
    number: int
    text: str
    next_steps: list[str] = field(default_factory=list)


@dataclass
class ParsedResponse:
    line: int
    heading: str
    numbers: list[int]
    text: str


@dataclass
class ParsedPlace:
    line: int
    reported_name: str
    place: Place


@dataclass
class ParsedFinding:
    criterion: str
    heading: str
    text: str


@dataclass
class GbSummary:
    symbol: str = ""
    session: str = ""
    title: str = ""
    date: datetime.date | None = None
    summary: str = ""
    period: tuple[int, int] | None = None
    case_studies: list[ParsedPlace] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    office_comments: str = ""
    responses: list[ParsedResponse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _criterion(text: str) -> str | None:
    if len(text) > 60 or text[-1:] in ".,;:?":
        return None
    for pattern, criterion in _CRITERION_HEADINGS:
        if pattern.match(text):
            return criterion
    return None


class _Reader:
    """Walks the lines once, turning them into blocks per section; problems are gathered on the way."""

    def __init__(self, text: str, index: PlaceIndex) -> None:
        self.index = index
        self.lines = [(number, clean(raw)) for number, raw in enumerate(text.splitlines(), start=1)]
        self.result = GbSummary()
        self.section = "cover"
        self.criterion: tuple[str, str] | None = None
        self.blocks: list[tuple[str, tuple[str, str] | None, Block]] = []
        self.current: Block | None = None
        self.footnotes_seen: set[str] = set()
        self.in_footnote = False
        self.paragraph = 0
        self.steps_for: ParsedRecommendation | None = None
        self.announced_questions: tuple[int, str] | None = None

    # -- tokenising --------------------------------------------------------------------------------

    def read(self) -> GbSummary:
        self._read_cover()
        for number, text in self.lines:
            if not text or self._is_noise(text):
                continue
            self._read_line(number, text)
        self._close()
        self._interpret()
        return self.result

    def _read_cover(self) -> None:
        result = self.result
        agenda_index = None
        for index, (_number, text) in enumerate(self.lines):
            if not result.symbol and _SYMBOL.match(text):
                result.symbol = text
            elif not result.session and _SESSION.match(text):
                result.session = text.rstrip(".")
            elif agenda_index is None and _AGENDA.search(text):
                agenda_index = index
            if text.casefold() == "overview":
                break
        if not result.symbol:
            result.problems.append(Problem(None, NO_SYMBOL))
        if agenda_index is not None:
            title_lines = []
            following = [text for _, text in self.lines[agenda_index + 1 :] if text]
            for text in following[1:]:
                if text.casefold() == "overview":
                    break
                title_lines.append(text)
            result.title = " ".join(title_lines)
        if not result.title:
            result.problems.append(Problem(None, NO_TITLE))

    def _is_noise(self, text: str) -> bool:
        if text == self.result.symbol or _FILE_FOOTER.match(text):
            return True
        if _LONE_NUMBER.match(text):
            if text in self.footnotes_seen:
                self.in_footnote = True  # the footnote itself, at the foot of the page
            else:
                self.footnotes_seen.add(text)  # the reference mark in the running text
            return True
        return False

    def _is_structural(self, text: str) -> bool:
        lowered = text.casefold()
        return bool(
            _SQUARE_BULLET.match(text)
            or _DASH_BULLET.match(text)
            or _NEXT_STEPS.match(text)
            or self._paragraph_number(text)
            or lowered in _SECTION_HEADINGS
            or lowered in _COVER_HEADINGS
            or (self.section == "findings" and _criterion(text))
            or _DATE_LINE.match(text)
        )

    def _paragraph_number(self, text: str) -> int | None:
        match = _PARAGRAPH.match(text)
        if match and int(match.group(1)) == self.paragraph + 1:
            return int(match.group(1))
        return None

    def _start(self, kind: str, line: int, text: str = "", number: int | None = None) -> Block:
        self._close()
        self.current = Block(kind=kind, line=line, number=number)
        if text:
            self.current.add(line, text)
        return self.current

    def _close(self) -> None:
        if self.current is not None:
            self.blocks.append((self.section, self.criterion, self.current))
            self.current = None

    def _read_line(self, number: int, text: str) -> None:
        if self.in_footnote:
            if not self._is_structural(text):
                return
            self.in_footnote = False
        lowered = text.casefold()
        if lowered in _SECTION_HEADINGS:
            self._close()
            self.section = _SECTION_HEADINGS[lowered]
            self.criterion = None
            return
        if self.section == "cover" and lowered in _COVER_HEADINGS:
            self._start("cover:" + lowered, number)
            return
        if self.section == "findings" and (criterion := _criterion(text)):
            self._close()
            self.criterion = (criterion, text)
            return
        if match := _DATE_LINE.match(text):
            self._start("date", number, match.group(1))
            self._close()
            return
        if paragraph := self._paragraph_number(text):
            self.paragraph = paragraph
            self._start("paragraph", number, _PARAGRAPH.match(text).group(2), number=paragraph)
            return
        if (match := _QUESTION.match(text)) and self.section == "introduction":
            self._start("question", number, match.group(2), number=int(match.group(1)))
            return
        if match := _RECOMMENDATION.match(text):
            self._start("recommendation", number, match.group(2), number=int(match.group(1)))
            return
        if match := _SQUARE_BULLET.match(text):
            self._start("item", number, match.group(1))
            return
        if match := _NEXT_STEPS.match(text):
            self._start("next_steps", number, match.group(1))
            self._close()
            return
        if match := _DASH_BULLET.match(text):
            self._start("bullet", number, match.group(1))
            return
        if self.current is None:
            self._start("text", number, text)
        else:
            self.current.add(number, text)

    # -- interpreting ------------------------------------------------------------------------------

    def _interpret(self) -> None:
        result = self.result
        findings: dict[str, ParsedFinding] = {}
        recommendation: ParsedRecommendation | None = None
        for section, criterion, block in self.blocks:
            if block.kind == "date":
                self._read_date(block)
            elif section == "cover" and block.kind == "cover:issues covered":
                result.summary = block.text
            elif section == "introduction" and block.kind == "paragraph":
                self._read_introduction(block)
            elif section == "introduction" and block.kind == "question":
                self._read_question(block)
            elif section == "findings" and block.kind == "recommendation":
                recommendation = self._read_recommendation(block, recommendation)
            elif section == "findings" and block.kind == "next_steps":
                if recommendation is None:
                    result.problems.append(Problem(block.line, NEXT_STEPS_WITHOUT_RECOMMENDATION))
                self.steps_for = recommendation
            elif section == "findings" and block.kind == "bullet" and self.steps_for is not None:
                self.steps_for.next_steps.append(block.text)
            elif section == "findings" and block.kind == "paragraph" and criterion:
                self.steps_for = None
                finding = findings.setdefault(
                    criterion[0], ParsedFinding(criterion=criterion[0], heading=criterion[1], text="")
                )
                paragraph = f"{block.number}. {block.text}"
                finding.text = f"{finding.text}\n\n{paragraph}" if finding.text else paragraph
            elif section == "lessons" and block.kind == "bullet":
                result.lessons.append(block.text)
            elif section == "office" and block.kind == "paragraph" and not result.responses:
                if not block.text.endswith(":"):
                    comment = f"{block.number}. {block.text}"
                    result.office_comments = (
                        f"{result.office_comments}\n\n{comment}" if result.office_comments else comment
                    )
            elif section == "office" and block.kind == "item":
                self._read_response(block)
        result.findings = list(findings.values())
        self._check()

    def _read_date(self, block: Block) -> None:
        try:
            self.result.date = datetime.datetime.strptime(block.text, "%d %B %Y").replace(tzinfo=datetime.UTC).date()
        except ValueError:
            self.result.problems.append(Problem(block.line, UNREADABLE_DATE % {"text": block.text}))

    def _read_introduction(self, block: Block) -> None:
        text = block.text
        if self.result.period is None and (match := _PERIOD.search(text)):
            self.result.period = year_pair(match.group(1), match.group(2))
        if match := _CASE_STUDIES.search(text):
            self._read_case_studies(block, match.group(1), match.group(2), offset=match.start(2))
        if match := _QUESTION_COUNT.search(text):
            self.announced_questions = (block.line, match.group(1))

    def _read_case_studies(self, block: Block, announced: str, names: str, *, offset: int) -> None:
        mentions = place_mention_list(text=names, index=self.index)
        for mention in mentions:
            line = block.line_at(offset + mention.start)
            if mention.place is None:
                name = mention.text.strip(" ,;")
                message = place_unknown_message(name=name, index=self.index, unknown=UNKNOWN_PLACE)
                self.result.problems.append(Problem(line, message))
            else:
                self.result.case_studies.append(ParsedPlace(line=line, reported_name=mention.text, place=mention.place))
        expected = number_from_word(announced)
        if expected is not None and expected != len(mentions):
            self.result.problems.append(
                Problem(
                    block.line,
                    CASE_STUDY_COUNT_MISMATCH % {"announced": announced.casefold(), "found": len(mentions)},
                )
            )

    def _read_question(self, block: Block) -> None:
        if block.number != len(self.result.questions) + 1:
            self.result.problems.append(
                Problem(
                    block.line,
                    QUESTION_OUT_OF_ORDER % {"number": block.number, "expected": len(self.result.questions) + 1},
                )
            )
        self.result.questions.append(block.text)

    def _read_recommendation(self, block: Block, previous: ParsedRecommendation | None) -> ParsedRecommendation | None:
        self.steps_for = None
        expected = previous.number + 1 if previous else 1
        if block.number != expected:
            self.result.problems.append(
                Problem(
                    block.line,
                    RECOMMENDATION_OUT_OF_ORDER % {"number": block.number, "expected": expected},
                )
            )
        if not block.text:
            self.result.problems.append(Problem(block.line, EMPTY_RECOMMENDATION % {"number": block.number}))
        recommendation = ParsedRecommendation(line=block.line, number=block.number, text=block.text)
        self.result.recommendations.append(recommendation)
        return recommendation

    def _read_response(self, block: Block) -> None:
        match = _ANSWERS.match(block.text)
        if match is None:
            self.result.problems.append(Problem(block.line, RESPONSE_WITHOUT_RECOMMENDATIONS))
            return
        numbers = [int(number) for number in re.findall(r"\d+", match.group("numbers"))]
        self.result.responses.append(
            ParsedResponse(
                line=block.line,
                heading=match.group("heading").strip(),
                numbers=numbers,
                text=match.group("rest").strip(),
            )
        )

    def _check(self) -> None:
        result = self.result
        if not result.recommendations:
            result.problems.append(Problem(None, NO_RECOMMENDATIONS))
        if self.announced_questions is not None:
            line, word = self.announced_questions
            expected = number_from_word(word)
            if expected is not None and expected != len(result.questions):
                result.problems.append(
                    Problem(
                        line, QUESTION_COUNT_MISMATCH % {"announced": word.casefold(), "found": len(result.questions)}
                    )
                )
        known = {recommendation.number for recommendation in result.recommendations}
        answered: dict[int, int] = {}
        for response in result.responses:
            for number in response.numbers:
                if number not in known:
                    result.problems.append(Problem(response.line, UNKNOWN_RECOMMENDATION % {"number": number}))
                elif number in answered:
                    result.problems.append(
                        Problem(
                            response.line,
                            ANSWERED_TWICE % {"number": number, "first": answered[number], "second": response.line},
                        )
                    )
                else:
                    answered[number] = response.line
        result.problems.sort(key=lambda problem: problem.line or 0)


def gb_summary_parse(*, text: str, places: PlaceIndex) -> GbSummary:
    """Read an evaluation summary; `problems` lists everything that stops it being imported."""
    return _Reader(text, places).read()
