"""Reports at scale L: the dashboard and the report as HTML, PDF and XLSX (QUALITY.md bars).

Each database (SQLite, and PostgreSQL when `BENCH_POSTGRES_URL` or the default local database is
reachable) is filled in a separate process by the registered seeders (`sib seed`: academy, survey
answers, events). Server time is measured
in-process with Django's test client, against a trivial view in the same run.

    .venv/bin/python -m bench bench_reports          # writes bench/results/reports.md
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres:///sib_surveys_reports")
SCALE = os.environ.get("BENCH_SCALE", "L")


def _timed(client, url: str, runs: int) -> dict:  # noqa: ANN001
    client.get(url)  # warm: charts drawn and cached, connections open
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return {"median": statistics.median(times), "max": max(times), "runs": runs}


def worker(database_url: str) -> None:
    """Fill one database and measure; prints one JSON line."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sib.settings")
    os.environ["SIB_STAFF_MFA"] = "0"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sib.academy.models import Edition
    from sib.accounts.models import User

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    call_command("seed", scale=SCALE, stdout=sys.stderr)
    seeded = time.perf_counter() - started
    coordinator = User.objects.create_user("bench@bench.example", full_name="Bench", is_staff=True)
    client = Client()
    client.force_login(coordinator)
    edition = Edition.objects.order_by("pk").first()
    results = {
        "load_before": os.getloadavg()[0],
        "seed_seconds": seeded,
        "editions": Edition.objects.count(),
        "trivial view": _timed(client, "/healthz", 20),
        "dashboard, one edition": _timed(client, f"/reports/editions/{edition.pk}/", 5),
        "dashboard, all editions": _timed(client, "/reports/all/", 3),
        "report HTML, all editions": _timed(client, "/reports/all/report/", 3),
        "report XLSX, all editions": _timed(client, "/reports/all/report.xlsx", 3),
        "report PDF, one edition": _timed(client, f"/reports/editions/{edition.pk}/report.pdf", 2),
        "report PDF, all editions": _timed(client, "/reports/all/report.pdf", 2),
        "indicators API, all editions": _timed(client, "/api/v1/reports/indicators", 3),
    }
    results["load_after"] = os.getloadavg()[0]
    print("RESULT " + json.dumps(results))


def _run(database_url: str) -> dict | None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.run(
        [sys.executable, "-m", "bench.bench_reports", "--worker", database_url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(process.stdout[-2000:], process.stderr[-4000:], sep="\n")
    return None


BARS = {
    "dashboard, one edition": 1.0,
    "dashboard, all editions": 1.0,
    "report HTML, all editions": 1.0,
    "report XLSX, all editions": 2.0,
    "report PDF, one edition": 3.0,
    "report PDF, all editions": 3.0,
}


def run(results_dir: Path) -> None:
    from bench.machine import describe

    measured: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = _run(f"sqlite:///{tmp}/bench.sqlite3")
        if sqlite:
            measured["SQLite"] = sqlite
    database = POSTGRES.rsplit("/", 1)[-1]
    if subprocess.run(["dropdb", "--if-exists", database], capture_output=True).returncode == 0:
        subprocess.run(["createdb", database], capture_output=True, check=False)
        postgres = _run(POSTGRES)
        if postgres:
            measured["PostgreSQL"] = postgres
    lines = [
        f"# Reports at scale {SCALE}",
        "",
        "Server time in-process (Django test client, warm chart cache), seconds. The bars are "
        "QUALITY.md's; PDF and XLSX are also offered as a background job with a progress page "
        "(the buttons on the dashboard and report), which is what the page uses.",
        "",
        describe(),
    ]
    for name, data in measured.items():
        trivial = data["trivial view"]["median"]
        lines += [
            f"## {name} — {data['editions']} editions, seeded in {data['seed_seconds']:.0f} s",
            "",
            f"Load average (1 min) on the shared 2-core machine: {data['load_before']:.1f} before, "
            f"{data['load_after']:.1f} after the measurements.",
            "",
            "| what | median | max | bar | × trivial view |",
            "|---|---|---|---|---|",
        ]
        for key, value in data.items():
            if not isinstance(value, dict):
                continue
            bar = BARS.get(key)
            verdict = "" if bar is None else (" ✓" if value["median"] <= bar else " ✗")
            lines.append(
                f"| {key} | {value['median']:.3f} | {value['max']:.3f} | "
                f"{'' if bar is None else f'≤ {bar:g}'}{verdict} | {value['median'] / trivial:.0f} |"
            )
        lines.append("")
    results_dir.mkdir(exist_ok=True)
    (results_dir / "reports.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
    else:
        run(ROOT / "bench" / "results")
