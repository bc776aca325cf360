"""Measurements for one scale, run inside Django against the benchmark database; prints JSON figures.

Every page and endpoint is measured cold (the cache cleared before each timed request, so the figures
are computed, not read back) and warm (the cache left as the previous request filled it), with the
number of queries a cold request runs. Memory figures come from a child process of their own
(`BENCH_CHILD`), whose peak resident size is what the operating system reports for it.
"""

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

import logging  # noqa: E402

logging.disable(logging.INFO)  # sign-ins and imports log at INFO; the figures are the output here

import http.client  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import tracemalloc  # noqa: E402
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
CHILD = os.environ.get("BENCH_CHILD", "")
BIENNIUM = "2026-27"
BIENNIUM_START = 2026
INDICATOR = "1.1"  # counts places
ENTITY_INDICATOR = "1.2"  # counts entities: hundreds of results at scale 10
EXPORT_ROWS = 10_000
PROXY = {"x-forwarded-proto": "https"}  # as the TLS-terminating proxy in front of the site says
FIGURES: list[dict] = []
FLOORS: dict[str, float] = {}
# Each sample set stops at whichever comes first: this many samples, or this many seconds (but never
# fewer than MIN_SAMPLES: a slow page gets three samples and its median, not a budget's worth).
MAX_SAMPLES = int(os.environ.get("BENCH_MAX_SAMPLES", "11"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "2"))
MIN_SAMPLES = 3
# The pages are measured in rounds, the scales taking turns (bench/run.py), so that the machine's drift
# over minutes lands on every scale alike rather than in the ratio between them; each round takes its
# share of the samples, and run.py pools the rounds' samples into one median.
PAGE_ROUNDS = max(1, int(os.environ.get("BENCH_PAGE_ROUNDS", "1")))
# The writes (the import, the Excel upload) are each timed this many times, rolled back, and the median
# kept: one run of about a second moves by a third with what else the machine does.
WRITE_RUNS = int(os.environ.get("BENCH_WRITE_RUNS", "3"))
# Requests each load client makes, untimed, before the timed window opens (see `load`).
LOAD_WARMUP = int(os.environ.get("BENCH_LOAD_WARMUP", "3"))
# The whole-biennium report runs in a child process killed after this long: a figure that does not
# finish is recorded as not met rather than allowed to take the run's time budget.
REPORT_TIMEOUT = float(os.environ.get("BENCH_REPORT_TIMEOUT", "240"))
REPORT_PDF_OUTCOMES = int(os.environ.get("BENCH_REPORT_PDF_OUTCOMES", "2"))
PHASES: dict[str, float] = {}


def wanted(group: str) -> bool:
    return not ONLY or group in ONLY


def log(message: str) -> None:
    print(f"[scale {SCALE}] {message}", file=sys.stderr, flush=True)


