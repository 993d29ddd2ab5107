"""Real processes for the operations tests: gunicorn through `sib serve`, a round-robin proxy,
and a PostgreSQL server of the test's own (started and stopped by the test)."""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlparse

import requests

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
PASSWORD = "a-long-enough-pass"
SECRET = "operations-test-secret-" + "x" * 32
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict[str, object]) -> str:
    """A DATABASE_URL for another process to reach the database Django is connected to."""
    user = quote(str(settings_dict.get("USER") or ""))
    password = quote(str(settings_dict.get("PASSWORD") or ""))
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = str(settings_dict.get("HOST") or "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """Production settings over plain HTTP on the loopback, nothing inherited from the caller."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SIB_")
        and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.core.server_settings",
        SIB_ENV="production",
        SIB_SECRET_KEY=SECRET,
        SIB_ALLOWED_HOSTS="127.0.0.1",
        SIB_SECURE_COOKIES="0",
        SIB_SSL_REDIRECT="0",
        SIB_HSTS_SECONDS="0",
        SIB_VAR_DIR=str(var_dir),
        SIB_LOG_FORMAT="json",
        **extra,
    )
    return environment


class Server:
    """`sib serve` (gunicorn) on a free port until stopped; its output goes to a log file."""

    def __init__(self, environment: dict[str, str], *, name: str, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(environment["SIB_VAR_DIR"]) / f"{name}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "sib",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                "4",
            ],
            env=environment,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            self._wait_until_up(name)
        except BaseException:
            self.stop()  # never leave a server behind
            raise

    def _wait_until_up(self, name: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited:\n{self.log.read_text()}")
            try:
                requests.get(f"{self.url}/healthz", timeout=20)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError(f"{name} did not start:\n{self.log.read_text()}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RoundRobinProxy(ThreadingHTTPServer):
    """A load balancer in miniature: each request goes to the next backend, in turn.

    It answers with `X-Served-By: <backend index>` so a test can see which host served what.
    """

    daemon_threads = True

    def __init__(self, backends: list[str]) -> None:
        self.backends = [backend.removeprefix("http://") for backend in backends]
        self.turn = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def next_backend(self) -> tuple[int, str]:
        with self.lock:
            index = self.turn % len(self.backends)
            self.turn += 1
        return index, self.backends[index]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RoundRobinProxy

    def _forward(self) -> None:
        index, backend = self.server.next_backend()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(backend, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("X-Served-By", str(index))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_HEAD = _forward

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def csrf_token(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def log_in(session: requests.Session, base: str, email: str) -> requests.Response:
    page = session.get(f"{base}/accounts/login/", timeout=30)
    return session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
        allow_redirects=False,
        timeout=30,
    )


# --- a PostgreSQL server of the test's own -------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and postgres refuse root: as root (CI) run them as the `postgres` system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def can_run_postgres() -> str:
    """Empty when this machine can start its own PostgreSQL; otherwise why not."""
    if postgres_bin() is None:
        return "PostgreSQL server binaries are not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "runuser is missing"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "there is no postgres system user to run the server as"
    return ""


class OwnPostgres:
    """initdb into a temporary folder, pg_ctl start/stop on a free port, trust auth on 127.0.0.1."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="sib-own-postgres-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "sib",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self.start()
        self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "sib",
            "-d",
            "postgres",
            "-q",
            "-c",
            "CREATE DATABASE sib",
        )
        self.url = f"postgres://sib@127.0.0.1:{self.port}/sib"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(  # noqa: S603
            _as_server_user([str(self.bin / tool), *args]),
            check=True,
            capture_output=True,
            cwd=self.folder,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
            " -c fsync=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        subprocess.run(  # noqa: S603
            _as_server_user(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
            ),
            capture_output=True,
            check=False,
            cwd=self.folder,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def scratch_databases(*suffixes: str) -> Iterator[list[str]]:
    """New, empty databases on the server of DATABASE_URL (dropped afterwards), as URLs."""
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    base = (url.path.lstrip("/") or "sib")[:40]
    names = [f"test_{base}_{suffix}" for suffix in suffixes]
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [url._replace(path=f"/{name}").geturl() for name in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
