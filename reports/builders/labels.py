"""The words every format prints around the data: titles, headings, column heads, notes.

Kept out of the report's data so that the content hash covers what was read, not the language.
"""

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.figures import entities_note
from outcomes.models import SignificantOutput
from outcomes.selectors import OUTPUTS_HEADING, SECTION_HEADINGS

TERRITORY_MARK = "*"


def title(data: dict) -> str:
    return _("Programme implementation report %(biennium)s") % {"biennium": data["biennium"]}


def subtitle(data: dict) -> str:
    outcomes = data["outcomes"]
    if len(outcomes) == 1:
        return _("Outcome %(number)s") % {"number": outcomes[0]["number"]}
    return ngettext("%(count)d outcome", "%(count)d outcomes", len(outcomes)) % {"count": len(outcomes)}


def provenance(*, data_read_at, content_hash: str) -> str:
    return _("Data read at %(when)s. Content hash (SHA-256): %(hash)s.") % {
        "when": date_format(data_read_at, "Y-m-d H:i:s T"),
        "hash": content_hash,
    }


def summary_heading() -> str:
    return _("Summary: targets met and not met")


def summary_sentence(summary: dict) -> str:
    return (
        _(
            "Of %(indicators)d indicators, %(met)d met their target, %(not_met)d did not and %(no_target)d had "
            "no target."
        )
        % summary
    )


def summary_columns() -> list[str]:
    return [_("Outcome"), _("Indicators"), _("Targets met"), _("Targets not met"), _("No target")]


def total_label() -> str:
    return _("Total")


SUMMARY_KEYS = ("indicators", "met", "not_met", "no_target")


def summary_rows(summary: dict) -> list[list]:
    """The summary table's rows: one per outcome, then the total."""
    rows = [[outcome_heading(row), *(row[key] for key in SUMMARY_KEYS)] for row in summary["outcomes"]]
    rows.append([total_label(), *(summary[key] for key in SUMMARY_KEYS)])
    return rows


def outcome_heading(outcome: dict) -> str:
    return _("Outcome %(number)s: %(statement)s") % outcome


def indicator_heading(indicator: dict) -> str:
    return _("Indicator %(code)s: %(statement)s") % indicator


def indicators_column() -> str:
    return _("Indicators")


def targets_column(biennium: str) -> str:
    return _("%(biennium)s targets") % {"biennium": biennium}


def results_column(biennium: str) -> str:
    return _("%(biennium)s results") % {"biennium": biennium}


def total_column() -> str:
    return _("Total No.")


def target_text(indicator: dict) -> str:
    if indicator["target_text"]:
        return indicator["target_text"]
    return "—" if indicator["target"] is None else str(indicator["target"])


def target_status(indicator: dict) -> str:
    if indicator["target_met"] is None:
        return _("no target")
    return _("target met") if indicator["target_met"] else _("target not met")


def place_name(place: dict) -> str:
    """The place as a list prints it: "Fiji", "Aruba*" (a territory), "Brazil (12)" (with its 12 entities)."""
    name = place["name"] + (TERRITORY_MARK if place["territory"] else "")
    if "entities" in place:
        return _("%(place)s (%(count)d)") % {"place": name, "count": place["entities"]}
    return name


def figure_notes_heading() -> str:
    return _("Notes on the published figures")


def figure_notes(outcome: dict) -> list[tuple[str, str]]:
    """The notes beside an outcome's table, by indicator code, one per indicator counting entities whose
    published table listed places without naming them: ("10.1", "38 workers' organizations published; …")."""
    return [
        (
            indicator["code"],
            entities_note(
                published=note["published"],
                places=note["places"],
                named=note["named"],
                unit=indicator["unit"],
                unit_singular=note["unit_singular"],
            ),
        )
        for indicator in outcome["indicators"]
        if (note := indicator.get("entities"))
    ]


def figure_note_line(code: str, note: str) -> str:
    return _("Indicator %(code)s: %(note)s") % {"code": code, "note": note}


def territory_note() -> str:
    return _("%(mark)s Territory, not a member State.") % {"mark": TERRITORY_MARK}


def no_indicators() -> str:
    return _("No indicators are recorded for this outcome.")


def no_narrative() -> str:
    return _("No narrative is recorded for this outcome and biennium.")


def section_heading(name: str, biennium: str) -> str:
    heading = str(SECTION_HEADINGS[name])
    return heading % {"biennium": biennium} if name == "areas_of_focus" else heading


def outputs_heading() -> str:
    return str(OUTPUTS_HEADING)


def category_label(category: str) -> str:
    return str(SignificantOutput.Category(category).label)


def none_recorded() -> str:
    return _("None recorded.")


def annex_heading() -> str:
    return _("Annex: evaluation recommendations linked to the outcomes")


