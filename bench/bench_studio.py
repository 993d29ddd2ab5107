"""The studio at scale L: a canvas save and the public innovation showcase (QUALITY.md page bar).

A fresh SQLite database is migrated and seeded with `sib seed --scale L` (3,000 projects, about
60 % published, each with two canvases of two versions). Then:

- over HTTP (gunicorn, 2 workers × 4 threads, production settings over plain HTTP, 20 concurrent
  clients): `GET /healthz` (the trivial view, the floor of the same run); the catalogue
  `/projects/` as an anonymous visitor — the kept copy (one URL), and "every copy fresh": each
  request a different page of the catalogue or filter (region, stage, SDG, search), so the page
  cache rarely helps; and `PUT /api/v1/canvases/{id}` — a team member's canvas save with a
  personal token, each client saving its own canvas based on the version it last got (every save
  a new version: 400 saves spread over 20 canvases);
- in one process (Django's test client, `time.process_time`, median of 100 after 10 to warm up):
  the same pages and a save, CPU per request against the trivial view, the page cache cleared
  before each catalogue request.

Run: `.venv/bin/python -m bench bench_studio`. Results: `bench/results/studio.md`. `BENCH_NOTE`
(optional): a line about the run (e.g. what else the machine was doing) put under the machine.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.machine import describe
from bench.served import instance, measure, postgres_database, request, served

SCALE = os.environ.get("BENCH_SCALE", "L")  # S for a quick check of the script itself
REQUESTS = 400
CLIENTS = 20
SAVERS = 20

# Ids of canvases of team projects, a token for a member of each, and catalogue URLs to vary.
SETUP = """
import json
from sib.accounts import services as accounts
from sib.studio.models import Canvas
from sib.core.models import SdgGoal
from sib.accounts.choices import Voivodeship
rows = []
for canvas in (Canvas.objects.filter(project__members__isnull=False, template__key="challenge-card")
               .select_related("project").order_by("pk")[:SAVERS]):
    member = canvas.project.members.select_related("user").first().user
    _token, secret = accounts.api_token_create(actor=member, user=member, name="bench")
    rows.append([canvas.pk, canvas.version, secret])
print(json.dumps({"canvases": rows, "goals": list(SdgGoal.objects.values_list("number", flat=True)),
                  "regions": [c for c in Voivodeship.values if c != "abroad"]}))
"""

IN_PROCESS = """
import json, statistics, time
from django.core.cache import caches
from django.test import Client
from sib.studio.models import Canvas
from sib.accounts.models import User
anonymous = Client(SERVER_NAME="127.0.0.1")
member_client = Client(SERVER_NAME="127.0.0.1")
canvas = (Canvas.objects.filter(project__members__isnull=False, template__key="stakeholder-map")
          .select_related("project").order_by("-pk").first())
member = canvas.project.members.select_related("user").first().user
member_client.force_login(member)
from sib.core import pagecache
def clear():
    caches["default"].clear()
    pagecache.pages.clear()
def cpu(client, url, fresh=False, n=100):
    for _ in range(10):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(n):
        if fresh:
            clear()
        started = time.process_time()
        client.get(url)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000
result = {"trivial view": cpu(anonymous, "/healthz")}
result["catalogue, kept copy"] = cpu(anonymous, "/projects/")
result["catalogue, fresh copy"] = cpu(anonymous, "/projects/", fresh=True)
result["catalogue filtered (region, stage), fresh"] = cpu(
    anonymous, "/projects/?voivodeship=malopolskie&stage=3", fresh=True)
result["catalogue search, fresh"] = cpu(anonymous, "/projects/?q=Projekt+12", fresh=True)
result["canvas page (stakeholder map with its chart)"] = cpu(
    member_client, f"/studio/canvases/{canvas.pk}/")
times = []
for n in range(110):
    version = Canvas.objects.get(pk=canvas.pk).version
    body = json.dumps({"version": version, "content": canvas.content})
    started = time.process_time()
    response = member_client.put(f"/api/v1/canvases/{canvas.pk}", data=body,
                                 content_type="application/json")
    assert response.status_code == 200, response.content
    if n >= 10:
        times.append(time.process_time() - started)
