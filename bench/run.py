"""Run the benchmarks: build one PostgreSQL database per scale, measure, print a table, write results.json.

Usage: python bench/run.py [--scales 1,10] [--only counts,dashboard,...] [--reuse]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/") + "/"


def database_url(scale: str) -> str:
    return f"{SERVER_URL}rbm_bench_s{scale.replace('.', '_')}"


def recreate_database(scale: str) -> None:
    name = f"rbm_bench_s{scale.replace('.', '_')}"
    connection = psycopg2.connect(SERVER_URL + "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def manage(scale: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(scale), "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(scale: str, reuse: bool) -> float:
    started = time.perf_counter()
    if reuse:
        manage(scale, "migrate", "--noinput", "-v0")
        return time.perf_counter() - started
    recreate_database(scale)
    manage(scale, "migrate", "--noinput", "-v0")
    manage(scale, "generate_synthetic", "--scale", scale)
    manage(scale, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    return time.perf_counter() - started


def measure(scale: str, only: list[str]) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(scale),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Throttling protects a shared server from one client; here it would measure the throttle.
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_TOKEN": "100000000/minute",
        "BENCH_SCALE": scale,
        "BENCH_ONLY": ",".join(only),
    }
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "measure.py")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    sys.stderr.write(output.stderr)
    if output.returncode != 0:
        raise SystemExit(f"measurements at scale {scale} failed (exit {output.returncode}); see above")
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--only", default="")
    parser.add_argument("--reuse", action="store_true", help="Measure the databases already built.")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    arguments = parser.parse_args()
    only = [item for item in arguments.only.split(",") if item]

    started = time.perf_counter()
    # Measured as in production (DEBUG off), so the hashed static files must exist.
    manage(arguments.scales.split(",")[0], "collectstatic", "--noinput", "-v0")
    figures: list[dict] = []
    for scale in arguments.scales.split(","):
        seconds = prepare(scale, arguments.reuse)
        print(f"scale {scale}: data ready in {seconds:.1f} s", flush=True)
        figures.extend(measure(scale, only)["figures"])

    from targets import evaluate  # Imported here: bench/ is the script's own directory

    report = evaluate(figures)
    report["machine"] = {"cores": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform}
    report["seconds"] = round(time.perf_counter() - started, 1)
    Path(arguments.out).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nWritten {arguments.out} in {report['seconds']} s")


def print_table(report: dict) -> None:
    header = f"{'figure':58} {'scale':>5} {'value':>11} {'floor':>11} {'ratio':>7}  target           met"
    print(header)
    print("-" * len(header))
    for figure in report["figures"]:
        print(
            f"{figure['name']:58} {figure['scale']:>5} {format_value(figure['value'], figure['unit']):>11} "
            f"{format_value(figure.get('floor'), figure['unit']):>11} {format_ratio(figure.get('ratio')):>7}  "
            f"{figure.get('target', ''):16} {'' if figure.get('met') is None else ('yes' if figure['met'] else 'NO')}"
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
