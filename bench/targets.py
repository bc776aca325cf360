"""The performance targets of issue 18, each judged against its floor measured in the same run.

Every figure leaves here with `target` and `met`: a target it is judged by (met true or false), or
"reported" (met null) for a figure that is shown beside one that is judged (the warm twin of a cold
figure, a p50 beside its p99).
"""

COUNTS_LIMIT = {1.0: 2.0}  # cold counts against the raw-SQL floor; 1.5x at every larger scale
PAGE_LIMIT, PAGED_LIMIT = 1.5, 1.2  # a page's cold median at a larger scale against scale 1
IMPORT_RATE = 10_000  # rows per second
PDF_PER_PAGE = 0.1  # seconds
REPORT_MEMORY, UPLOAD_MEMORY = 500, 300  # MB, peak resident size of the process
REPORT_SECONDS = 10  # web page + Word + Excel
REPORT_TARGETS = {
    "report_pdf_per_page": f"report PDF at most {PDF_PER_PAGE} s per page",
    "report_memory": f"whole report within a peak of {REPORT_MEMORY} MB",
    "report_html_docx_xlsx": f"report web page + Word + Excel under {REPORT_SECONDS} s",
}


def _find(figures: list[dict], key: str, scale: float) -> dict | None:
    return next((item for item in figures if item.get("key") == key and item["scale"] == scale), None)


def evaluate(figures: list[dict], reference: list[dict] | None = None) -> dict:
    """Judge every figure; `reference` supplies scale-1 figures when this run did not measure scale 1."""
    targets: list[dict] = []
    base = [
        *figures,
        *[item for item in reference or [] if item["scale"] == 1.0 and not _find(figures, item.get("key", ""), 1.0)],
    ]

    def judge(item: dict, description: str, met: bool, detail: str) -> None:
        item["target"] = description
        item["met"] = met
        targets.append({"description": description, "scale": item["scale"], "met": met, "detail": detail})

    for item in figures:
        key, scale, value = item.get("key", ""), item["scale"], item["value"]
        if value is None and item.get("timed_out"):
            judge(
                item,
                REPORT_TARGETS.get(key, f"{item['name']}: finished"),
                False,
                f"timed out after {item['timed_out']:g} s",
            )
        elif key.startswith("counts_") and key.endswith("_selector_cold"):
            limit = COUNTS_LIMIT.get(scale, 1.5)
            label = key.removeprefix("counts_").removesuffix("_selector_cold").replace("_", " ")
            judge(
                item,
                f"counts ({label}), selector cold: median within {limit:g}x the raw-SQL floor",
                item["ratio"] is not None and item["ratio"] <= limit,
                f"{value:.2f} ms vs floor {item['floor']:.2f} ms ({item.get('floor_statements')} statements)"
                f" = {item['ratio']:.2f}x",
            )
        elif key.startswith("page_") and key.endswith("_cold"):
            first = _find(base, key, 1.0)
            if scale == 1.0 or first is None:
                continue
            limit = PAGED_LIMIT if item.get("paged") else PAGE_LIMIT
            item["floor"], item["ratio"] = first["value"], value / first["value"]
            judge(
                item,
                f"{item['name'].removesuffix(': cold median')}: cold median within {limit:g}x of scale 1",
                item["ratio"] <= limit,
                f"{value:.1f} ms vs {first['value']:.1f} ms = {item['ratio']:.2f}x",
            )
        elif key.startswith("page_") and key.endswith("_queries"):
            first = _find(base, key, 1.0)
            if scale == 1.0 or first is None:
                continue
            item["floor"], item["ratio"] = first["value"], value / first["value"] if first["value"] else None
            judge(
                item,
                f"{item['name'].removesuffix(': queries')}: query count equal at every scale",
                value == first["value"],
                f"{value} queries vs {first['value']} at scale 1",
            )
        elif key.startswith("load_") and key.endswith("_errors"):
            judge(item, f"{item['name'].removesuffix(': errors')}: zero errors", value == 0, f"{value} errors")
        elif key.startswith("load_") and key.endswith("_p99"):
            limit = item["p99_limit"]
            judge(
                item,
                f"{item['name'].removesuffix(': p99')}: p99 under {limit} ms",
                value is not None and value < limit,
                "no answer" if value is None else f"{value:.1f} ms",
            )
        elif key in ("import_table_rate", "import_excel_rate"):
            judge(item, f"{item['name']}: at least {IMPORT_RATE:,}", value >= IMPORT_RATE, f"{value:,.0f} rows/s")
        elif key == "report_pdf_per_page":
            judge(item, REPORT_TARGETS[key], value <= PDF_PER_PAGE, f"{value:.3f} s/page")
        elif key == "report_memory":
            judge(item, REPORT_TARGETS[key], value <= REPORT_MEMORY, f"{value:.0f} MB")
        elif key == "upload_preview_memory":
            judge(
                item, f"upload preview within a peak of {UPLOAD_MEMORY} MB", value <= UPLOAD_MEMORY, f"{value:.0f} MB"
            )
        elif key == "report_html_docx_xlsx":
            judge(
                item,
                REPORT_TARGETS[key],
                value < REPORT_SECONDS,
                f"{value:.2f} s",
            )

    # A scale-1 page figure is judged with the larger scales it is compared with.
    for item in figures:
        key = item.get("key", "")
        if item["scale"] == 1.0 and key.startswith("page_") and key.endswith(("_cold", "_queries")):
            larger = [other for other in figures if other.get("key") == key and other["scale"] > 1.0]
            if larger:
                item["target"] = larger[-1].get("target", "reported")
                item["met"] = all(other.get("met") for other in larger)
    for item in figures:
        item.setdefault("target", "reported")
        item.setdefault("met", None)
        item.setdefault("floor", None)
        item.setdefault("ratio", None)
    return {"figures": figures, "targets": targets}
