"""Measurements for one scale, run inside Django against the benchmark database; prints JSON figures."""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rbm.settings")

import django  # noqa: E402

django.setup()

import json  # noqa: E402
import subprocess  # noqa: E402
import urllib.request  # noqa: E402
from io import BytesIO  # noqa: E402

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SCALE = os.environ["BENCH_SCALE"]
ONLY = [item for item in os.environ.get("BENCH_ONLY", "").split(",") if item]
BIENNIUM = "2026-27"
INDICATOR = "1.1"
FIGURES: list[dict] = []
FLOORS: dict[str, float] = {}


def wanted(group: str) -> bool:
    return not ONLY or group in ONLY


def log(message: str) -> None:
    print(f"[scale {SCALE}] {message}", file=sys.stderr, flush=True)


def timed(function, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def figure(name: str, value, unit: str, *, floor=None, **extra) -> dict:
    item = {"name": name, "scale": float(SCALE), "value": value, "unit": unit, **extra}
    if floor is not None:
        item["floor"] = floor
        item["ratio"] = value / floor if floor else None
    FIGURES.append(item)
    return item


def raw_sql_floor(sql: str, repeat: int) -> list[float]:
    """The aggregate alone, through the bare driver on its own connection: the floor."""
    database = settings.DATABASES["default"]
    bare = psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
    )
    with bare.cursor() as cursor:

        def run():
            cursor.execute(sql)
            cursor.fetchall()

        samples = timed(run, repeat)
    bare.close()
    return samples


def expect_ok(response, url: str):
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def aggregate_sql_of(client: Client, url: str) -> str:
    """The grouped aggregate over results that answering `url` runs (Django logs it interpolated)."""
    with CaptureQueriesContext(connection) as queries:
        expect_ok(client.get(url), url)
    aggregates = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    return aggregates[-1]


