"""The academy at scale M (and L): edition table, participants endpoint, attendance grid.

For each scale and database: a fresh instance is seeded with `sib seed --scale S|M|L`, gunicorn
serves it (2 workers × 4 threads), and 20 concurrent clients time, against the trivial view
`/healthz` in the same run,
- the edition table `/academy/editions/<id>/participants/` (100 participants × their minutes by
  format and completion status),
- `GET /api/v1/editions/<id>/participants` (the same rows as JSON, first page),
- the attendance grid page `/academy/sessions/<id>/attendance/`,
- `PUT /api/v1/sessions/<id>/attendance` replacing a whole 100-row grid, alternately the seeded
  marks and every mark changed (so each PUT writes the grid);
then `sib import participants` of a 10,000-row CSV (Polish headers, Windows-1250, `;`) into a new
edition: the dry run, then the import (QUALITY.md: ≤ 30 s), each timed as the whole command.
The coordinator is signed in with a session cookie for the pages and an API token for the API.

    .venv/bin/python -m bench bench_academy          # writes bench/results/academy.md
    BENCH_SCALES=M,L BENCH_POSTGRES_URL=postgres:///sib_bench_academy ...
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bench.machine import describe
from bench.served import Instance, instance, measure, postgres_database, served

SCALES = os.environ.get("BENCH_SCALES", "M,L").split(",")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres:///sib_bench_academy")

FLIP = {"present": "absent", "late": "excused", "absent": "present", "excused": "present"}

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from sib.academy.models import Edition, Session
from sib.accounts.models import User
from sib.accounts.services import api_token_create
user = User.objects.create_user("bench@bench.example", full_name="Bench", is_staff=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
edition = Edition.objects.order_by("-pk").first()
grid = Session.objects.filter(edition=edition, group=None).order_by("starts_at").first()
marks = [
    {"enrolment_id": a.enrolment_id, "status": a.status, "minutes_missed": a.minutes_missed}
    for a in grid.attendances.all()
]
token = api_token_create(actor=None, user=user, name="bench")[1]
print(json.dumps({"cookie": session.session_key, "token": token, "edition": edition.pk,
                  "session": grid.pk, "marks": marks}))
"""


def _one(label: str, database_url: str, scale: str) -> dict[str, object]:
    with instance(database_url) as made:
        started = time.perf_counter()
        made.sib("seed", "--scale", scale)
        seeded = time.perf_counter() - started
        ids = json.loads(made.python(SETUP))
        page_headers = {"Cookie": f"sessionid={ids['cookie']}"}
        api_headers = {"Authorization": f"Bearer {ids['token']}"}
        # Alternate between the seeded grid and one with every status changed, so each PUT
        # writes a whole grid (an unchanged grid writes nothing: PUT is idempotent).
        flipped = [
            {**mark, "status": FLIP[mark["status"]], "minutes_missed": 0} for mark in ids["marks"]
        ]
        put_bodies = [json.dumps({"marks": marks}).encode() for marks in (ids["marks"], flipped)]
        with served(made) as base:
            results = {
                "trivial view": measure(base + "/healthz"),
                "edition table": measure(
                    f"{base}/academy/editions/{ids['edition']}/participants/",
                    headers=page_headers,
                ),
                "participants API": measure(
                    f"{base}/api/v1/editions/{ids['edition']}/participants",
                    headers=api_headers,
                ),
                "attendance grid page": measure(
                    f"{base}/academy/sessions/{ids['session']}/attendance/",
                    headers=page_headers,
                ),
                "attendance grid PUT (100 rows)": measure(
                    f"{base}/api/v1/sessions/{ids['session']}/attendance",
                    requests=200,
                    method="PUT",
                    bodies=put_bodies,
                    headers={**api_headers, "Content-Type": "application/json"},
                ),
            }
        results["import"] = _import(made)
    return {"label": label, "scale": scale, "seed_s": seeded, "results": results}