result["canvas save (API PUT)"] = statistics.median(times) * 1000
print(json.dumps(result))
"""


def _catalogue_urls(base: str, goals: list[int], regions: list[str]) -> list[str]:
    urls = [f"{base}/projects/?page={n}" for n in range(1, 151)]
    urls += [f"{base}/projects/?voivodeship={r}&stage={s}" for r in regions for s in range(1, 7)]
    urls += [f"{base}/projects/?sdg={g}" for g in goals]
    urls += [f"{base}/projects/?q=" + urllib.parse.quote(f"Projekt {n}") for n in range(1, 150, 7)]
    return urls


def _saves(base: str, canvases: list[list]) -> dict[str, object]:
    """Each client saves its own canvas REQUESTS / SAVERS times, always on the latest version."""
    per_client = REQUESTS // len(canvases)

    def client(row: list) -> list[tuple[float, int]]:
        canvas_id, version, secret = row
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
        url = f"{base}/api/v1/canvases/{canvas_id}"
        spent = []
        for n in range(per_client):
            body = {
                "version": version,
                "content": {"challenge": f"Zapis {n}", "evidence": ["Wywiad 1", "Wywiad 2"]},
            }
            took, status = request(
                url, method="PUT", data=json.dumps(body).encode(), headers=headers
            )
            spent.append((took, status))
            version += 1
        return spent

    with ThreadPoolExecutor(max_workers=len(canvases)) as pool:
        started = time.perf_counter()
        results = [item for chunk in pool.map(client, canvases) for item in chunk]
        elapsed = time.perf_counter() - started
    times = sorted(t for t, _s in results)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "rps": len(times) / elapsed,
        "errors": sum(1 for _t, s in results if s != 200),
        "statuses": sorted({s for _t, s in results}),
    }


def _measure_many(urls: list[str]) -> dict[str, float]:
    """Like `measure`, but call n opens urls[n % len(urls)] (the first round is uncached)."""
    results: list[tuple[float, int]] = []
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        started = time.perf_counter()
        results = list(pool.map(lambda n: request(urls[n % len(urls)]), range(REQUESTS)))
        elapsed = time.perf_counter() - started
    times = sorted(t for t, _s in results)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "rps": len(times) / elapsed,
        "errors": sum(1 for _t, s in results if not 200 <= s < 300),
    }


def _run(label: str, database_url: str) -> dict[str, object]:
    with instance(database_url) as made:
        started = time.perf_counter()
        made.sib("seed", "--scale", SCALE)
        seeded = time.perf_counter() - started
        setup = json.loads(made.python(f"SAVERS = {SAVERS}\n" + SETUP))
        cpu = json.loads(made.python(IN_PROCESS))
        with served(made) as base:
            floor = measure(base + "/healthz", requests=REQUESTS)
            kept = measure(base + "/projects/", requests=REQUESTS)
            fresh = _measure_many(_catalogue_urls(base, setup["goals"], setup["regions"]))
            saves = _saves(base, setup["canvases"])
        versions = made.python(
            "from sib.studio.models import CanvasVersion; print(CanvasVersion.objects.count())"
        )
    return {
        "label": label,
        "seed_s": seeded,
        "floor": floor,
        "pages": {
            "catalogue `/projects/`, kept copy": kept,
            "catalogue, 400 different pages/filters/searches (first visits)": fresh,
            "canvas save `PUT /api/v1/canvases/{id}` (20 canvases, 20 clients)": saves,
        },
        "cpu": cpu,
        "versions": versions,
    }


def run(results: Path) -> None:
    load_before = os.getloadavg()
    runs = [_run("SQLite", "sqlite:///{var}/bench.sqlite3")]
    pg = os.environ.get("SIB_BENCH_PG", "postgres:///sib_studio_bench")
    if postgres_database(pg):
        runs.append(_run("PostgreSQL", pg))
    load_after = os.getloadavg()
    lines = [
        "# Studio at scale L: canvas save and the innovation showcase",
        "",
        "`sib seed --scale L` (3,000 innovation projects, about 60 % published, each with two "
        "canvases of two versions, beside the academy's, brokerage's and events' scale L); "
        f"gunicorn with 2 workers × 4 threads, production settings over plain HTTP, {CLIENTS} "
        f"concurrent clients, {REQUESTS} requests per line. Bar (QUALITY.md): p95 ≤ 300 ms and "
        "median ≤ 3 × the trivial view's median.",
        "",
        "## Machine",
        describe()
        + f"- load average (1/5/15 min) before: {load_before[0]:.1f} / {load_before[1]:.1f} / "
        f"{load_before[2]:.1f}, after: {load_after[0]:.1f} / {load_after[1]:.1f} / "
        f"{load_after[2]:.1f} (the machine is shared by several sessions; a load above 2 means "
        "other work competed for the 2 cores, so absolute times are pessimistic)\n"
        + (f"- note: {os.environ['BENCH_NOTE']}\n" if os.environ.get("BENCH_NOTE") else ""),
        "## Over HTTP",
        "",
        "| database | what | median / p95 (ms) | ÷ trivial view (median) | req/s | errors |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        f = r["floor"]
        lines.append(
            f"| {r['label']} | trivial view `/healthz` | {f['median_ms']:.1f} / "
            f"{f['p95_ms']:.1f} | 1.0 × | {f['rps']:.0f} | {f['errors']} |"
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
        "Django's test client, `time.process_time`, median of 100 after 10 to warm up; "
        "“fresh” clears the cache before each request (no kept copy, no cached chart).",
        "",
        "| database | what | CPU (ms) | ÷ trivial view |",
        "|---|---|---|---|",
    ]
    for r in runs:
        floor_cpu = r["cpu"]["trivial view"]
        for name, ms in r["cpu"].items():
            lines.append(f"| {r['label']} | {name} | {ms:.2f} | {ms / floor_cpu:.1f} × |")
    lines += [""]
    for r in runs:
        lines.append(
            f"{r['label']}: seeding scale {SCALE} took {r['seed_s']:.0f} s; "
            f"{r['versions']} canvas versions after the run."
        )
    (results / "studio.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