def bench_counts(client: Client) -> None:
    for label, url in [
        ("one indicator", f"/api/v1/indicators/{INDICATOR}/counts/?biennium={BIENNIUM}"),
        ("whole biennium", f"/api/v1/counts/?biennium={BIENNIUM}"),
    ]:
        floor = statistics.median(raw_sql_floor(aggregate_sql_of(client, url), repeat=60))
        FLOORS[label] = floor
        samples = timed(lambda url=url: client.get(url), repeat=60)
        figure(
            f"counts endpoint, {label}: test client median",
            statistics.median(samples),
            "ms",
            floor=floor,
            p95=p95(samples),
            key=f"counts_{label.replace(' ', '_')}_client",
        )
        figure(f"counts endpoint, {label}: test client p95", p95(samples), "ms", floor=floor)


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "rbm.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def bench_gunicorn() -> None:
    port = 8765
    process = start_gunicorn(port)
    try:
        for label, path in [
            ("one indicator", f"/api/v1/indicators/{INDICATOR}/counts/?biennium={BIENNIUM}"),
            ("whole biennium", f"/api/v1/counts/?biennium={BIENNIUM}"),
        ]:
            url = f"http://127.0.0.1:{port}{path}"
            samples = timed(lambda url=url: urllib.request.urlopen(url, timeout=10).read(), repeat=60)  # noqa: S310
            floor = FLOORS.get(label)
            figure(f"counts endpoint, {label}: gunicorn median", statistics.median(samples), "ms", floor=floor)
            figure(f"counts endpoint, {label}: gunicorn p95", p95(samples), "ms", floor=floor)
        url = f"http://127.0.0.1:{port}/api/v1/indicators/{INDICATOR}/counts/?biennium={BIENNIUM}"
        done, errors, stop = [0], [0], time.time() + 8
        lock = threading.Lock()

        def client_loop():
            while time.time() < stop:
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
                        response.read()
                        ok = response.status == 200
                except Exception:  # noqa: BLE001 - every failure is an error to count
                    ok = False
                with lock:
                    done[0] += 1
                    errors[0] += 0 if ok else 1

        threads = [threading.Thread(target=client_loop) for _ in range(8)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        figure("counts endpoint under load (8 clients, 8 s): requests per second", done[0] / elapsed, "req/s")
        figure("counts endpoint under load (8 clients, 8 s): errors", errors[0], "errors", key="load_errors")
    finally:
        process.terminate()
        process.wait(timeout=10)


def queries_of(client: Client, url: str) -> int:
    """How many queries answering `url` runs (counted as they execute, whatever empties the query log)."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        expect_ok(client.get(url), url)
    return len(executed)


def bench_dashboard(client: Client) -> None:
    url = f"/dashboard/?biennium={BIENNIUM}"
    cache.clear()  # count the queries of the page computing its figures, not of a cache hit
    query_count = queries_of(client, url)
    samples = timed(lambda: client.get(url), repeat=20)
    figure("dashboard page: median", statistics.median(samples), "ms", key="dashboard_median")
    figure("dashboard page: queries", query_count, "queries", key="dashboard_queries")


def bench_results_list(client: Client) -> None:
    url = f"/api/v1/results/?biennium={BIENNIUM}&page_size=100"
    query_count = queries_of(client, url)
    samples = timed(lambda: client.get(url), repeat=30)
    figure("results list endpoint, page of 100: median", statistics.median(samples), "ms", key="list_median")
    figure("results list endpoint, page of 100: queries", query_count, "queries", key="list_queries")


def bench_import() -> None:
    from indicators.services import results_table_import
    from outcomes.selectors import biennium_get
    from places.models import Place, Region

    regions = list(Region.objects.order_by("position"))
    names = {region.pk: [] for region in regions}
    for place in Place.objects.order_by("name"):
        names[place.region_id].append(place.name)
    heading = "\t".join(["", "", "Total No.", *[region.short_name for region in regions]])
    rows = []
    for number in range(1, 31):
        cells = [" ".join(names[region.pk]) for region in regions]
        total = sum(len(names[region.pk]) for region in regions)
        rows.append(
            f"Indicator 99.{number}: Number of member States that, with ILO support, adopt measure {number}\t"
            f"10 member States\t{total} member States\t" + "\t".join(cells)
        )
    text = "\n".join(
        [
            "Outcome 99: Synthetic outcome for the import benchmark.",
            "Indicators\t2028-29 targets\t2028-29 results",
            heading,
            *rows,
        ]
    )
    biennium = biennium_get(label="2028-29")
    with transaction.atomic():
        started = time.perf_counter()
        summary = results_table_import(text=text, biennium=biennium, source="bench")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # leave the database as it was, so the run can be repeated
    created = summary.created.get("results", 0)
    figure("import_results_table: rows per second", created / seconds, "rows/s", rows=created, key="import_table_rate")


def bench_excel_upload(user) -> None:
    """Rows per second through the Excel upload: preview (parse and check) plus the all-or-nothing commit."""
    from io import BytesIO

    from openpyxl import load_workbook

    from indicators.parsers.workbook import RESULTS_SHEET
    from indicators.selectors import indicator_get
    from indicators.selectors.uploads import result_upload_template, workbook_columns
    from indicators.services.uploads import result_upload_commit, result_upload_create
    from outcomes.selectors import biennium_get
    from places.models import Place

    biennium = biennium_get(label=BIENNIUM)
    indicator = indicator_get(biennium=biennium, code="1.2")  # counts entities, so many rows per place
    workbook = load_workbook(BytesIO(result_upload_template(user=user, indicator=indicator, biennium=biennium)))
    sheet = workbook[RESULTS_SHEET]
    sheet.delete_rows(2, sheet.max_row)
    keys = [column.key for column in workbook_columns(indicator=indicator)]
    places = list(Place.objects.order_by("name").values_list("name", flat=True))
    rows = 5000
    for number in range(rows):
        values = {
            "place": places[number % len(places)],
            "entity_name": f"Benchmark organization {number}",
            "description": f"Benchmark result {number}: a collective agreement was signed.",
            "evidence": "Registry of collective agreements",
            "criteria_met": "1, 2",
            "links": "",
            "version": "",
        }
        sheet.append([values[key] for key in keys])
    content = BytesIO()
    workbook.save(content)
    with transaction.atomic():
        started = time.perf_counter()
        upload = result_upload_create(
            user=user, indicator=indicator, biennium=biennium, filename="bench.xlsx", content=content.getvalue()
        )
        result_upload_commit(user=user, upload=upload)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    figure(
        "Excel upload (preview and commit): rows per second",
        rows / seconds,
        "rows/s",
        rows=rows,
        key="import_excel_rate",
    )


def bench_report() -> None:
    """The full-biennium report, every outcome, each format timed by the builder itself."""
    from pypdf import PdfReader

    from outcomes.selectors import biennium_get
    from reports.services.build import report_build

    biennium = biennium_get(label=BIENNIUM)
    built = report_build(biennium=biennium, outcome_ids=None, formats=["html", "docx", "xlsx", "pdf"])
    for format, seconds in built.seconds.items():
        figure(f"full-biennium report: {format}", seconds, "s", key=f"report_{format}")
    figure(
        "full-biennium report: web page + Word + Excel",
        built.seconds["html"] + built.seconds["docx"] + built.seconds["xlsx"],
        "s",
        key="report_html_docx_xlsx",
    )
    pages = len(PdfReader(BytesIO(built.files["pdf"])).pages)
    figure(
        "full-biennium report: PDF seconds per page",
        built.seconds["pdf"] / pages,
        "s",
        pages=pages,
        key="report_pdf_per_page",
    )


def main() -> None:
    user = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
        "bench", "bench@example.org", "bench-password"
    )
    client = Client()
    client.force_login(user)
    anonymous = Client()
    if wanted("counts"):
        log("counts through the test client")
        bench_counts(anonymous)
    if wanted("gunicorn"):
        log("counts through gunicorn and under load")
        bench_gunicorn()
    if wanted("dashboard"):
        log("dashboard")
        bench_dashboard(client)
    if wanted("list"):
        log("results list endpoint")
        bench_results_list(client)
    # The import and report targets are set at scale 1; at larger scales they would only measure size.
    if wanted("import") and float(SCALE) == 1:
        log("import throughput")
        bench_import()
        bench_excel_upload(user)
    if wanted("report") and float(SCALE) == 1:
        log("full-biennium report")
        bench_report()
    print(json.dumps({"figures": FIGURES}))


if __name__ == "__main__":
    main()