IMPORT_ROWS = 10_000
NEW_EDITION = """
from sib.academy.models import Edition
from sib.accounts.models import User
User.objects.filter(email="bench@bench.example").update(is_superuser=True)
first = Edition.objects.order_by("pk").first()
print(Edition.objects.create(programme=first.programme, code="bench-import", title_pl="Import",
      starts_on=first.starts_on, ends_on=first.ends_on, capacity=0).pk)
"""


def _import(made: Instance) -> dict[str, float]:
    """Seconds for the dry run and the import of IMPORT_ROWS participants into a new edition."""
    edition = made.python(NEW_EDITION)
    lines = ["e-mail;imię i nazwisko;województwo;płeć;rok urodzenia"]
    lines += [
        f"osoba{n}@import.example;Łucja Żółć {n};małopolskie;kobieta;{1960 + n % 45}"
        for n in range(IMPORT_ROWS)
    ]
    path = made.var_dir / "participants.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1250"))
    timings = {}
    for label, extra in (("dry_run_s", ["--dry-run"]), ("import_s", [])):
        started = time.perf_counter()
        made.sib("import", "participants", "--edition", edition, str(path), *extra)
        timings[label] = time.perf_counter() - started
    count = made.python(
        f"from sib.academy.models import Enrolment; "
        f"print(Enrolment.objects.filter(edition_id={edition}).count())"
    )
    timings["enrolled"] = int(count)
    return timings


def run(results_dir: Path) -> None:
    load_before = os.getloadavg()
    runs = []
    for scale in SCALES:
        runs.append(_one("SQLite", "sqlite:///{var}/bench.sqlite3", scale))
        if postgres_database(POSTGRES):
            runs.append(_one("PostgreSQL", POSTGRES, scale))
    load_after = os.getloadavg()
    (results_dir / "academy.json").write_text(json.dumps(runs, indent=1))
    lines = [
        "# Academy at scales M and L",
        "",
        "`sib seed --scale M` (10 editions × 100 participants, 400 sessions, 40,000 attendance "
        "rows) and `--scale L` (100 × 100, 4,000 sessions, 400,000 rows); gunicorn 2 workers × "
        "4 threads, production settings over plain HTTP; 20 concurrent clients, 400 requests per "
        "page (200 PUTs). Bars (QUALITY.md): p95 ≤ 300 ms and median ≤ 3 × the trivial view.",
        "",
        "## Machine",
        describe().rstrip(),
        f"- load average (1/5/15 min) before: {' / '.join(f'{x:.1f}' for x in load_before)}, "
        f"after: {' / '.join(f'{x:.1f}' for x in load_after)} (a load above 2 means other work "
        "competed for the 2 cores)",
        "",
        "## Results",
        "",
        "| scale | database | what | median (ms) | p95 (ms) | ÷ trivial (median) | req/s | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for one in runs:
        floor = one["results"]["trivial view"]["median_ms"]
        for what, figures in one["results"].items():
            if what == "import":
                continue
            lines.append(
                f"| {one['scale']} | {one['label']} | {what} | {figures['median_ms']:.1f} | "
                f"{figures['p95_ms']:.1f} | {figures['median_ms'] / floor:.1f} × | "
                f"{figures['rps']:.0f} | {figures['errors']} |"
            )
    lines += [
        "",
        f"Import of {IMPORT_ROWS:,} participants from CSV (whole `sib import` command, process "
        "start included; bar ≤ 30 s):",
        "",
        "| scale | database | dry run (s) | import (s) | enrolled |",
        "|---|---|---|---|---|",
    ]
    for one in runs:
        done = one["results"]["import"]
        lines.append(
            f"| {one['scale']} | {one['label']} | {done['dry_run_s']:.1f} | "
            f"{done['import_s']:.1f} | {done['enrolled']} |"
        )
    lines.append("")
    lines.append(
        "Seeding: "
        + ", ".join(f"{one['scale']} {one['label']} {one['seed_s']:.0f} s" for one in runs)
        + "."
    )
    (results_dir / "academy.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
