"""Events at scale L: the public event page and registration throughput, SQLite and PostgreSQL.

For each database: a fresh database is migrated and seeded with `sib seed --scale L` (the events
seeder: 200 events × 20 agenda items × 300 registrations), gunicorn serves it (2 workers ×
4 threads, production settings but plain HTTP), and from 20 concurrent clients we time

- `GET /healthz` — a trivial Django view, the framework's floor in the same run;
- `GET /events/<id>/` — the public page of an event with its agenda and speakers; then the other
  pages an anonymous visitor opens: the events list, the printable programme, the registration
  form;
- `POST /api/v1/events/<id>/registrations` — 1,000 registrations from 50 clients for 300 seats,
  then the counts are checked (exactly 300 seats held for their confirmation, the rest on the
  waiting list: anonymous registrations wait for the address to be confirmed, decision 0502).

Beside the HTTP timings (which a shared machine makes noisy), the CPU time of each page in one
process (Django's test client, `time.process_time`, median of 200) against the trivial view.

Run: `.venv/bin/python -m bench bench_events` (PostgreSQL via `SIB_BENCH_PG`, default
`postgres:///sib_events_bench`; skipped when it cannot be created). Results:
`bench/results/events.md`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.machine import describe
from bench.served import instance, measure, postgres_database, request, served

ROOT = Path(__file__).resolve().parent.parent
PAGE_REQUESTS = 400
PAGE_CLIENTS = 20
ATTEMPTS = 1000
REGISTER_CLIENTS = 50
SEATS = 300
PAGES = {
    "event page": "/events/{page}/",
    "events list": "/events/",
    "programme": "/events/{page}/programme/",
    "registration form": "/events/{open}/register/",
}
# CPU per request in one process, for each page and the trivial view (run by `sib shell`).
IN_PROCESS = """
import json, statistics, time
from django.test import Client
client = Client(SERVER_NAME="127.0.0.1")
result = {}
for name, url in [("trivial view", "/healthz")] + list(PAGES.items()):
    for _ in range(20):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(200):
        started = time.process_time()
        client.get(url)
        times.append(time.process_time() - started)
    result[name] = statistics.median(times) * 1000
