"""Reports at scale L: the dashboard and the report as HTML, PDF and XLSX (QUALITY.md bars).

Each database (SQLite, and PostgreSQL when `BENCH_POSTGRES_URL` or the default local database is
reachable) is filled in a separate process: academy data through the registered seeders when an
academy seeder exists, otherwise through `_academy_seed` below (a small local stand-in until the
academy seeder lands), then survey answers through `sib.surveys.seed`. Server time is measured
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


def _academy_seed(scale, rng) -> None:  # noqa: ANN001
    """Editions × participants, sessions and attendance rows of the scale, bulk-inserted."""
    import datetime as dt

    from django.utils import timezone

    from sib.academy.models import (
        Attendance,
        Edition,
        EditionStatus,
        Enrolment,
        Format,
        Module,
        Programme,
    )
    from sib.academy.models import Session as Meeting
    from sib.accounts.models import User

    programme = Programme.objects.create(
        code="bench",
        kind="full",
        title_pl="Program",
        min_total_minutes=80 * 60,
        min_mentoring_minutes=24 * 60,
    )
    modules = [
        Module.objects.create(
            programme=programme,
            position=i,
            code=f"M{i}",
            title_pl=f"M{i}",
            lecture_minutes=600,
            workshop_minutes=800,
            mentoring_minutes=600,
        )
        for i in range(1, 6)
    ]
    genders = ["woman", "woman", "man", "another", ""]
    regions = ["malopolskie", "slaskie", "mazowieckie", "podkarpackie", "lubelskie"]
    sectors = ["ngo", "local_government", "education", "business", "social_welfare"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"p{i}@bench.example",
                full_name=f"Person {i}",
                gender=rng.choice(genders),
                birth_year=rng.randint(1960, 2004),
                voivodeship=rng.choice(regions),
                sector=rng.choice(sectors),
            )
            for i in range(scale.editions * scale.participants_per_edition)
        ],
        batch_size=5000,
    )
    sessions_per_edition = max(1, scale.sessions // scale.editions)
    start = timezone.now() - dt.timedelta(days=200)
    formats = [Format.LECTURE, Format.WORKSHOP, Format.MENTORING]
    for e in range(scale.editions):
        edition = Edition.objects.create(
            programme=programme,
            code=f"bench-{e}",
            title_pl=f"Edycja {e}",
            title_en=f"Edition {e}",
            starts_on=start.date(),
            ends_on=(start + dt.timedelta(days=150)).date(),
            target=80,
            status=EditionStatus.FINISHED,
        )
        people = users[
            e * scale.participants_per_edition : (e + 1) * scale.participants_per_edition
        ]
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    edition=edition,
                    user=u,
                    enrolled_on=start.date(),
                    language_track="en" if rng.random() < 0.1 else "pl",
                )
                for u in people
            ]
        )
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    edition=edition,
                    module=modules[s % 5],
                    format=formats[s % 3],
                    starts_at=start + dt.timedelta(days=s * 3),
                    duration_minutes=180,
                )
                for s in range(sessions_per_edition)
            ]
        )
        per_session = max(1, scale.attendance_rows // max(scale.sessions, 1))
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=m, enrolment=en, status="present" if rng.random() < 0.85 else "absent"
                )
                for m in meetings
                for en in enrolments[:per_session]
            ],
            batch_size=5000,
        )


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
    import random

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sib.academy.models import Edition
    from sib.accounts.models import User
    from sib.core.plugins import contributions
    from sib.core.scales import SCALES

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    scale = SCALES[SCALE]
    rng = random.Random(1)
    started = time.perf_counter()
    seeders = contributions("SIB_SEEDERS")
    if not any("academy" in seeder.__module__ for seeder in seeders):
        _academy_seed(scale, rng)
    for seeder in seeders:
        seeder(scale=scale, rng=rng, stdout=sys.stderr)
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
