"""Operations: request ids in JSON logs, /readyz, the worker heartbeat, 503 during a database outage,
and the settings that several hosts need."""

from __future__ import annotations

import datetime as dt
import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from sib.core import readiness
from sib.core.logs import JsonFormatter, RequestIdFilter
from sib.core.models import WorkerHeartbeat
from sib.core.worker import beat, forget
from tests.accounts.test_accounts import PRODUCTION, _settings_in_subprocess

pytestmark = pytest.mark.django_db


class TestRequestId:
    def test_a_proxys_request_id_is_honoured_and_echoed(self, client) -> None:  # noqa: ANN001
        response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")
        assert response["X-Request-ID"] == "lb-7f3a.42"

    @pytest.mark.parametrize("sent", [None, "", "has spaces", "x" * 129, "new\nline"])
    def test_a_missing_or_unsafe_id_is_replaced_by_a_fresh_one(self, client, sent) -> None:  # noqa: ANN001
        headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
        first = client.get("/healthz", **headers)["X-Request-ID"]
        second = client.get("/healthz", **headers)["X-Request-ID"]
        assert len(first) == 32 and int(first, 16) >= 0
        assert first != second and first != sent

    def test_every_log_line_of_a_request_carries_its_id_as_json(self, client, caplog) -> None:  # noqa: ANN001
        caplog.set_level(logging.INFO, logger="sib.request")
        caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it
        client.get("/healthz", HTTP_X_REQUEST_ID="trace-1")
        (record,) = [r for r in caplog.records if r.name == "sib.request"]
        line = json.loads(JsonFormatter().format(record))
        assert line["request_id"] == "trace-1"
        assert line["level"] == "INFO"
        assert line["logger"] == "sib.request"
        assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
        assert line["message"] == "GET /healthz 200"
        assert isinstance(line["duration_ms"], float)

    def test_an_error_is_one_json_line_with_its_traceback(self) -> None:
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.getLogger("sib.test").makeRecord(
                "sib.test", logging.ERROR, __file__, 1, "failed: %s", ("x",), exc_info=True
            )
            import sys

            record.exc_info = sys.exc_info()
        text = JsonFormatter().format(record)
        assert "\n" not in text
        line = json.loads(text)
        assert line["message"] == "failed: x"
        assert line["request_id"] == "-"
        assert line["error"].startswith("Traceback") and "ValueError: boom" in line["error"]


