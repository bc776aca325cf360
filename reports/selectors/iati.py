"""What the IATI export of a biennium shows: the framework's outcomes and indicators with their figures.

The figures are the counts objects of the counts API (`indicators.selectors.indicator_counts_list_cached`,
read in the site's language), or those an edition froze. Statements are read in every language the site is
built in that the data holds: `statement_fr` and the like when the models carry translated fields, else the
one text there is, in the site's language.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from indicators.selectors import indicator_list
from indicators.selectors.counts import indicator_counts_list_cached
from outcomes.models import Biennium, Edition
from outcomes.selectors import biennium_get, edition_get, outcome_list
from places.selectors import region_list
from reports.rules import IATI_EDITION_UNKNOWN

Narratives = list[tuple[str, str]]
"""(language code, text) pairs: one IATI <narrative xml:lang=...> each."""


@dataclass(frozen=True)
class IatiIndicator:
    code: str
    statement: Narratives
    unit: Narratives
    counts: dict[str, Any]


@dataclass(frozen=True)
class IatiOutcome:
    number: str
    statement: Narratives
    indicators: list[IatiIndicator]


@dataclass(frozen=True)
class IatiRegion:
    code: str
    name: str
    """As the counts object's `by_region` keys it: in the site's language."""
    names: Narratives


@dataclass(frozen=True)
class IatiContent:
    biennium: Biennium
    framework_name: str
    languages: list[str]
    outcomes: list[IatiOutcome]
    regions: list[IatiRegion]
    edition: Edition | None


def iati_languages() -> list[str]:
    """Every language the site is built in, the site's own first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def field_narratives(*, instance: object, field: str, languages: list[str]) -> Narratives:
    """The texts of `field` in each language that has one (`statement_fr`, ...), else the field's own text in
    the site's language: what there is, and nothing empty."""
    texts = [(language, getattr(instance, f"{field}_{language}", None)) for language in languages]
    found = [(language, text.strip()) for language, text in texts if isinstance(text, str) and text.strip()]
    if found:
        return found
    text = getattr(instance, field, "") or ""
    return [(settings.LANGUAGE_CODE, text.strip())] if text.strip() else []


def _edition(*, biennium: Biennium, number: int) -> Edition:
    try:
        return edition_get(biennium=biennium, number=number)
    except Edition.DoesNotExist:
        raise ValidationError(
            {"edition": IATI_EDITION_UNKNOWN % {"number": number, "biennium": biennium.label}}
        ) from None


def iati_content(*, biennium: str, edition: int | None = None) -> IatiContent:
    """The IATI export's content for a biennium as the client named it ("2014-15"): its figures now, as the
    counts API gives them, or as edition `edition` froze them.

    Raises ValidationError for a biennium or an edition that does not exist.
    """
    period = biennium_get(label=biennium)
    frozen = _edition(biennium=period, number=edition) if edition is not None else None
    languages = iati_languages()
    with translation.override(settings.LANGUAGE_CODE):
        figures = frozen.figures if frozen is not None else indicator_counts_list_cached(biennium=period.label)
        regions = [
            IatiRegion(
                code=region.code,
                name=region.name,
                names=field_narratives(instance=region, field="name", languages=languages),
            )
            for region in region_list()
        ]
    by_code = {item["indicator"]: item for item in figures}

    indicators: dict[int, list[IatiIndicator]] = {}
    for indicator in indicator_list(biennium=period):
        counts = by_code.get(indicator.code)
        if counts is None:
            # Not in the edition: added to the framework after it was published.
            continue
        indicators.setdefault(indicator.outcome_id, []).append(
            IatiIndicator(
                code=indicator.code,
                statement=field_narratives(instance=indicator, field="statement", languages=languages),
                unit=field_narratives(instance=indicator, field="unit", languages=languages),
                counts=dict(counts),
            )
        )
    outcomes = [
        IatiOutcome(
            number=outcome.number,
            statement=field_narratives(instance=outcome, field="statement", languages=languages),
            indicators=indicators[outcome.pk],
        )
        for outcome in outcome_list(biennium=period)
        if outcome.pk in indicators
    ]
    return IatiContent(
        biennium=period,
        framework_name=period.framework.name,
        languages=languages,
        outcomes=outcomes,
        regions=regions,
        edition=frozen,
    )
