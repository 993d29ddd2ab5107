"""The operator's guide (docs/operations.md) is exercised: its blocks marked `guide-test` run, in
the order an operator follows them, against a temporary production instance on PostgreSQL —
the configuration file as written, first run, services up, smoke check, backup, restore drill,
key rotation and an upgrade."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.core.servers import ON_POSTGRES, free_port, scratch_databases

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
MARKED = re.compile(r"<!-- guide-test: ([\w-]+) -->\n```(\w+)\n(.*?)```", re.DOTALL)
STEPS = ["env-file", "first-run", "smoke", "backup", "restore-drill", "rotate-key", "upgrade"]
BIN = Path(sys.executable).parent


def guide_blocks() -> dict[str, str]:
    return {name: body for name, _language, body in MARKED.findall(GUIDE.read_text())}


def test_the_guide_marks_every_step_and_names_only_commands_that_exist() -> None:
    from django.core.management import get_commands

    blocks = guide_blocks()
    assert sorted(blocks) == sorted(STEPS)
    commands = set(get_commands())
    named = {
        found.group(1).replace("-", "_")
        for found in re.finditer(
            r"(?:^\s*|&&\s*|;\s*|\|\s*|bin/|`)sib ([a-z][a-z_-]+)", GUIDE.read_text(), re.MULTILINE
        )
    }
    assert {"serve", "worker", "backup", "restore", "issuer_key", "migrate"} <= named
    assert named <= commands, named - commands


def read_env_file(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = " ".join(shlex.split(value)) if value else ""
    return values


@pytest.mark.skipif(
    not ON_POSTGRES, reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://)"
)
@pytest.mark.skipif(shutil.which("curl") is None, reason="the guide's smoke check uses curl")
def test_the_guides_commands_deploy_back_up_restore_rotate_and_upgrade(tmp_path: Path) -> None:
    blocks = guide_blocks()
    configured = read_env_file(blocks["env-file"])
    assert configured["SIB_ENV"] == "production" and configured["SIB_SECRET_KEY"] == ""
    port = free_port()
    with scratch_databases("guide", "guide_drill") as (database, drill_database):
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("SIB_")
            and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        environment.update(configured)
        # What differs on this machine from the guide's host: paths, port, database, the secret.
        environment.update(
            SIB_SECRET_KEY="guide-test-" + "s" * 40,
            SIB_VAR_DIR=str(tmp_path / "var"),
            SIB_SIGNING_KEY=str(tmp_path / "etc" / "issuer.pem"),
            SIB_BIND=f"127.0.0.1:{port}",
            DATABASE_URL=database,
            DRILL_DATABASE_URL=drill_database,
            BACKUPS=str(tmp_path / "backups"),
            PATH=f"{BIN}:{os.environ['PATH']}",
        )
        (tmp_path / "backups").mkdir()

        def step(name: str, stdin: str = "") -> str:
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", blocks[name]],
                env=environment,
                input=stdin,
                capture_output=True,
                text=True,
                cwd=tmp_path,
                check=False,
                timeout=600,
            )
            assert done.returncode == 0, f"{name}:\n{done.stdout}\n{done.stderr}"
            return done.stdout + done.stderr

        first_run = step("first-run", stdin="a-long-first-coordinator-pass\n")
        assert "Superuser created successfully." in first_run
        assert (tmp_path / "etc" / "issuer.pem").stat().st_mode & 0o777 == 0o600

        services = [
            subprocess.Popen(  # noqa: S603
                [str(BIN / "sib"), command],
                env=environment,
                stdout=(tmp_path / f"{command}.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
            for command in ("serve", "worker")
        ]
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            ready = {}
            while time.monotonic() < deadline:
                try:
                    ready = requests.get(f"{base}/readyz", timeout=20).json()
                    if ready["status"] == "ok":
                        break
                except (requests.ConnectionError, requests.Timeout, ValueError):
                    pass
                time.sleep(0.5)
            assert ready.get("status") == "ok", ready
            smoke = step("smoke").splitlines()
            assert smoke[0] == '{"status": "ok"}'
            assert '"status": "ok"' in smoke[1] and '"workers": 1' in smoke[1]

            step("backup")
            (daily,) = (tmp_path / "backups").glob("sib-2*.tar.gz")

            drill = step("restore-drill")
            assert f"from {daily}" in drill
            assert "The issuer key file matches the backup's public key." in drill
            assert "1 accounts restored" in drill

            old_key = (tmp_path / "etc" / "issuer.pem").read_bytes()
            step("rotate-key")
            assert (tmp_path / "etc" / "issuer.pem").read_bytes() != old_key
            assert (tmp_path / "etc" / "issuer.pem.before-rotation").read_bytes() == old_key
            assert len(list((tmp_path / "etc").glob("issuer.pem.retired-*"))) == 1
            assert len(list((tmp_path / "backups").glob("sib-after-key-rotation-*.tar.gz"))) == 1

            upgrade = step("upgrade")
            assert "No migrations to apply." in upgrade
            assert len(list((tmp_path / "backups").glob("sib-before-upgrade-*.tar.gz"))) == 1
            assert all(service.poll() is None for service in services)
        finally:
            for service in services:
                service.terminate()
            for service in services:
                service.wait(timeout=30)
