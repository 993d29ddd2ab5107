"""Kept pages across processes (decision 0907): two web processes on one database, each keeping a
person's attendance page; a change written by either (or by a third process) shows in both on the
very next request. On SQLite and PostgreSQL; run once per CI run (the PostgreSQL pass)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import urllib.parse
import urllib.request

import pytest

from bench.served import ROOT, instance, postgres_database, served

pytestmark = pytest.mark.sweep

SETUP = """
import json, sys
sys.path.insert(0, {root!r})
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.academy.builders import edition_with_participants
from tests.factories import CoordinatorFactory

coordinator = CoordinatorFactory()
store = SessionStore()
store[SESSION_KEY] = str(coordinator.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = coordinator.get_session_auth_hash()
store.create()
edition = edition_with_participants(5)
session = edition.sessions.order_by("starts_at").last()  # upcoming: nobody marked yet
print(json.dumps({{"cookie": store.session_key, "session": session.pk, "actor": coordinator.pk}}))
"""

# A third process marks one participant of the grid absent (as the API or the worker would).
MARK_ABSENT = """
from sib.academy import services
from sib.academy.models import AttendanceStatus, Session
from sib.academy.services import Mark
from sib.accounts.models import User

session = Session.objects.get(pk={session})
enrolment = session.edition.enrolments.order_by("pk").first()
services.attendance_replace(
    actor=User.objects.get(pk={actor}),
    session=session,
    marks=[Mark(enrolment.pk, AttendanceStatus.ABSENT)],
)
print("ok")
"""

CHECKED = re.compile(rb'name="status-\d+" value="(\w+)" checked>')
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


class Browser:
    """One signed-in person's cookies against one server."""

    def __init__(self, base: str, session_cookie: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session_cookie = session_cookie

    def open(self, path: str, data: dict[str, str] | None = None) -> tuple[bytes, dict[str, str]]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        call = urllib.request.Request(self.base + path, data=body)
        call.add_header("Cookie", f"sessionid={self.session_cookie}; " + self._csrf())
        if data is not None:
            call.add_header("Referer", self.base + path)
        with self.opener.open(call, timeout=60) as response:
            return response.read(), dict(response.headers)

    def _csrf(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.name == "csrftoken")


def statuses(page: bytes) -> list[bytes]:
    """The grid as shown: the checked status of each row, in order."""
    return CHECKED.findall(page)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_change_in_one_process_shows_in_the_other_at_once(database: str) -> None:
    url = "sqlite:///{var}/kept.sqlite3"
    if database == "postgresql":
        url = f"postgres:///sib_kept_pages_{os.getpid()}"
        if not postgres_database(url):
            pytest.skip("no local PostgreSQL database can be created")
    try:
        _two_processes(url)
    finally:
        if database == "postgresql":
            subprocess.run(["dropdb", "--if-exists", url.rsplit("/", 1)[-1]], check=False)  # noqa: S607


def _two_processes(url: str) -> None:
    with instance(url) as made:
        made.env["SIB_PAGE_CACHE"] = "1"
        setup = json.loads(made.python(SETUP.format(root=str(ROOT))))
        path = f"/academy/sessions/{setup['session']}/attendance/"
        with served(made, workers=1, threads=2) as a, served(made, workers=1, threads=2) as b:
            first, second = Browser(a, setup["cookie"]), Browser(b, setup["cookie"])
            for browser in (first, second):
                browser.open(path)
                page, headers = browser.open(path)
                assert headers.get("X-Sib-Page") == "kept", "the second visit is the kept copy"
            rows = len(set(re.findall(rb'name="status-(\d+)"', page)))
            assert rows == 5 and statuses(page) == []

            # Written by a third process: both show it on the next request.
            made.python(MARK_ABSENT.format(session=setup["session"], actor=setup["actor"]))
            for browser in (first, second):
                page, headers = browser.open(path)
                assert "X-Sib-Page" not in headers
                assert statuses(page) == [b"absent"]

            # Written through process b (the grid's "all present" button): a shows it at once.
            page, _ = second.open(path)
            token = TOKEN.search(page)
            assert token
            second.open(
                path, {"csrfmiddlewaretoken": token.group(1).decode(), "action": "all-present"}
            )
            page, headers = first.open(path)
            assert "X-Sib-Page" not in headers
            assert sorted(statuses(page)) == [b"absent"] + [b"present"] * (rows - 1)
