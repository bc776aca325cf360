"""Run the benchmarks: build one PostgreSQL database per scale, measure, print a table, write results.json.

Usage: python bench/run.py [--scales 1,10] [--only counts,pages,export,load,import,upload,report] [--reuse]
       python bench/run.py --readme   (rewrite the table of bench/README.md from the results files)
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/") + "/"
# The cache production runs on (Redis); without one answering, each process keeps its own.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
# One database per scale, `<prefix>_s<scale>`; a developer sharing the server gives a prefix of their own.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "rbm_bench")
SEED_PLAN = ROOT / "demo" / "seeds" / "004_1ef88756585f0450.txt"
GROUPS = ("counts", "pages", "export", "load", "import", "upload", "report")
PAGE_ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "3"))


def database_name(scale: str) -> str:
    return f"{DATABASE_PREFIX}_s{scale.replace('.', '_')}"


def database_url(scale: str) -> str:
    return SERVER_URL + database_name(scale)


def recreate_database(name: str, template: str = "") -> None:
    connection = psycopg2.connect(SERVER_URL + "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        else:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def django_env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench"}


def manage(scale: str, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(database_url(scale)), check=True)


def migrated_template() -> str:
    """A freshly migrated empty database, migrated once per run and copied for every scale."""
    name = f"{DATABASE_PREFIX}_template"
    recreate_database(name)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=django_env(SERVER_URL + name), check=True
    )
    return name


# Generating, importing the seed plan and VACUUM ANALYZE (once, after every table is written) in one process:
# three Django start-ups fewer per scale. VACUUM as autovacuum leaves a table at rest (PostgreSQL 13 and later
# vacuum insert-only tables too): its visibility map set, so counts over an index need not read the table.
FILL = """
from django.core.management import call_command
from django.db import connection
call_command("generate_synthetic", "--scale", {scale!r})
call_command("import_plan_of_action", {plan!r})
connection.cursor().execute("VACUUM ANALYZE")
"""


def prepare(scale: str, reuse: bool, template: str) -> float:
    started = time.perf_counter()
    if reuse:
        manage(scale, "migrate", "--noinput", "-v0")
        return time.perf_counter() - started
    recreate_database(database_name(scale), template)
    manage(scale, "shell", "-c", FILL.format(scale=scale, plan=str(SEED_PLAN)))
    return time.perf_counter() - started


def measure(scale: str, only: list[str], writes_at: str, rounds: int = 1) -> dict:
    env = {
        **django_env(database_url(scale)),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Throttling protects a shared server from one client; here it would measure the throttle.
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_TOKEN": "100000000/minute",
        "BENCH_SCALE": scale,
        "BENCH_ONLY": ",".join(only),
        "BENCH_WRITES_AT": writes_at,
        "BENCH_PAGE_ROUNDS": str(rounds),
    }
    if cache_answers():
        env["CACHE_URL"] = CACHE_URL
    # Progress (stderr) shows as it happens; the figures come back on stdout.
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "measure.py")], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if output.returncode != 0:
        raise SystemExit(f"measurements at scale {scale} failed (exit {output.returncode}); see above")
    return json.loads(output.stdout)


def pages_interleaved(scales: list[str], phases: dict) -> list[dict]:
    """The pages at every scale in PAGE_ROUNDS rounds, the scales taking turns, each figure pooled.

    Measured one scale after the other, a page's ratio between scales would carry whatever the machine
    did in between (its speed moved by a third from one minute to the next); taking turns spreads that
    drift over every scale alike. Each figure's median is taken over all its rounds' samples.
    """
    pooled: dict[tuple[str, float], dict] = {}
    for round_number in range(PAGE_ROUNDS):
        for scale in scales:
            measured = measure(scale, ["pages"], writes_at=scales[-1], rounds=PAGE_ROUNDS)
            phase = phases[f"{float(scale):g}"]
            phase["pages"] = round(phase.get("pages", 0) + measured.get("phases", {}).get("pages", 0), 1)
            for item in measured["figures"]:
                kept = pooled.setdefault((item["key"], item["scale"]), item)
                if kept is not item and "samples_ms" in item:
                    kept["samples_ms"] = kept["samples_ms"] + item["samples_ms"]
                    kept["samples"] = len(kept["samples_ms"])
                    kept["value"] = statistics.median(kept["samples_ms"])
                elif kept is not item and item["value"] != kept["value"]:
                    # A query count that differs between rounds of the same data: keep the larger.
                    kept["value"] = max(kept["value"], item["value"])
        print(f"pages: round {round_number + 1} of {PAGE_ROUNDS} measured", flush=True)
    for item in pooled.values():
        if "samples_ms" in item:
            item["rounds"] = PAGE_ROUNDS
    return list(pooled.values())


def cache_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(CACHE_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - no Redis: measure with the local cache
        return False


def machine() -> dict:
    """What the figures were measured on."""
    memory = ""
    model = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    connection = psycopg2.connect(SERVER_URL + "postgres")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    return {
        "cores": os.cpu_count(),
        "memory": memory,
        "cpu": model,
        "python": sys.version.split()[0],
        "postgresql": postgres,
        "platform": platform.platform(),
        "cache": "Redis" if cache_answers() else "process-local",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--only", default="")
    parser.add_argument("--reuse", action="store_true", help="Measure the databases already built.")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument(
        "--reference",
        default=str(ROOT / "bench" / "results.json"),
        help="Scale-1 figures to compare larger scales with.",
    )
    parser.add_argument("--readme", action="store_true", help="Only rewrite bench/README.md from the results files.")
    arguments = parser.parse_args()
    if arguments.readme:
        from readme import readme_write  # bench/ is the script's own directory

        readme_write()
        return
    only = [item for item in arguments.only.split(",") if item]

    started = time.perf_counter()
    phases: dict[str, dict[str, float]] = {}
    # Measured as in production (DEBUG off), so the hashed static files must exist.
    # Collected while the template migrates: neither waits for the other.
    collecting = subprocess.Popen(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=django_env(database_url(arguments.scales.split(",")[0])),
    )
    figures: list[dict] = []
    template = "" if arguments.reuse else migrated_template()
    if collecting.wait() != 0:
        raise SystemExit("collectstatic failed; see above")
    phases["setup"] = {"seconds": round(time.perf_counter() - started, 1)}  # collectstatic, migrate once
    scales = arguments.scales.split(",")
    for scale in scales:
        seconds = prepare(scale, arguments.reuse, template)
        print(f"scale {scale}: data ready in {seconds:.1f} s", flush=True)
        phases[f"{float(scale):g}"] = {"data": round(seconds, 1)}
    groups = only or list(GROUPS)
    if len(scales) > 1 and "pages" in groups:
        groups = [group for group in groups if group != "pages"]
        figures.extend(pages_interleaved(scales, phases))
    for scale in scales:
        if not groups:
            break
        measured = measure(scale, groups, writes_at=scales[-1])
        figures.extend(measured["figures"])
        phases[f"{float(scale):g}"].update(measured.get("phases", {}))

    from targets import evaluate  # Imported here: bench/ is the script's own directory

    reference = []
    if Path(arguments.reference).exists() and Path(arguments.reference) != Path(arguments.out):
        reference = json.loads(Path(arguments.reference).read_text(encoding="utf-8"))["figures"]
    figures.sort(key=lambda item: item["scale"])  # stable: each scale's figures in the order measured
    report = evaluate(figures, reference=reference)
    report["machine"] = machine()
    report["scales"] = [float(scale) for scale in arguments.scales.split(",")]
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["phases"] = phases  # seconds per scale and phase ("data": building the database)
    Path(arguments.out).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nWritten {arguments.out} in {report['seconds']} s")
    from readme import readme_write

    readme_write()


def print_table(report: dict) -> None:
    header = f"{'figure':70} {'scale':>5} {'value':>11} {'floor':>11} {'ratio':>7}  target           met"
    print(header)
    print("-" * len(header))
    for figure in report["figures"]:
        met = "" if figure.get("met") is None else ("yes" if figure["met"] else "NO")
        print(
            f"{figure['name'][:70]:70} {figure['scale']:>5} {format_value(figure['value'], figure['unit']):>11} "
            f"{format_value(figure.get('floor'), figure['unit']):>11} {format_ratio(figure.get('ratio')):>7}  "
            f"{figure.get('target', '')[:16]:16} {met}"
        )
    for target in report["targets"]:
        state = "met" if target["met"] else "NOT MET"
        print(f"target: {target['description']}: {state} ({target['detail']})")


def format_value(value, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:,.0f} {unit}" if isinstance(value, float) else f"{value} {unit}"


def format_ratio(ratio) -> str:
    return "" if ratio is None else f"{ratio:.2f}x"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