class TestReadiness:
    def test_healthz_is_unchanged(self, client) -> None:  # noqa: ANN001
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_ready_with_a_live_worker_and_no_waiting_jobs(self, client) -> None:  # noqa: ANN001
        beat(worker_id="host-a:1:x", started_at=timezone.now(), tasks_run=3)
        response = client.get("/readyz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["cache"] == {"status": "ok", "backend": "DatabaseCache"}
        assert body["checks"]["worker"]["status"] == "ok"
        assert body["checks"]["worker"]["workers"] == 1
        assert body["checks"]["jobs"] == {"status": "ok", "pending": 0, "oldest_seconds": 0.0}
        assert response["Cache-Control"] == "no-store"

    def test_a_silent_worker_degrades_but_keeps_the_host_in_rotation(self, client) -> None:  # noqa: ANN001
        beat(worker_id="host-a:1:x", started_at=timezone.now(), tasks_run=0)
        WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=61))
        response = client.get("/readyz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "degraded"
        assert body["checks"]["worker"]["status"] == "degraded"
        assert body["checks"]["worker"]["workers"] == 0

    def test_a_worker_that_stops_removes_its_heartbeat(self) -> None:
        beat(worker_id="host-a:1:x", started_at=timezone.now(), tasks_run=0)
        beat(worker_id="host-a:1:x", started_at=timezone.now(), tasks_run=2)
        assert WorkerHeartbeat.objects.get().tasks_run == 2
        forget(worker_id="host-a:1:x")
        assert not WorkerHeartbeat.objects.exists()

    def test_jobs_waiting_too_long_are_reported(self, client) -> None:  # noqa: ANN001
        from django_tasks_db.models import DBTaskResult

        from sib.reports.tasks import run_report_export

        beat(worker_id="host-a:1:x", started_at=timezone.now(), tasks_run=0)
        run_report_export.enqueue(export_id="none")
        run_report_export.enqueue(export_id="none")
        DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
        body = client.get("/readyz").json()
        assert body["status"] == "degraded"
        assert body["checks"]["jobs"]["status"] == "degraded"
        assert body["checks"]["jobs"]["pending"] == 2
        assert body["checks"]["jobs"]["oldest_seconds"] >= 660

    def test_missing_migrations_mean_not_ready(self, client) -> None:  # noqa: ANN001
        expected = readiness._expected_migrations() | {("core", "9999_from_the_future")}
        with mock.patch.object(readiness, "_expected_migrations", return_value=expected):
            response = client.get("/readyz")
        assert response.status_code == 503
        database = response.json()["checks"]["database"]
        assert database == {
            "status": "unavailable",
            "missing_migrations": ["core.9999_from_the_future"],
        }

    def test_a_failing_database_means_not_ready(self, client) -> None:  # noqa: ANN001
        with mock.patch(
            "sib.core.readiness.MigrationRecorder.applied_migrations",
            side_effect=OperationalError("connection refused"),
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["checks"]["database"] == {"status": "unavailable", "error": "OperationalError"}
        assert "worker" not in body["checks"]

    def test_a_failing_cache_means_not_ready(self, client) -> None:  # noqa: ANN001
        with mock.patch(
            "sib.core.readiness.shared_cache.set", side_effect=ConnectionError("redis is down")
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["cache"] == {
            "status": "unavailable",
            "error": "ConnectionError",
        }


class TestDatabaseOutageAnswers503:
    def test_a_page_answers_503_with_retry_after_not_a_traceback(self, client) -> None:  # noqa: ANN001
        client.raise_request_exception = False
        with mock.patch("sib.core.views.render", side_effect=OperationalError("server closed")):
            response = client.get("/", HTTP_X_REQUEST_ID="outage-1")
        assert response.status_code == 503
        assert response["Retry-After"] == "15"
        assert response["X-Request-ID"] == "outage-1"
        page = response.content.decode()
        assert "Service unavailable" in page and "outage-1" in page
        assert "Traceback" not in page and "server closed" not in page

    def test_the_page_is_in_the_visitors_language(self, client) -> None:  # noqa: ANN001
        client.raise_request_exception = False
        with mock.patch("sib.core.views.render", side_effect=OperationalError("server closed")):
            response = client.get("/", HTTP_ACCEPT_LANGUAGE="pl")
        assert response.status_code == 503
        assert 'lang="pl"' in response.content.decode()
        assert "Usługa niedostępna" in response.content.decode()

    def test_other_errors_stay_500(self, client) -> None:  # noqa: ANN001
        client.raise_request_exception = False
        with mock.patch("sib.core.views.render", side_effect=ValueError("a bug")):
            response = client.get("/")
        assert response.status_code == 500
        assert "Server error" in response.content.decode()
        assert "a bug" not in response.content.decode()

    def test_the_api_answers_503_problem_json(self, client) -> None:  # noqa: ANN001
        with mock.patch(
            "sib.events.api.selectors.event_api_list", side_effect=OperationalError("gone")
        ):
            response = client.get("/api/v1/events")
        assert response.status_code == 503
        assert response["Content-Type"] == "application/problem+json"
        assert response["Retry-After"] == "15"
        assert response.json()["status"] == 503
        assert response.json()["title"] == "Service unavailable"


MULTI_HOST = {
    **PRODUCTION,
    "SIB_ALLOW_SQLITE": "0",
    "DATABASE_URL": "postgres://sib@db.internal:5432/sib",
    "SIB_HOSTS_COUNT": "2",
    "SIB_STORAGE_URL": "s3://sib-media/uploads",
    "SIB_S3_ENDPOINT_URL": "https://objects.example.org",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


class TestSeveralHostsSettings:
    def test_a_complete_multi_host_configuration_passes_the_deploy_check(self, tmp_path) -> None:  # noqa: ANN001
        result = _settings_in_subprocess(**{**MULTI_HOST, "SIB_VAR_DIR": str(tmp_path)})
        assert result.returncode == 0, result.stderr + result.stdout

    @pytest.mark.parametrize(
        ("change", "complaint"),
        [
            (
                {"DATABASE_URL": "", "SIB_ALLOW_SQLITE": "1"},
                "SIB_HOSTS_COUNT=2 declares several hosts, but SQLite lives on one machine",
            ),
            ({"SIB_STORAGE_URL": ""}, "files are stored in a local folder"),
            ({"SIB_STORAGE_URL": "file:///srv/media"}, "files are stored in a local folder"),
            ({"REDIS_URL": "", "SIB_CACHE_URL": "locmem://"}, "local-memory cache"),
        ],
    )
    def test_production_refuses_what_lives_on_one_machine(
        self, change: dict[str, str], complaint: str, tmp_path
    ) -> None:  # noqa: ANN001
        environment = {**MULTI_HOST, "SIB_VAR_DIR": str(tmp_path), **change}
        result = _settings_in_subprocess(**{k: v for k, v in environment.items() if v != ""})
        assert result.returncode != 0
        assert complaint in result.stderr

    def test_one_host_may_keep_sqlite_and_local_files(self, tmp_path) -> None:  # noqa: ANN001
        result = _settings_in_subprocess(
            **{**PRODUCTION, "SIB_VAR_DIR": str(tmp_path), "SIB_HOSTS_COUNT": "1"}
        )
        assert result.returncode == 0, result.stderr

    def test_the_s3_url_becomes_private_object_storage(self) -> None:
        from sib import settings as sib_settings

        with mock.patch.dict(
            sib_settings.env.environ,
            {"SIB_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "SIB_S3_REGION": "eu-central-1"},
        ):
            storage = sib_settings._default_storage("s3://sib-media/site/uploads/")
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        options = storage["OPTIONS"]
        assert options["bucket_name"] == "sib-media"
        assert options["location"] == "site/uploads"
        assert options["endpoint_url"] == "http://127.0.0.1:9000"
        assert options["region_name"] == "eu-central-1"
        assert options["default_acl"] is None and options["querystring_auth"] is True
        assert options["file_overwrite"] is False

    def test_an_unknown_storage_scheme_is_refused(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        from sib import settings as sib_settings

        with pytest.raises(ImproperlyConfigured, match="SIB_STORAGE_URL"):
            sib_settings._default_storage("ftp://files.example.org")
        with pytest.raises(ImproperlyConfigured, match="name a bucket"):
            sib_settings._default_storage("s3://")
