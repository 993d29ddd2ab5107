"""The web processes and the task worker survive a PostgreSQL outage: 503 (never a traceback or a
500) while the database is away, and back to normal without restarting anything.

The test starts a PostgreSQL server of its own (initdb into a temporary folder, as the
`postgres` system user when run as root), because it has to stop and start it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.core.servers import (
    ON_POSTGRES,
    PASSWORD,
    OwnPostgres,
    Server,
    can_run_postgres,
    log_in,
    production_environment,
)

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES, reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://)"
    ),
    pytest.mark.skipif(bool(can_run_postgres()), reason=can_run_postgres() or "-"),
]

PARTICIPANT = "outage@example.org"
MAKE_PARTICIPANT = f"""
from allauth.account.models import EmailAddress
from sib.accounts.models import User
user = User.objects.create_user(email="{PARTICIPANT}", password="{PASSWORD}")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def wait_for(condition, *, seconds: float, step: float = 0.3) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def own_postgres():  # noqa: ANN201
    server = OwnPostgres()
    try:
        yield server
    finally:
        server.destroy()


def test_pages_answer_503_during_an_outage_and_recover_without_a_restart(
    own_postgres: OwnPostgres, tmp_path: Path
) -> None:
    environment = production_environment(
        tmp_path / "host",
        DATABASE_URL=own_postgres.url,
        SIB_ALLOW_SQLITE="0",
        SIB_WORKER_HEARTBEAT_SECONDS="1",
    )
    for command in (["migrate", "--noinput", "-v0"], ["shell", "-c", MAKE_PARTICIPANT]):
        done = subprocess.run(
            [sys.executable, "-m", "sib", *command],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    web = Server(environment, name="web", workers=2)
    worker_log = (tmp_path / "host" / "worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sib", "worker"],
        env=environment,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    statuses: list[int] = []
    try:
        browser = requests.Session()
        browser.headers["Accept-Language"] = "en"
        assert log_in(browser, web.url, PARTICIPANT).status_code == 302
        home = browser.get(f"{web.url}/", timeout=30)
        assert home.status_code == 200 and PARTICIPANT in home.text
        assert wait_for(
            lambda: requests.get(f"{web.url}/readyz", timeout=10).json()["status"] == "ok",
            seconds=30,
        ), requests.get(f"{web.url}/readyz", timeout=10).text

        own_postgres.stop()
        # Every worker process and thread meets the outage: the answers are 503, never 500.
        for _ in range(8):
            page = browser.get(f"{web.url}/", timeout=30)
            statuses.append(page.status_code)
            assert page.status_code == 503, page.text[:300]
            assert page.headers["Retry-After"] == "15"
            assert "Service unavailable" in page.text and "Traceback" not in page.text
        api = browser.get(f"{web.url}/api/v1/me", timeout=30)
        assert api.status_code == 503
        assert api.headers["Content-Type"] == "application/problem+json"
        assert requests.get(f"{web.url}/healthz", timeout=30).json() == {"status": "unavailable"}
        ready = requests.get(f"{web.url}/readyz", timeout=30)
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"]["status"] == "unavailable"
        # What needs no database is still served.
        assert browser.get(f"{web.url}/static/sib/css/sib.css", timeout=30).status_code == 200
        time.sleep(2)  # the worker meets the outage too

        own_postgres.start()

        def home_again() -> bool:
            answer = browser.get(f"{web.url}/", timeout=30)
            statuses.append(answer.status_code)
            return answer.status_code == 200 and PARTICIPANT in answer.text

        assert wait_for(home_again, seconds=30)
        # Recovered everywhere: both gunicorn workers, all their threads, the same session.
        for _ in range(8):
            page = browser.get(f"{web.url}/", timeout=30)
            statuses.append(page.status_code)
            assert page.status_code == 200 and PARTICIPANT in page.text
        assert web.alive() and worker.poll() is None

        def worker_beats_again() -> bool:
            check = requests.get(f"{web.url}/readyz", timeout=10).json()
            return check["status"] == "ok" and check["checks"]["worker"]["workers"] == 1

        assert wait_for(worker_beats_again, seconds=40), worker_log.name
        assert set(statuses) <= {200, 503}
    finally:
        web.stop()
        worker.terminate()
        worker.wait(timeout=30)
        worker_log.close()

    # The logs are JSON lines; the outage is there as errors with request ids, not as crashes.
    lines = [json.loads(line) for line in web.log.read_text().splitlines() if line.startswith("{")]
    unavailable = [line for line in lines if line.get("status") == 503]
    assert len(unavailable) >= 8 and all(len(line["request_id"]) == 32 for line in unavailable)
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert errors and all(line["message"].startswith("Service Unavailable") for line in errors)
    assert all("error" not in line and len(line["request_id"]) == 32 for line in errors)
    pages = [line for line in errors if line["message"] == "Service Unavailable: /"]
    assert len(pages) >= 8 and all(
        "Connection refused" in line["database_unavailable"] for line in pages
    )
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # gunicorn's lines too
    assert (
        "Database unavailable, the worker retries" in (tmp_path / "host" / "worker.log").read_text()
    )
