"""The IATI 2.03 activity file of a biennium's results framework and figures (`reports.selectors.iati`).

One `iati-activity` for the programme: a `result` per outcome, an `indicator` (measure 1, unit; ascending) per
indicator with a `period` for the biennium, its `target` and its `actual` values (the total, then one per
region, with the region's `location` and a `dimension` name="region"). Every text is a `narrative` per
language the data holds. The file says when its figures are from (an edition's moment) but not when it was
written, so the same data gives the same bytes, from the command and the API alike.
"""

from xml.etree import ElementTree

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.selectors.iati import IatiContent, IatiIndicator, IatiOutcome, Narratives

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI codelists: ActivityStatus 2 "Implementation"; ActivityDateType 1 "Planned start", 3 "Planned end";
# OrganisationRole 4 "Implementing"; ResultType 2 "Outcome"; IndicatorMeasure 1 "Unit";
# DescriptionType 1 "General"; ResultVocabulary and IndicatorVocabulary 99 "Reporting Organisation".
ACTIVITY_STATUS_IMPLEMENTATION = "2"
DATE_PLANNED_START = "1"
DATE_PLANNED_END = "3"
ROLE_IMPLEMENTING = "4"
RESULT_OUTCOME = "2"
MEASURE_UNIT = "1"
DESCRIPTION_GENERAL = "1"
VOCABULARY_REPORTING_ORGANISATION = "99"


def narratives_append(parent: ElementTree.Element, texts: Narratives) -> ElementTree.Element:
    """One <narrative xml:lang="..."> per non-empty text, in the order given."""
    for language, text in texts:
        if text and text.strip():
            narrative = ElementTree.SubElement(parent, "narrative", {XML_LANG: language})
            narrative.text = text.strip()
    return parent


def _worded(languages: list[str], word) -> Narratives:
    """Our own words (`word()` calls gettext) in every language of the site."""
    texts = []
    for language in languages:
        with translation.override(language):
            texts.append((language, str(word())))
    return texts


def _element(parent: ElementTree.Element, tag: str, **attributes: str) -> ElementTree.Element:
    return ElementTree.SubElement(parent, tag, {key.replace("_", "-"): value for key, value in attributes.items()})


def _title(content: IatiContent) -> str:
    return _("Results framework of the %(framework)s: results achieved in %(biennium)s") % {
        "framework": content.framework_name,
        "biennium": content.biennium.label,
    }


def _description(content: IatiContent) -> str:
    text = _(
        "The outcomes and indicators of the %(framework)s, with the targets of the biennium %(biennium)s and the "
        "results achieved, counted from validated country results."
    ) % {"framework": content.framework_name, "biennium": content.biennium.label}
    if content.edition is not None:
        text += " " + _("Figures as published in edition %(number)d, “%(title)s”, as of %(date)s.") % {
            "number": content.edition.number,
            "title": content.edition.title,
            "date": date_format(content.edition.as_of, "Y-m-d"),
        }
    return text


def _organisation(parent: ElementTree.Element, tag: str, **attributes: str) -> None:
    organisation = _element(parent, tag, ref=settings.IATI_REPORTING_ORG_REF, **attributes)
    narratives_append(organisation, [(settings.LANGUAGE_CODE, settings.IATI_REPORTING_ORG_NAME)])


def _period(parent: ElementTree.Element, content: IatiContent, indicator: IatiIndicator) -> None:
    counts = indicator.counts
    period = _element(parent, "period")
    _element(period, "period-start", iso_date=f"{content.biennium.start_year}-01-01")
    _element(period, "period-end", iso_date=f"{content.biennium.end_year}-12-31")
    if counts.get("target") is not None:
        target = _element(period, "target", value=str(counts["target"]))
        if counts.get("target_text"):
            narratives_append(_element(target, "comment"), [(settings.LANGUAGE_CODE, counts["target_text"])])
    actual = _element(period, "actual", value=str(counts["result"]))
    narratives_append(_element(actual, "comment"), [(settings.LANGUAGE_CODE, counts["label"])])
    by_region = counts.get("by_region") or {}
    for region in content.regions:
        if region.name not in by_region:
            continue
        in_region = _element(period, "actual", value=str(by_region[region.name]))
        _element(in_region, "location", ref=region.code)
        _element(in_region, "dimension", name="region", value=region.name)


def _indicator(parent: ElementTree.Element, content: IatiContent, indicator: IatiIndicator) -> None:
    element = _element(parent, "indicator", measure=MEASURE_UNIT, ascending="1")
    narratives_append(_element(element, "title"), indicator.statement)
    units = dict(indicator.unit)
    described = []
    for language in content.languages:
        if units.get(language):
            with translation.override(language):
                described.append((language, _("Counted in %(unit)s.") % {"unit": units[language]}))
    if described:
        narratives_append(_element(element, "description"), described)
    _element(element, "reference", vocabulary=VOCABULARY_REPORTING_ORGANISATION, code=indicator.code)
    _period(element, content, indicator)


def _result(parent: ElementTree.Element, content: IatiContent, outcome: IatiOutcome) -> None:
    result = _element(parent, "result", type=RESULT_OUTCOME)
    narratives_append(_element(result, "title"), outcome.statement)
    _element(result, "reference", vocabulary=VOCABULARY_REPORTING_ORGANISATION, code=outcome.number)
    for indicator in outcome.indicators:
        _indicator(result, content, indicator)


def build(content: IatiContent) -> bytes:
    """The IATI activity file, UTF-8 with its XML declaration."""
    languages = content.languages
    root = ElementTree.Element("iati-activities", {"version": IATI_VERSION})
    activity = _element(root, "iati-activity")
    activity.set(XML_LANG, settings.LANGUAGE_CODE)
    if content.edition is not None:
        activity.set("last-updated-datetime", content.edition.as_of.isoformat())
    _element(activity, "iati-identifier").text = settings.IATI_ACTIVITY_IDENTIFIER
    _organisation(activity, "reporting-org", type=settings.IATI_REPORTING_ORG_TYPE)
    narratives_append(_element(activity, "title"), _worded(languages, lambda: _title(content)))
    description = _element(activity, "description", type=DESCRIPTION_GENERAL)
    narratives_append(description, _worded(languages, lambda: _description(content)))
    _organisation(activity, "participating-org", role=ROLE_IMPLEMENTING, type=settings.IATI_REPORTING_ORG_TYPE)
    _element(activity, "activity-status", code=ACTIVITY_STATUS_IMPLEMENTATION)
    framework = content.biennium.framework
    _element(activity, "activity-date", type=DATE_PLANNED_START, iso_date=f"{framework.start_year}-01-01")
    _element(activity, "activity-date", type=DATE_PLANNED_END, iso_date=f"{framework.end_year}-12-31")
    for region in content.regions:
        location = _element(activity, "location", ref=region.code)
        narratives_append(_element(location, "name"), region.names)
    for outcome in content.outcomes:
        _result(activity, content, outcome)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
