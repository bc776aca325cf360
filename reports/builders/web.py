"""The report as one self-contained HTML page (styles inline), also the source of the PDF."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from reports.builders import ReportDocument, labels


def build(document: ReportDocument) -> bytes:
    return render(document).encode("utf-8")


def render(document: ReportDocument) -> str:
    return render_to_string("reports/document.html", context(document))


def render_part(page_context: dict) -> str:
    """One part of the document (see `context`: which parts the flags show), as the PDF lays it out."""
    return render_to_string("reports/document.html", page_context)


def context(document: ReportDocument, *, results_annex: bool = True) -> dict:
    """Everything the template prints, worded in Python so the template only lays it out: the whole document.

    The PDF lays the document out part by part: the flags `front` (cover, summary, restatements),
    `sections` (the outcomes whose sections are shown), `recommendations_annex`, `results_annex_shown`
    (with `results_annex_first`: its heading) and `reconciliation` choose the parts, `page_numbers` the
    footer. Without `results_annex`, the annex's rows are left for the caller to fill in part by part.
    """
    data = document.data
    biennium = data["biennium"]
    regions = data["regions"]
    outcomes = []
    for outcome in data["outcomes"]:
        indicators = [
            {
                "code": indicator["code"],
                "heading": labels.indicator_heading(indicator),
                "target": labels.target_text(indicator),
                "label": indicator["label"],
                "status": labels.target_status(indicator),
                "met": indicator["target_met"],
                "regions": [
                    (region["name"], [labels.place_name(place) for place in indicator["places"][region["name"]]])
                    for region in regions
                ],
            }
            for indicator in outcome["indicators"]
        ]
        narrative = outcome["narrative"]
        outcomes.append(
            {
                "number": outcome["number"],
                "heading": labels.outcome_heading(outcome),
                "indicators": indicators,
                "has_territory": any(
                    place["territory"]
                    for indicator in outcome["indicators"]
                    for places in indicator["places"].values()
                    for place in places
                ),
                "figure_notes": [labels.figure_note_line(code, note) for code, note in labels.figure_notes(outcome)],
                "narrative_recorded": narrative["recorded"],
                "sections": [
                    (labels.section_heading(section["name"], biennium), section["paragraphs"])
                    for section in narrative["sections"]
                ],
                "outputs_introduction": narrative["outputs_introduction"],
                "outputs": [(labels.category_label(row["category"]), row["items"]) for row in narrative["outputs"]],
                "recommendations": [
                    {
                        "evaluation": labels.evaluation_cell(item),
                        "number": item["number"],
                        "text": item["text"],
                        "stance": labels.stance(item),
                        "follow_up": labels.follow_up(item),
                        "status": item["follow_up"],
                    }
                    for item in outcome["recommendations"]
                ],
            }
        )
    summary = data["summary"]
    return {
        "language": get_language() or "en",
        "title": labels.title(data),
        "subtitle": labels.subtitle(data),
        "framework": data["framework"],
        "provenance": labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash),
        "created": document.data_read_at.isoformat(timespec="seconds"),
        "content_hash": document.content_hash,
        "summary_heading": labels.summary_heading(),
        "summary_sentence": labels.summary_sentence(summary),
        "summary_columns": labels.summary_columns(),
        "summary_rows": labels.summary_rows(summary)[:-1],
        "summary_total": labels.summary_rows(summary)[-1],
        "regions": [region["short_name"] for region in regions],
        "region_count": len(regions) + 1,
        "indicators_column": labels.indicators_column(),
        "targets_column": labels.targets_column(data["biennium"]),
        "results_column": labels.results_column(data["biennium"]),
        "total_column": labels.total_column(),
        "territory_note": labels.territory_note(),
        "figure_notes_heading": labels.figure_notes_heading(),
        "territory_mark": labels.TERRITORY_MARK,
        "no_indicators": labels.no_indicators(),
        "no_narrative": labels.no_narrative(),
        "outputs_heading": labels.outputs_heading(),
        "none_recorded": labels.none_recorded(),
        "results_annex": labels.results_annex(data) if results_annex else [],
        "results_annex_shown": True,
        "results_annex_first": True,
        "results_annex_heading": labels.results_annex_heading(),
        "results_annex_columns": labels.results_annex_columns(),
        "no_results": labels.no_results(),
        "annex_heading": labels.annex_heading(),
        "reconciliation_heading": labels.reconciliation_heading(),
        "reconciliation_intro": labels.reconciliation_intro(),
        "reconciliation_columns": labels.reconciliation_columns(),
        "reconciliation_rows": labels.reconciliation_rows(data),
        "reconciliation_none": labels.reconciliation_none(),
        "annex_columns": labels.annex_columns(),
        "no_recommendations": labels.no_recommendations(),
        "page_label": _css_string(labels.page_label()),
        "of_label": _css_string(labels.of_label()),
        "running_title": _css_string(labels.title(data)),
        "outcomes": outcomes,
        "sections": outcomes,
        "front": True,
        "recommendations_annex": True,
        "reconciliation": True,
        "page_numbers": True,
        "restatements": labels.restatements_table(data),
        "no_restatements": labels.no_restatements(),
    }


def _css_string(text: str) -> SafeString:
    """Quote text for a CSS string inside <style>, where HTML escaping does not apply."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every special character is escaped above
