"""A seeded instance served by gunicorn, and concurrent clients timing its pages.

Benchmarks that measure pages the way QUALITY.md states the bar (20 concurrent clients, 2 gunicorn
workers, the trivial view in the same run) share this: a fresh database per run under a temporary
`SIB_VAR_DIR`, production settings over plain HTTP, e-mail to memory.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The `sib` beside the running Python (its virtual environment), else the project's, else PATH's.
_BESIDE = Path(sys.executable).with_name("sib")
SIB = str(_BESIDE if _BESIDE.exists() else ROOT / ".venv" / "bin" / "sib")
if not Path(SIB).exists():
    SIB = "sib"
CLIENTS = 20


@dataclass
class Instance:
    env: dict[str, str]
    var_dir: Path

    def sib(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603 - our own command
            [SIB, *args], env=self.env, check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout

    def python(self, code: str) -> str:
        """Run code in `sib shell`; returns the last line it printed."""
        return self.sib("shell", "-c", code).strip().splitlines()[-1]


@contextmanager
def instance(database_url: str) -> Iterator[Instance]:
    """A migrated, empty instance; `{var}` in the URL is its temporary directory."""
    var_dir = Path(tempfile.mkdtemp(prefix="sib-bench-"))
    env = {
        **os.environ,
        "SIB_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url.format(var=var_dir),
        "SIB_DEBUG": "0",
        "SIB_SECRET_KEY": "bench-" + "x" * 40,
        "SIB_SSL_REDIRECT": "0",
        "SIB_SECURE_COOKIES": "0",
        "SIB_HSTS_SECONDS": "0",
        "SIB_STAFF_MFA": "0",
        # Every request of a load test comes from one address.
        "SIB_RATE_LIMITS_ENABLED": "0",
        "SIB_ALLOWED_HOSTS": "127.0.0.1",
        "SIB_EMAIL_URL": "locmem://",
        "SIB_LOG_LEVEL": "WARNING",
    }
    made = Instance(env=env, var_dir=var_dir)
    try:
        made.sib("migrate", "--noinput", "-v0")
        made.sib("collectstatic", "--noinput", "-v0")
        yield made
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def postgres_database(url: str) -> bool:
    """Drop and create the database named by a local `postgres:///NAME` URL; False if we cannot."""
    name = url.rsplit("/", 1)[-1]
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)  # noqa: S607
    created = subprocess.run(["createdb", name], capture_output=True, check=False)  # noqa: S607
    return created.returncode == 0


@contextmanager
def served(made: Instance, workers: int = 2, threads: int = 4) -> Iterator[str]:
    """Serve the instance with gunicorn; yields the base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(made.var_dir / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [SIB, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--threads", str(threads)],
        env=made.env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - localhost
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def request(
    url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None
) -> tuple[float, int]:
    elapsed, status, _kept = answer(url, method=method, data=data, headers=headers)
    return elapsed, status


def answer(
    url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None
) -> tuple[float, int, bool]:
    """Seconds, status, and whether the answer was a kept copy of the page (decision 0907)."""
    call = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    started = time.perf_counter()
    kept = False
    try:
        with urllib.request.urlopen(call, timeout=120) as response:  # noqa: S310 - localhost
            response.read()
            status = response.status
            kept = response.headers.get("X-Sib-Page") == "kept"
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status, kept


def measure(
    url: str,
    *,
    requests: int = 400,
    clients: int = CLIENTS,
    bodies: list[bytes] | None = None,
    **options: object,
) -> dict[str, float]:
    """Median, p95 (ms), throughput and non-2xx answers of `requests` calls from `clients`;
    with `bodies`, call n sends bodies[n % len(bodies)]."""

    def call(n: int) -> tuple[float, int, bool]:
        if bodies:
            return answer(url, data=bodies[n % len(bodies)], **options)  # type: ignore[arg-type]
        return answer(url, **options)  # type: ignore[arg-type]

    for n in range(10):
        call(n)  # warm both workers
    with ThreadPoolExecutor(max_workers=clients) as pool:
        started = time.perf_counter()
        results = list(pool.map(call, range(requests)))
        elapsed = time.perf_counter() - started
    times = sorted(t for t, _s, _k in results)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "rps": len(times) / elapsed,
        "errors": sum(1 for _t, s, _k in results if not 200 <= s < 300),
        # Answers served from a kept copy (signed-in pages, decision 0907).
        "kept": sum(1 for _t, _s, k in results if k),
    }