def annex_columns() -> list[str]:
    return [_("Evaluation"), _("No."), _("Recommendation"), _("Office's stance"), _("Follow-up")]


def evaluation_cell(item: dict) -> str:
    parts = [item["evaluation_title"]]
    details = ", ".join(part for part in (item["evaluation_symbol"], item["evaluation_date"]) if part)
    if details:
        parts.append(f"({details})")
    return " ".join(parts)


def stance(item: dict) -> str:
    return item["stance"] or _("no response recorded")


def follow_up(item: dict) -> str:
    status = {
        "not started": _("not started"),
        "open": _("open"),
        "overdue": _("overdue"),
        "done": _("done"),
    }.get(item["follow_up"], item["follow_up"])
    actions = ngettext(
        "%(completed)d of %(total)d action completed",
        "%(completed)d of %(total)d actions completed",
        item["actions_total"],
    ) % {"completed": item["actions_completed"], "total": item["actions_total"]}
    return f"{status}; {actions}"


def no_recommendations() -> str:
    return _("No evaluation recommendation is linked to this outcome.")


def page_label() -> str:
    return _("Page")


def of_label() -> str:
    return _("of")


def restatements_heading(section: dict) -> str:
    return _("Figures restated since the edition of %(date)s (“%(title)s”)") % {
        "date": date_format(date.fromisoformat(section["edition_date"]), "DATE_FORMAT"),
        "title": section["edition_title"],
    }


def restatements_columns() -> list[str]:
    return [_("Date"), _("Indicator"), _("Place"), _("Change"), _("Figure"), _("Reason")]


def restatement_row(entry: dict) -> list[str]:
    change = _("now counts") if entry["counted"] else _("no longer counts")
    figure = f"{entry['figure_before']} → {entry['figure_after']}"
    return [entry["date"], entry["indicator"], entry["place"], change, figure, entry["reason"]]


def no_restatements() -> str:
    return _("No figure has been restated since that edition.")


def restatements_table(data: dict) -> tuple[str, list[str], list[list[str]]] | None:
    """The restatements section as every format prints it: heading, column heads and rows; None without an edition."""
    section = data.get("restatements")
    if not section:
        return None
    return restatements_heading(section), restatements_columns(), [restatement_row(e) for e in section["changes"]]


def reconciliation_heading() -> str:
    return _("Check sheet: derived figures against the published ones (not for publication)")


def reconciliation_intro() -> str:
    return _(
        "For the Office's own checks: where the figure derived from validated results differs from the figure a "
        "published report gave. The tables above show the derived figures only."
    )


def reconciliation_columns() -> list[str]:
    return [_("Outcome"), _("Indicator"), _("Derived from validated results"), _("Difference")]


def reconciliation_rows(data: dict) -> list[list[str]]:
    """One row per discrepancy sentence, for every indicator of every outcome the report covers."""
    return [
        [outcome["number"], indicator["code"], indicator["label"], sentence]
        for outcome in data["outcomes"]
        for indicator in outcome["indicators"]
        for sentence in indicator["discrepancies"]
    ]


def reconciliation_none() -> str:
    return _("Every derived figure agrees with the published one, where one was published.")


def reconciliation_sheet_title() -> str:
    return _("Check sheet")


def results_annex_heading() -> str:
    return _("Annex: results by indicator")


def results_annex_columns() -> list[str]:
    return [_("Country"), _("CPO code"), _("CPO title"), _("Criteria met"), _("Result")]


def results_annex_rows(results: list[dict]) -> list[list[str]]:
    """The rows of one indicator's region in the annex: country, CPO code and title, criteria met, result."""
    return [
        [
            place_name({"name": row["place"], "territory": row["territory"]}),
            row["cpo_code"] or "—",
            row["cpo_title"] or "—",
            ", ".join(str(number) for number in row["criteria_met"]) or "—",
            row["result"] or "—",
        ]
        for row in results
    ]


def no_results() -> str:
    return _("No validated result.")


def results_annex(data: dict) -> list[dict]:
    """The annex "results by indicator", as every builder lays it out: per indicator, its regions with results."""
    return list(results_annex_iter(data))


def results_annex_iter(data: Mapping, outcomes: Sequence[Mapping] | None = None) -> Iterator[dict]:
    """The annex one indicator at a time (of `outcomes`, by default all), so that a builder writing it as it goes
    holds one indicator's rows, not the whole annex's."""
    for outcome in data["outcomes"] if outcomes is None else outcomes:
        for indicator in outcome["indicators"]:
            results = indicator.get("results", {})
            yield {
                "code": indicator["code"],
                "heading": indicator_heading(indicator),
                "regions": [
                    (region["name"], results_annex_rows(results[region["name"]]))
                    for region in data["regions"]
                    if results.get(region["name"])
                ],
            }
