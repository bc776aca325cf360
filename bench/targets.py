"""The performance targets of issue 8, each judged against its floor measured in the same run."""


def _find(figures: list[dict], key: str, scale: float) -> dict | None:
    return next((item for item in figures if item.get("key") == key and item["scale"] == scale), None)


def evaluate(figures: list[dict]) -> dict:
    targets = []

    def judge(description: str, met: bool, detail: str, *items: dict | None) -> None:
        targets.append({"description": description, "met": met, "detail": detail})
        for item in items:
            if item is not None:
                item["target"] = description
                item["met"] = met

    for label in ("one_indicator", "whole_biennium"):
        for scale, limit in ((1.0, 2.0), (10.0, 1.5)):
            item = _find(figures, f"counts_{label}_client", scale)
            if item is not None and item.get("ratio") is not None:
                judge(
                    f"counts ({label.replace('_', ' ')}) median within {limit}x raw SQL at scale {scale:g}",
                    item["ratio"] <= limit,
                    f"{item['value']:.2f} ms vs floor {item['floor']:.2f} ms = {item['ratio']:.2f}x",
                    item,
                )
    for item in (figure for figure in figures if figure.get("key") == "load_errors"):
        judge(f"zero errors under load at scale {item['scale']:g}", item["value"] == 0, f"{item['value']} errors", item)

    dashboard_1 = _find(figures, "dashboard_median", 1.0)
    if dashboard_1 is not None:
        judge(
            "dashboard median under 150 ms at scale 1",
            dashboard_1["value"] < 150,
            f"{dashboard_1['value']:.1f} ms",
            dashboard_1,
        )
    queries_1, queries_10 = _find(figures, "dashboard_queries", 1.0), _find(figures, "dashboard_queries", 10.0)
    if queries_1 and queries_10:
        judge(
            "dashboard query count equal at scale 1 and 10",
            queries_1["value"] == queries_10["value"],
            f"{queries_1['value']} and {queries_10['value']}",
            queries_1,
            queries_10,
        )
    list_1, list_10 = _find(figures, "list_median", 1.0), _find(figures, "list_median", 10.0)
    if list_1 and list_10:
        list_10["floor"] = list_1["value"]
        list_10["ratio"] = list_10["value"] / list_1["value"]
        judge(
            "results list page of 100: median at scale 10 within 1.2x of scale 1",
            list_10["ratio"] <= 1.2,
            f"{list_10['value']:.2f} ms vs {list_1['value']:.2f} ms = {list_10['ratio']:.2f}x",
            list_10,
        )
    report = _find(figures, "report_html_docx_xlsx", 1.0)
    if report is not None:
        judge(
            "report web page + Word + Excel under 10 s at scale 1",
            report["value"] < 10,
            f"{report['value']:.2f} s",
            report,
        )
    pdf = _find(figures, "report_pdf_per_page", 1.0)
    if pdf is not None:
        judge("report PDF under 0.15 s per page at scale 1", pdf["value"] < 0.15, f"{pdf['value']:.3f} s/page", pdf)
    for key, label in (("import_table_rate", "import_results_table"), ("import_excel_rate", "Excel upload")):
        for item in (figure for figure in figures if figure.get("key") == key):
            judge(
                f"{label} at least 2,000 rows per second",
                item["value"] >= 2000,
                f"{item['value']:,.0f} rows/s",
                item,
            )
    return {"figures": figures, "targets": targets}
