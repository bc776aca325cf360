"""Write bench/README.md from bench/results.json and bench/results-large.json (`python bench/run.py --readme`).

The text between the NOTES markers is written by hand (what is not met, why, what it would take) and kept.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
NOTES_START, NOTES_END = "<!-- notes: written by hand, kept by --readme -->", "<!-- end of notes -->"

INTRO = """# Benchmarks

`make bench` (scales 1 and 10) and `make bench-large` (scale 100) run `bench/run.py` against the local
PostgreSQL (`BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/`; one database per scale,
`rbm_bench_s<scale>`, or `<BENCH_DATABASE_PREFIX>_s<scale>`, copied from one migrated template and rebuilt
unless `--reuse`) with the cache on Redis when one answers at `BENCH_CACHE_URL` (default
`redis://127.0.0.1:6379/7`, flushed between cold requests). They print a table and write
`bench/results.json` (`bench/results-large.json`): every figure with its floor, ratio, target and whether
it is met, the machine it ran on, the run's total seconds (`seconds`) and each phase's seconds per scale
(`phases`: `setup` for collectstatic and the one migration, `data` for building a scale's database, then
`counts`, `pages`, `export`, `load`, `import`, `upload`, `report`); this file's tables are regenerated
from them (`python bench/run.py --readme`). Nothing here is a test, and no test depends on timing.

How each figure is taken:

- **Cold and warm.** Every page and endpoint is timed cold (the cache cleared before each timed request,
  so cached figures are computed) and warm (a cache hit). Targets apply to the cold figure; the warm one
  is reported beside it. Medians over up to 11 requests (at most 2 s of them, but never fewer than 3, so a
  slow page costs three samples; `BENCH_MAX_SAMPLES`, `BENCH_MAX_SECONDS`).
- **Counts** (one indicator; the whole biennium), three figures each:
  (a) the endpoint cold, over HTTP through the test client: the whole Django/DRF stack, middleware,
  session, serializer and every query; (b) the counts selector cold, called directly as the view calls it
  (`indicator_counts_cached` / `indicator_counts_list_cached`, cache cleared before each call): the ORM,
  the Python aggregation and every query it runs; (c) the floor: every SQL statement the selector runs
  cold, captured with `CaptureQueriesContext` and replayed in the same order, fetching every row, through
  the bare psycopg2 driver on a connection of its own, so the floor is the database's and the wire's
  share of that same work. Target: (b) within 2x of (c) at scale 1, 1.5x at scales 10 and 100. (a) is
  reported with its ratio to the same floor, not judged: its excess over (b) is the request stack. Warm
  figures (a cache hit) of both are reported. The statement count is kept as `floor_statements`.
- **Pages** (test client, signed in as an administrator; *My results* as the synthetic officer who recorded
  every twentieth result): query count of a cold request, equal at every scale; cold median at a larger
  scale within 1.5x of scale 1 (paged lists 1.2x). The pages are measured in three rounds with the scales
  taking turns (scale 1, scale 10, scale 1, ...; `BENCH_PAGE_ROUNDS`), each round a third of the samples
  and the median taken over all of them (`samples_ms`), so the machine's drift over minutes falls on both
  scales alike instead of in their ratio.
- **Exports**: the results list as CSV and Excel for the filter nearest 10,000 rows; time, and peak Python
  memory under tracemalloc (timed without it).
- **Under load**: gunicorn with 2 x cores + 1 workers, throttles lifted, 16 client threads for 20 s per
  endpoint (signed in by session cookie), each client's first three requests untimed (`BENCH_LOAD_WARMUP`:
  a worker that has just started compiles its templates and fills the cache then); p50, p99, requests per
  second, errors. Target: zero errors, p99
  under 250 ms (counts) and 500 ms (list, dashboard). Measured at the largest scale of the run (10 for
  `make bench`, 100 for `make bench-large`), where the targets are set.