print(json.dumps(result))
"""


def _one_database(label: str, database_url: str) -> dict[str, object]:
    with instance(database_url) as made:
        started = time.perf_counter()
        made.sib("seed", "--scale", "L")
        seeded = time.perf_counter() - started
        ids = json.loads(
            made.python(
                "import json; from sib.events.models import Event; from sib.events import services; "
                "from django.utils import timezone; import datetime as dt; "
                "e = Event.objects.order_by('-starts_at').first(); "
                "n = Event.objects.create(kind='conference', status='published', title='Bench', "
                "title_pl='Bench', starts_at=timezone.now() + dt.timedelta(days=9), "
                "ends_at=timezone.now() + dt.timedelta(days=10), city='Tarnów', capacity=300); "
                "print(json.dumps([e.pk, n.pk, services.consent_text_current().version]))",
            )
        )
        page_id, open_id, version = ids
        pages = {name: url.format(page=page_id, open=open_id) for name, url in PAGES.items()}
        cpu = json.loads(made.python(f"PAGES = {pages!r}\n" + IN_PROCESS))
        with served(made) as base:
            floor = measure(base + "/healthz", requests=PAGE_REQUESTS)
            measured = {
                name: measure(base + url, requests=PAGE_REQUESTS) for name, url in pages.items()
            }
            url = f"{base}/api/v1/events/{open_id}/registrations"

            def attempt(n: int) -> tuple[float, int]:
                body = {
                    "full_name": f"Bench {n}",
                    "email": f"bench{n}@example.org",
                    "language": "pl",
                    "consent": True,
                    "consent_version": version,
                }
                return request(
                    url,
                    method="POST",
                    data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json"},
                )

            with ThreadPoolExecutor(max_workers=REGISTER_CLIENTS) as pool:
                started = time.perf_counter()
                results = list(pool.map(attempt, range(ATTEMPTS)))
                elapsed = time.perf_counter() - started
        counts = json.loads(
            made.python(
                "import json; from collections import Counter; "
                "from sib.events.models import Registration; "
                f"print(json.dumps(Counter(Registration.objects.filter(event_id={open_id})"
                ".values_list('status', flat=True))))",
            )
        )
    times = sorted(t for t, _s in results)
    return {
        "label": label,
        "seed_s": seeded,
        "floor": floor,
        "pages": measured,
        "cpu": cpu,
        "register": {
            "per_s": ATTEMPTS / elapsed,
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
            "statuses": dict(
                sorted({s: sum(1 for _t, x in results if x == s) for _t, s in results}.items())
            ),
            "counts": counts,
        },
    }


def run(results: Path) -> None:
    load_before = os.getloadavg()
    runs = [_one_database("SQLite", "sqlite:///{var}/bench.sqlite3")]
    pg = os.environ.get("SIB_BENCH_PG", "postgres:///sib_events_bench")
    if postgres_database(pg):
        runs.append(_one_database("PostgreSQL", pg))
    load_after = os.getloadavg()
    lines = [
        "# Events at scale L",
        "",
        "200 events × 20 agenda items (lectures, panels, workshops with speakers) × 300 "
        "registrations, seeded by `sib seed --scale L`; gunicorn with 2 workers × 4 threads, "
        "production settings over plain HTTP, e-mail to memory. Page timings from "
        f"{PAGE_CLIENTS} concurrent clients, {PAGE_REQUESTS} requests in all; registrations: "
        f"{ATTEMPTS} attempts from {REGISTER_CLIENTS} clients for {SEATS} seats (each writes one "
        "row to the mail outbox; the message asking to confirm is rendered by the worker).",
        "",
        "## Machine",
        describe()
        + f"- load average (1/5/15 min) before: {load_before[0]:.1f} / {load_before[1]:.1f} / "
        f"{load_before[2]:.1f}, after: {load_after[0]:.1f} / {load_after[1]:.1f} / "
        f"{load_after[2]:.1f} (the machine is shared; a load above 2 means other work "
        "competed for the 2 cores)\n",
        "## Pages over HTTP",
        "",
        "| database | page | median / p95 (ms) | ÷ trivial view (median) | req/s | errors |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        f = r["floor"]
        lines.append(
            f"| {r['label']} | trivial view | {f['median_ms']:.1f} / {f['p95_ms']:.1f} | 1.0 × "
            f"| {f['rps']:.0f} | {f['errors']} |"
        )
        for name, p in r["pages"].items():
            lines.append(
                f"| {r['label']} | {name} | {p['median_ms']:.1f} / {p['p95_ms']:.1f} "
                f"| {p['median_ms'] / f['median_ms']:.1f} × | {p['rps']:.0f} | {p['errors']} |"
            )
    lines += [
        "",
        "## CPU per request in one process",
        "",
        "Django's test client, `time.process_time`, median of 200 requests after 20 to warm up; "
        "anonymous visitor.",
        "",
        "| database | page | CPU (ms) | ÷ trivial view |",
        "|---|---|---|---|",
    ]
    for r in runs:
        floor_cpu = r["cpu"]["trivial view"]
        for name, ms in r["cpu"].items():
            lines.append(f"| {r['label']} | {name} | {ms:.2f} | {ms / floor_cpu:.1f} × |")
    lines += [
        "",
        "## Registrations",
        "",
        "| database | seed L (s) | registrations/s | registration median / p95 (ms) "
        "| statuses | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        g = r["register"]
        lines.append(
            f"| {r['label']} | {r['seed_s']:.0f} | {g['per_s']:.0f} "
            f"| {g['median_ms']:.0f} / {g['p95_ms']:.0f} | {g['statuses']} | {g['counts']} |"
        )
    lines += [
        "",
        "Bars (QUALITY.md): every page p95 ≤ 300 ms and median ≤ 3 × the trivial view; the "
        "capacity rule exact (300 held, the rest waitlisted, no 5xx).",
        "",
    ]
    (results / "events.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    run(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results")
