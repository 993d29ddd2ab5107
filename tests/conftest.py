"""Shared test set-up: fast hashing, plain static files, per-app factories, API helpers."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", max_examples=40, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage 404s un-collected files under live_server; tests serve plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SIB_STAFF_MFA = False
    # Pages are rendered on every request, so query counts and page tests measure rendering;
    # the kept pages are tested on their own (tests/core/test_kept_pages*.py) and in the browser
    # journeys (tests/e2e), which keep them as production does (decision 0907).
    settings.SIB_PAGE_CACHE = False
    # On PostgreSQL a connection left inside a transaction (a server thread of a browser test, a
    # thread of a race test) would hold its locks until the run ends, and the next transactional
    # test's TRUNCATE would wait for it for ever (CI once hung so). The server ends such a session
    # after five idle minutes instead: far longer than any test keeps a transaction idle. A
    # statement still waiting for a lock after ten minutes fails rather than waits for ever.
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = " ".join(
            [
                options.get("options", ""),
                "-c idle_in_transaction_session_timeout=300s",
                "-c lock_timeout=600s",
            ]
        ).strip()
    # The credential issuer's key: a throwaway file per test run, never the developer's var/.
    import tempfile
    from pathlib import Path

    settings.SIB_SIGNING_KEY = str(Path(tempfile.mkdtemp(prefix="sib-test-key-")) / "issuer.pem")
    # Files the tests store (certificates) go to a throwaway folder, not var/media.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="sib-test-media-")


@pytest.fixture(autouse=True)
def _english_by_default(settings: object) -> None:
    """Tests read English text unless they ask for Polish (the product's default is Polish)."""
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]


# Rows that data migrations create (e.g. the first consent text). Transactional tests (the browser
# journeys) truncate every table afterwards, so each test that uses the database gets them back here.
DATA_MIGRATIONS = [
    "sib.academy.migrations.0004_application_consent_v1",
    "sib.events.migrations.0002_registration_consent_v1",
    "sib.academy.migrations.0008_optional_consent_texts",
    "sib.core.migrations.0005_reference_themes_sdgs",
    "sib.core.migrations.0008_reference_sdg_targets",
    "sib.academy.migrations.0008_competences_c1_c10",
    "sib.studio.migrations.0003_toolkit_templates",
    "sib.brokerage.migrations.0004_consultation_terms_v1",
]


@pytest.fixture(autouse=True)
def _data_from_migrations(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (
        "transactional_db" in names
        or "live_server" in names
        or (marker and marker.kwargs.get("transaction"))
    ):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps

    for module in DATA_MIGRATIONS:
        importlib.import_module(module).create(apps, None)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _fresh_page_copies() -> None:
    """Each test starts without the public pages kept by an earlier one in this process
    (`sib.core.pagecache`): ids repeat across tests whose databases were rolled back."""
    from sib.core import pagecache

    pagecache.clear()


@pytest.fixture(autouse=True)
def _outbox_delivers_after_each_commit(request: pytest.FixtureRequest, monkeypatch) -> None:  # noqa: ANN001
    """The mail outbox asks the task worker to deliver after each commit; tests have no worker,
    so delivery runs right there (still after the commit, still through the outbox). A test of
    the worker itself asks for the `worker_queue` fixture and drains the queue with
    `sib worker --batch`."""
    if "worker_queue" in request.fixturenames:
        return
    from sib.core import mail

    monkeypatch.setattr(mail, "_request_delivery", lambda: mail.deliver_due())


@pytest.fixture
def worker_queue(settings) -> None:  # noqa: ANN001
    """Mail and other background work go to the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """The demo (`sib demo`) loaded once for a module of site-wide sweeps (`tests/pages.py`),
    committed so a live server sees it, and flushed afterwards so later modules start empty."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    from sib.core import pagecache

    if connection.vendor != "sqlite" and not str(connection.settings_dict["NAME"]).startswith(
        "test_"
    ):
        # pytest-django creates the test database only for sessions whose tests ask for it.
        pytest.fail("demo_site: mark the module's tests with @pytest.mark.django_db")
    with django_db_blocker.unblock():
        for module in DATA_MIGRATIONS:
            importlib.import_module(module).create(apps, None)
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        try:
            yield
        finally:
            pagecache.clear()
            name = str(connection.settings_dict["NAME"])
            # Never the developer's database: only a test database is emptied.
            if connection.vendor == "sqlite" or name.startswith("test_"):
                call_command("flush", interactive=False, verbosity=0)