- **Writes**: `import_results_table` of a published table of about 11,000 places and the Excel commit of
  10,000 rows, at least 10,000 rows per second (the median of three runs, each rolled back,
  `BENCH_WRITE_RUNS`); the upload preview of those 10,000 rows within a peak of
  300 MB and the whole-biennium report (web page, Word, Excel, PDF) within 500 MB, each in a process of its
  own (peak resident size, which includes the ~100 MB of a loaded Django); the PDF at most 0.1 s per page.
  Writes and the report run at the largest scale of the run only. The report's process is killed after
  `BENCH_REPORT_TIMEOUT` seconds (default 240): its figures are then recorded as not met, "timed out after
  N s", rather than allowed to take the run's time budget.
- **Scale 100** (`make bench-large`) measures counts, pages, exports and load; ratios to scale 1 read the
  scale-1 figures of `bench/results.json`.
"""


def _value(value, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if isinstance(value, float):
        return f"{value:,.0f} {unit}"
    return f"{value} {unit}"


def _met(item: dict) -> str:
    return "" if item.get("met") is None else ("yes" if item["met"] else "**no**")


def _table(report: dict) -> list[str]:
    lines = ["| figure | scale | value | floor | ratio | target | met |", "|---|---:|---:|---:|---:|---|---|"]
    for item in report["figures"]:
        ratio = "" if item.get("ratio") is None else f"{item['ratio']:.2f}x"
        target = "" if item.get("target") in (None, "reported") else item["target"]
        lines.append(
            f"| {item['name']} | {item['scale']:g} | {_value(item['value'], item['unit'])} | "
            f"{_value(item.get('floor'), item['unit'])} | {ratio} | {target} | {_met(item)} |"
        )
    return lines


def _machine(report: dict) -> str:
    machine = report.get("machine", {})
    return (
        f"Measured on {machine.get('cores')} cores ({machine.get('cpu', '?')}), {machine.get('memory', '?')} RAM, "
        f"Python {machine.get('python')}, PostgreSQL {machine.get('postgresql', '?')}, cache "
        f"{machine.get('cache', '?')}; the run took {report.get('seconds')} s."
    )


def _phases(report: dict) -> list[str]:
    """Where the run's time went: seconds of each phase, per scale."""
    phases = report.get("phases")
    if not phases:
        return []
    lines = []
    for scale, seconds in phases.items():
        if scale == "setup":
            lines.append(f"- setup (collectstatic and the one migration): {seconds['seconds']:g} s")
            continue
        lines.append(f"- scale {scale}: " + ", ".join(f"{name} {value:g} s" for name, value in seconds.items()))
    return ["Seconds per phase:", "", *lines, ""]


def readme_write() -> None:
    notes = f"{NOTES_START}\n## Notes\n\n(none yet)\n{NOTES_END}"
    if README.exists():
        text = README.read_text(encoding="utf-8")
        if NOTES_START in text and NOTES_END in text:
            notes = text[text.index(NOTES_START) : text.index(NOTES_END) + len(NOTES_END)]
    parts = [INTRO.rstrip(), "", notes, ""]
    for name, title in (("results.json", "`make bench`"), ("results-large.json", "`make bench-large`")):
        path = HERE / name
        if not path.exists():
            parts += [f"## {title}", "", f"Not run yet: `bench/{name}` does not exist.", ""]
            continue
        report = json.loads(path.read_text(encoding="utf-8"))
        missed = [target for target in report["targets"] if not target["met"]]
        parts += [f"## {title} (`bench/{name}`)", "", _machine(report), "", *_phases(report)]
        parts += [f"{len(report['targets']) - len(missed)} of {len(report['targets'])} targets met."]
        if missed:
            parts += ["Not met:", ""]
            parts += [
                f"- {target['description']} (scale {target.get('scale', '?')}): {target['detail']}" for target in missed
            ]
        parts += ["", *_table(report), ""]
    README.write_text("\n".join(parts), encoding="utf-8")