def sample(function, *, before=None, warmup: int = 1, share: int = 1) -> list[float]:
    """Milliseconds per call; `before` runs untimed ahead of every call (e.g. clearing the cache).

    `share` > 1 takes that fraction of the samples and of the time budget (one round of several).
    """
    for _ in range(warmup):
        if before:
            before()
        function()
    samples: list[float] = []
    most, least = -(-MAX_SAMPLES // share), -(-MIN_SAMPLES // share)
    deadline = time.perf_counter() + MAX_SECONDS / share
    while len(samples) < most and (len(samples) < least or time.perf_counter() < deadline):
        if before:
            before()
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def figure(name: str, value, unit: str, *, key: str, floor=None, **extra) -> dict:
    item = {"name": name, "key": key, "scale": float(SCALE), "value": value, "unit": unit, **extra}
    if floor is not None:
        item["floor"] = floor
        item["ratio"] = value / floor if floor else None
    FIGURES.append(item)
    return item


def expect_ok(response, url: str):
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def get(client: Client, url: str):
    response = client.get(url)
    expect_ok(response, url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def queries_of(client: Client, url: str) -> tuple[int, list[str]]:
    """How many queries answering `url` cold runs (counted as they execute, whatever empties the query log)."""
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # One request first: the session is renewed (saved) at most once a minute, and that write would
    # otherwise land in whichever count comes after a minute's gap.
    get(client, url)
    cache.clear()
    with connection.execute_wrapper(count):
        get(client, url)
    return len(executed), executed


# --- the counts, against the raw-SQL floor --------------------------------------------------------


def bare_connection():
    """A connection through the bare driver, outside Django: no ORM, no middleware, no wrappers."""
    database = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
    )


def raw_sql_floor(statements: list[str]) -> list[float]:
    """Every statement the selector ran, replayed in order through the bare driver on its own connection:
    the time the database and the wire take for that work, and nothing else. The floor."""
    bare = bare_connection()
    with bare.cursor() as cursor:

        def run():
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()

        samples = sample(run, warmup=3)
    bare.close()
    return samples


def statements_of(function) -> list[str]:
    """The SQL `function` runs cold, as executed (Django logs it with the parameters interpolated)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        function()
    return [query["sql"] for query in queries.captured_queries]


def counts_selectors():
    """(label, url, selector call): the endpoint and the cached selector behind it, as the view calls it."""
    from indicators.selectors.counts import indicator_counts_cached, indicator_counts_list_cached

    return [
        (
            "one indicator",
            f"/api/v1/indicators/{INDICATOR}/counts/?biennium={BIENNIUM}",
            lambda: indicator_counts_cached(biennium=BIENNIUM, code=INDICATOR),
        ),
        (
            "whole biennium",
            f"/api/v1/counts/?biennium={BIENNIUM}",
            lambda: indicator_counts_list_cached(biennium=BIENNIUM),
        ),
    ]


def bench_counts(client: Client) -> None:
    """Three figures per counts path: the selector cold (judged against the floor), the endpoint cold over
    HTTP through the test client (the whole Django/DRF stack, reported with its ratio to the same floor),
    and both warm (a cache hit)."""
    for label, url, selector in counts_selectors():
        slug = label.replace(" ", "_")
        statements = statements_of(selector)
        floor = statistics.median(raw_sql_floor(statements))
        FLOORS[label] = floor
        selector_cold = sample(selector, before=cache.clear, warmup=3)
        selector_warm = sample(selector, warmup=3)
        cold = sample(lambda url=url: get(client, url), before=cache.clear)
        warm = sample(lambda url=url: get(client, url), warmup=3)
        query_count, _ = queries_of(client, url)
        log(
            f"counts {label}: selector cold {statistics.median(selector_cold):.2f} ms, endpoint cold "
            f"{statistics.median(cold):.2f} ms, floor {floor:.2f} ms ({len(statements)} statements)"
        )
        common = {"floor_statements": len(statements), "url": url}
        figure(
            f"counts selector, {label}: cold median (called directly)",
            statistics.median(selector_cold),
            "ms",
            key=f"counts_{slug}_selector_cold",
            floor=floor,
            p95=percentile(selector_cold, 0.95),
            samples=len(selector_cold),
            queries=len(statements),
            **common,
        )
        figure(
            f"counts selector, {label}: warm median (cache hit)",
            statistics.median(selector_warm),
            "ms",
            key=f"counts_{slug}_selector_warm",
            floor=floor,
            p95=percentile(selector_warm, 0.95),
            samples=len(selector_warm),
            **common,
        )
        figure(
            f"counts endpoint, {label}: cold median (HTTP, test client)",
            statistics.median(cold),
            "ms",
            key=f"counts_{slug}_cold",
            floor=floor,
            p95=percentile(cold, 0.95),
            samples=len(cold),
            queries=query_count,
            **common,
        )
        figure(
            f"counts endpoint, {label}: warm median (cache hit)",
            statistics.median(warm),
            "ms",
            key=f"counts_{slug}_warm",
            floor=floor,
            p95=percentile(warm, 0.95),
            samples=len(warm),
            **common,
        )


# --- every page people use ------------------------------------------------------------------------


def export_filter(client: Client) -> tuple[str, int]:
    """Of a few natural filters, the one whose CSV export holds the number of rows nearest EXPORT_ROWS."""
    from indicators.models import Result
    from outcomes.models import Outcome
    from places.models import Region

    candidates = [
        ("", Result.objects.count()),
        (f"biennium={BIENNIUM}", Result.objects.filter(biennium__start_year=BIENNIUM_START).count()),
    ]
    for region in Region.objects.order_by("position"):
        candidates.append(
            (
                f"biennium={BIENNIUM}&region={region.code}",
                Result.objects.filter(biennium__start_year=BIENNIUM_START, place__region=region).count(),
            )
        )
        candidates.append((f"region={region.code}", Result.objects.filter(place__region=region).count()))
    outcome = Outcome.objects.filter(framework__biennia__start_year=BIENNIUM_START, number="1").first()
    if outcome is not None:
        candidates.append(
            (
                f"biennium={BIENNIUM}&outcome=1",
                Result.objects.filter(biennium__start_year=BIENNIUM_START, indicator__outcome=outcome).count(),
            )
        )
    return min(candidates, key=lambda item: abs(item[1] - EXPORT_ROWS))


def pages(officer_id: int) -> list[tuple[str, str, str, bool]]:
    """(key, name, url, paged): what an officer or a manager opens in a working day."""
    from places.models import Place
    from plans.models import Plan

    country = Place.objects.order_by("iso3").values_list("iso3", flat=True)[len(Place.objects.all()) // 2]
    found = [
        ("home", "home page: indicator table of a biennium", f"/?biennium={BIENNIUM}", False),
        (
            "indicator",
            f"indicator page ({ENTITY_INDICATOR}, entity results)",
            f"/biennia/{BIENNIUM}/indicators/{ENTITY_INDICATOR}/",
            True,
        ),
        ("queue", "validation queue (every submitted result)", "/results/queue/", True),
        ("mine", "My results (the synthetic officer)", "/results/mine/", True),
        ("register", "evaluation register", "/evaluations/", True),
        ("register_search", "evaluation register: full-text search", "/evaluations/?q=social+dialogue", True),
        ("follow_up", "follow-up tracker", "/evaluations/follow-up/", True),
        ("dashboard", "dashboard", f"/dashboard/?biennium={BIENNIUM}", False),
        ("dashboard_results", "dashboard: results behind a figure", f"/dashboard/results/?biennium={BIENNIUM}", True),
        ("dashboard_places", "dashboard: places reached", f"/dashboard/places/?biennium={BIENNIUM}", False),
    ]
    for section in ("indicators", "pipeline", "places", "trends", "follow-up"):
        found.append(
            (
                f"dashboard_csv_{section}",
                f"dashboard section {section} (CSV)",
                f"/dashboard/csv/{section}/?biennium={BIENNIUM}",
                False,
            )
        )
    found.append(("country", f"country page ({country})", f"/countries/{country}/", False))
    plan = Plan.objects.order_by("pk").first()
    if plan is not None:
        found.append(("plan", "plan of action: progress", f"/plans/{plan.pk}/", False))
        found.append(("plan_api", "plan of action: progress (API)", f"/api/v1/plans/{plan.pk}/progress/", False))
    found.append(
        (
            "results_list",
            "results list endpoint, page of 100",
            f"/api/v1/results/?biennium={BIENNIUM}&page_size=100",
            True,
        )
    )
    return found


def bench_pages(client: Client, officer: Client, officer_id: int) -> None:
    for key, name, url, paged in pages(officer_id):
        browser = officer if key == "mine" else client
        query_count, _ = queries_of(browser, url)
        # Counting the queries has just run the page twice, and the last cold sample leaves the cache
        # filled: no warm-up request is needed before either set.
        cold = sample(
            lambda browser=browser, url=url: get(browser, url), before=cache.clear, warmup=0, share=PAGE_ROUNDS
        )
        warm = sample(lambda browser=browser, url=url: get(browser, url), warmup=0, share=PAGE_ROUNDS)
        log(f"{key}: cold {statistics.median(cold):.1f} ms, warm {statistics.median(warm):.1f} ms, {query_count} q")
        common = {"url": url, "paged": paged}
        for state, timings in (("cold", cold), ("warm", warm)):
            figure(
                f"{name}: {state} median",
                statistics.median(timings),
                "ms",
                key=f"page_{key}_{state}",
                samples=len(timings),
                samples_ms=[round(value, 3) for value in timings],
                **common,
            )
        figure(f"{name}: queries", query_count, "queries", key=f"page_{key}_queries", **common)


def bench_exports(client: Client) -> None:
    where, rows = export_filter(client)
    for format in ("csv", "xlsx"):
        url = f"/api/v1/results/?{where}&format={format}" if where else f"/api/v1/results/?format={format}"
        started = time.perf_counter()
        get(client, url)
        seconds = time.perf_counter() - started
        cache.clear()
        tracemalloc.start()
        get(client, url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        label = "CSV" if format == "csv" else "Excel"
        figure(
            f"results export ({label}, {rows:,} rows): time",
            seconds,
            "s",
            key=f"export_{format}_seconds",
            rows=rows,
            url=url,
        )
        figure(
            f"results export ({label}, {rows:,} rows): peak Python memory",
            peak / 2**20,
            "MB",
            key=f"export_{format}_memory",
            rows=rows,
        )


# --- through gunicorn, under load -----------------------------------------------------------------


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "rbm.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "0"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def load(port: int, path: str, cookie: str, *, clients: int, seconds: float) -> dict:
    """`clients` threads, each requesting `path` back to back for `seconds`: latencies and failures.

    Each thread first makes LOAD_WARMUP requests, not timed, and the timing starts when all have: a server
    that has just started compiles its templates and fills its cache then, once, which is not what it does
    under a steady load (the cold figures are measured apart, one request at a time).
    """
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    window = {"stop": 0.0}
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, "Host": "127.0.0.1"}

    def request() -> bool:
        try:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection_.request("GET", path, headers=headers)
            response = connection_.getresponse()
            response.read()
            connection_.close()
            return response.status == 200
        except Exception:  # noqa: BLE001 - every failure is an error to count
            return False

    def open_window() -> None:
        window["stop"] = time.perf_counter() + seconds

    warmed = threading.Barrier(clients, action=open_window)

    def client_loop():
        for _warmup in range(LOAD_WARMUP):
            request()
        warmed.wait()
        mine, failed = [], 0
        while time.perf_counter() < window["stop"]:
            started = time.perf_counter()
            if request():
                mine.append((time.perf_counter() - started) * 1000)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = seconds + max(0.0, time.perf_counter() - window["stop"])  # the last requests end after the stop
    return {
        "p50": percentile(latencies, 0.5) if latencies else None,
        "p99": percentile(latencies, 0.99) if latencies else None,
        "rps": len(latencies) / elapsed,
        "errors": errors[0],
        "requests": len(latencies) + errors[0],
    }


def bench_load(client: Client) -> None:
    port = 8765 + int(float(SCALE))
    workers = 2 * (os.cpu_count() or 1) + 1
    clients, seconds = (
        int(os.environ.get("BENCH_LOAD_CLIENTS", "16")),
        float(os.environ.get("BENCH_LOAD_SECONDS", "20")),
    )
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    process = start_gunicorn(port, workers)
    try:
        for key, label, path, limit in [
            ("counts", "counts endpoint (whole biennium)", f"/api/v1/counts/?biennium={BIENNIUM}", 250),
            ("list", "results list endpoint, page of 100", f"/api/v1/results/?biennium={BIENNIUM}&page_size=100", 500),
            ("dashboard", "dashboard", f"/dashboard/?biennium={BIENNIUM}", 500),
        ]:
            outcome = load(port, path, cookie, clients=clients, seconds=seconds)
            log(f"load {key}: {outcome}")
            common = {"clients": clients, "seconds": seconds, "workers": workers, "p99_limit": limit}
            name = f"{label} under load ({clients} clients, {seconds:g} s, {workers} workers)"
            figure(f"{name}: p50", outcome["p50"], "ms", key=f"load_{key}_p50", **common)
            figure(f"{name}: p99", outcome["p99"], "ms", key=f"load_{key}_p99", **common)
            figure(f"{name}: requests per second", outcome["rps"], "req/s", key=f"load_{key}_rps", **common)
            figure(f"{name}: errors", outcome["errors"], "errors", key=f"load_{key}_errors", **common)
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- writes ---------------------------------------------------------------------------------------


def import_table_text(indicators: int) -> str:
    """A published indicator table naming every place under each of `indicators` indicators."""
    from places.models import Place, Region

    regions = list(Region.objects.order_by("position"))
    names = {region.pk: [] for region in regions}
    for place in Place.objects.order_by("name"):
        names[place.region_id].append(place.name)
    heading = "\t".join(["", "", "Total No.", *[region.short_name for region in regions]])
    rows = []
    for number in range(1, indicators + 1):
        cells = [" ".join(names[region.pk]) for region in regions]
        total = sum(len(names[region.pk]) for region in regions)
        rows.append(
            f"Indicator 99.{number}: Number of member States that, with ILO support, adopt measure {number}\t"
            f"10 member States\t{total} member States\t" + "\t".join(cells)
        )
    return "\n".join(
        [
            "Outcome 99: Synthetic outcome for the import benchmark.",
            "Indicators\t2028-29 targets\t2028-29 results",
            heading,
            *rows,
        ]
    )


def bench_import() -> None:
    from indicators.services import results_table_import
    from outcomes.selectors import biennium_get

    text = import_table_text(indicators=60)  # about 11,000 results
    biennium = biennium_get(label="2028-29")
    timings = []
    for _run in range(WRITE_RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            summary = results_table_import(text=text, biennium=biennium, source="bench")
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)  # leave the database as it was, so the run can be repeated
    created = summary.created.get("results", 0)
    seconds = statistics.median(timings)
    figure(
        "import_results_table: rows per second",
        created / seconds,
        "rows/s",
        key="import_table_rate",
        rows=created,
        runs=len(timings),
    )


def upload_workbook(user, rows: int) -> tuple[bytes, object, object]:
    from openpyxl import load_workbook

    from indicators.parsers.workbook import RESULTS_SHEET
    from indicators.selectors import indicator_get
    from indicators.selectors.uploads import result_upload_template, workbook_columns
    from outcomes.selectors import biennium_get
    from places.models import Place

    biennium = biennium_get(label=BIENNIUM)
    indicator = indicator_get(biennium=biennium, code=ENTITY_INDICATOR)  # counts entities: many rows per place
    workbook = load_workbook(BytesIO(result_upload_template(user=user, indicator=indicator, biennium=biennium)))
    sheet = workbook[RESULTS_SHEET]
    sheet.delete_rows(2, sheet.max_row)
    keys = [column.key for column in workbook_columns(indicator=indicator)]
    places = list(Place.objects.order_by("name").values_list("name", flat=True))
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
        sheet.append([values.get(key, "") for key in keys])
    content = BytesIO()
    workbook.save(content)
    return content.getvalue(), indicator, biennium


def peak_rss_mb() -> float:
    """The peak resident size of this process's own memory since it started.

    getrusage's ru_maxrss is kept across fork and exec: a child started by a big parent would report the
    parent's size (the upload preview measured 348 MB before it began). Linux's VmHWM belongs to the memory
    of the program now running, so it starts afresh at exec.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kilobytes
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child_upload(user) -> None:
    """In a process of its own: preview an upload of 10,000 rows (peak memory), then commit it (rate).

    The workbook is built by the parent (BENCH_UPLOAD_WORKBOOK names the file): building it with openpyxl
    takes more memory than previewing it, and the peak measured here is the preview's.
    """
    from indicators.selectors import indicator_get
    from indicators.services.uploads import result_upload_commit, result_upload_create
    from outcomes.selectors import biennium_get

    rows = EXPORT_ROWS
    content = Path(os.environ["BENCH_UPLOAD_WORKBOOK"]).read_bytes()
    biennium = biennium_get(label=BIENNIUM)
    indicator = indicator_get(biennium=biennium, code=ENTITY_INDICATOR)
    before = peak_rss_mb()
    peak = 0.0
    previews, commits = [], []
    for _run in range(WRITE_RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            upload = result_upload_create(
                user=user, indicator=indicator, biennium=biennium, filename="bench.xlsx", content=content
            )
            previews.append(time.perf_counter() - started)
            peak = peak or peak_rss_mb()  # the first preview's: the process has done nothing else yet
            started = time.perf_counter()
            result_upload_commit(user=user, upload=upload)
            commits.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    preview, commit = statistics.median(previews), statistics.median(commits)
    figure(
        f"Excel upload of {rows:,} rows: preview, peak memory of the process",
        peak,
        "MB",
        key="upload_preview_memory",
        rows=rows,
        before_preview=before,
    )
    figure(
        f"Excel upload of {rows:,} rows: preview, rows per second",
        rows / preview,
        "rows/s",
        key="upload_preview_rate",
        rows=rows,
        runs=len(previews),
    )
    figure(
        f"Excel upload of {rows:,} rows: commit, rows per second",
        rows / commit,
        "rows/s",
        key="import_excel_rate",
        rows=rows,
        runs=len(commits),
    )


def child_report() -> None:
    """In a process of its own: the whole-biennium report as web page, Word and Excel, then the PDF of its
    first BENCH_REPORT_PDF_OUTCOMES outcomes, and the peak memory all of it took.

    The PDF is laid out part by part (each outcome, each outcome's share of the annex), so its seconds per
    page and its peak are those of a part whatever the number of outcomes; a sample of outcomes keeps the
    scale-10 figure inside the run's time budget (the whole scale-10 PDF takes a quarter of an hour).
    """
    from pypdf import PdfReader

    from outcomes.selectors import biennium_get, outcome_list
    from reports.services.build import report_build

    biennium = biennium_get(label=BIENNIUM)
    built = report_build(biennium=biennium, outcome_ids=None, formats=["html", "docx", "xlsx"])
    for format, seconds in built.seconds.items():
        figure(f"full-biennium report: {format}", seconds, "s", key=f"report_{format}")
    figure(
        "full-biennium report: web page + Word + Excel",
        built.seconds["html"] + built.seconds["docx"] + built.seconds["xlsx"],
        "s",
        key="report_html_docx_xlsx",
    )
    sample = list(outcome_list(biennium=biennium).values_list("pk", flat=True)[:REPORT_PDF_OUTCOMES])
    pdf = report_build(biennium=biennium, outcome_ids=sample, formats=["pdf"])
    pages_ = len(PdfReader(BytesIO(pdf.files["pdf"])).pages)
    figure(
        f"full-biennium report: PDF seconds per page (outcomes 1 to {len(sample)})",
        pdf.seconds["pdf"] / pages_,
        "s",
        key="report_pdf_per_page",
        pages=pages_,
    )
    figure("full-biennium report: peak memory of the process", peak_rss_mb(), "MB", key="report_memory")


REPORT_KEYS = [
    ("report_html_docx_xlsx", "full-biennium report: web page + Word + Excel", "s"),
    ("report_pdf_per_page", "full-biennium report: PDF seconds per page", "s"),
    ("report_memory", "full-biennium report: peak memory of the process", "MB"),
]


def in_child(name: str, timeout: float | None = None, **env: str) -> None:
    """Run one child measurement in a fresh process, so its peak memory is its own; one that outlives
    `timeout` is killed and its judged figures recorded as timed out (not met)."""
    try:
        output = subprocess.run(
            [sys.executable, str(Path(__file__))],
            env={**os.environ, "BENCH_CHILD": name, **env},
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        log(f"child measurement {name} timed out after {timeout:g} s")
        for key, label, unit in REPORT_KEYS if name == "report" else []:
            figure(label, None, unit, key=key, timed_out=timeout)
        return
    sys.stderr.write(output.stderr)
    if output.returncode != 0:
        raise RuntimeError(f"child measurement {name} failed (exit {output.returncode})")
    FIGURES.extend(json.loads(output.stdout)["figures"])


def bench_user():
    from accounts.models import Role
    from accounts.services import user_create

    model = get_user_model()
    return model.objects.filter(username="bench").first() or user_create(
        username="bench",
        password="bench-password-not-secret",  # noqa: S106 - a benchmark database's own account
        role=Role.ADMINISTRATOR,
    )


def main() -> None:
    user = bench_user()
    if CHILD == "upload":
        child_upload(user)
    elif CHILD == "report":
        child_report()
    else:
        run_all(user)
    print(json.dumps({"figures": FIGURES, "phases": PHASES}))


def bench_upload(user) -> None:
    """The Excel upload of EXPORT_ROWS rows, its workbook built here so the child's peak memory is the preview's."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as workbook:
        workbook.write(upload_workbook(user, EXPORT_ROWS)[0])
        workbook.flush()
        in_child("upload", BENCH_UPLOAD_WORKBOOK=workbook.name)


def run_all(user) -> None:
    from demo.services import SYNTHETIC_OFFICER

    client = Client(headers=PROXY)
    client.force_login(user)
    officer_user = get_user_model().objects.get(username=SYNTHETIC_OFFICER)
    officer = Client(headers=PROXY)
    officer.force_login(officer_user)
    anonymous = Client(headers=PROXY)
    # Writes, the report and the load are measured at the largest scale of the run (BENCH_WRITES_AT),
    # where they carry the most data and where their targets are set; they would only repeat themselves
    # at every scale.
    writes = float(SCALE) == float(os.environ.get("BENCH_WRITES_AT", SCALE))
    steps = [
        ("counts", "counts, cold and warm, against the raw-SQL floor", lambda: bench_counts(anonymous), True),
        ("pages", "pages, cold and warm", lambda: bench_pages(client, officer, officer_user.pk), True),
        ("export", "exports", lambda: bench_exports(client), True),
        ("load", "through gunicorn, under load", lambda: bench_load(client), writes),
        ("import", "import_results_table", bench_import, writes),
        ("upload", "Excel upload", lambda: bench_upload(user), writes),
        ("report", "full-biennium report", lambda: in_child("report", timeout=REPORT_TIMEOUT), writes),
    ]
    for group, message, step, here in steps:
        if not (wanted(group) and here):
            continue
        log(message)
        started = time.perf_counter()
        step()
        PHASES[group] = round(time.perf_counter() - started, 1)
        log(f"{group}: {PHASES[group]} s")


if __name__ == "__main__":
    main()
