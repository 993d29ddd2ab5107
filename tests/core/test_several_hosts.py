"""Two app hosts behind a load balancer, one PostgreSQL, files on S3-compatible object storage.

Each host is a real `sib serve` (gunicorn) with production settings and its own var folder;
nothing is shared between them but the database and the bucket (a local S3 server, moto). A
round-robin proxy sends each request to the other host, and a coordinator's journey crosses
them: log in on one, confirm the second factor on the other, upload a speaker's photo, and
download it from both."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
import requests
from django.db import connection
from PIL import Image

from tests.core.servers import (
    ON_POSTGRES,
    PASSWORD,
    RoundRobinProxy,
    Server,
    csrf_token,
    database_url,
    production_environment,
)
from tests.factories import CoordinatorFactory

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES, reason="several hosts need PostgreSQL (the PostgreSQL pass runs this)"
    ),
    pytest.mark.django_db(transaction=True),
]
BUCKET = "sib-media"


@pytest.fixture
def object_storage():  # noqa: ANN201
    """A local S3-compatible server with an empty bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every call
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",  # noqa: S106
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    try:
        yield endpoint, client
    finally:
        server.stop()


def totp_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_journey_across_two_hosts_sharing_database_and_object_storage(
    object_storage: tuple[str, object], tmp_path: Path
) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from sib.events.models import Speaker

    endpoint, s3 = object_storage
    coordinator = CoordinatorFactory(email="coordinator@hosts.example")
    # The hosts use the production hashers (the test process hashes with MD5 for speed).
    hasher = PBKDF2PasswordHasher()
    coordinator.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    coordinator.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)

    shared = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "SIB_ALLOW_SQLITE": "0",
        "SIB_HOSTS_COUNT": "2",
        "SIB_STORAGE_URL": f"s3://{BUCKET}/uploads",
        "SIB_S3_ENDPOINT_URL": endpoint,
        "SIB_S3_REGION": "us-east-1",
        "SIB_S3_ACCESS_KEY_ID": "test-key",
        "SIB_S3_SECRET_ACCESS_KEY": "test-secret",
        "SIB_S3_ADDRESSING_STYLE": "path",
    }
    hosts: list[Server] = []
    try:
        for name in "ab":
            hosts.append(Server(production_environment(tmp_path / name, **shared), name=name))
    except BaseException:
        for host in hosts:  # never leave a server behind
            host.stop()
        raise
    proxy = RoundRobinProxy([host.url for host in hosts])
    served_by: list[tuple[str, str]] = []

    def remember(response: requests.Response) -> requests.Response:
        served_by.append(
            (
                f"{response.request.method} {response.request.path_url}",
                response.headers["X-Served-By"],
            )
        )
        return response

    try:
        browser = requests.Session()
        browser.hooks["response"].append(lambda response, **kwargs: remember(response))
        base = proxy.url

        login_page = browser.get(f"{base}/accounts/login/", timeout=30)
        signed_in = browser.post(
            f"{base}/accounts/login/",
            data={
                "login": coordinator.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(login_page),
            },
            allow_redirects=False,
            timeout=30,
        )
        assert signed_in.status_code == 302
        assert signed_in.headers["Location"] == "/accounts/2fa/authenticate/"
        second_factor = browser.get(f"{base}/accounts/2fa/authenticate/", timeout=30)
        confirmed = browser.post(
            f"{base}/accounts/2fa/authenticate/",
            data={"code": totp_code(secret), "csrfmiddlewaretoken": csrf_token(second_factor)},
            allow_redirects=False,
            timeout=30,
        )
        assert confirmed.status_code == 302, confirmed.text[:500]

        form = browser.get(f"{base}/events/speakers/new/", timeout=30)
        assert form.status_code == 200
        picture = io.BytesIO()
        Image.new("RGB", (120, 80), (30, 140, 60)).save(picture, "PNG")
        uploaded = browser.post(
            f"{base}/events/speakers/new/",
            data={
                "full_name": "Ewa Dwuhostowa",
                "country": "PL",
                "csrfmiddlewaretoken": csrf_token(form),
            },
            files={"photo": ("ewa.png", picture.getvalue(), "image/png")},
            allow_redirects=False,
            timeout=30,
        )
        assert uploaded.status_code == 302, uploaded.text[:500]

        speaker = Speaker.objects.get(full_name="Ewa Dwuhostowa")
        stored = s3.get_object(Bucket=BUCKET, Key=f"uploads/{speaker.photo.name}")["Body"].read()
        assert stored[:3] == b"\xff\xd8\xff"  # the re-encoded JPEG, in the bucket
        downloads = [
            browser.get(f"{base}/events/speakers/{speaker.pk}/photo", timeout=30) for _ in hosts
        ]
        assert [d.status_code for d in downloads] == [200, 200]
        assert all(d.content == stored for d in downloads)

        readiness = [requests.get(f"{host.url}/readyz", timeout=30).json() for host in hosts]
        assert all(r["checks"]["database"]["status"] == "ok" for r in readiness)
        assert all(r["checks"]["cache"]["status"] == "ok" for r in readiness)
        assert all(host.alive() for host in hosts)
    finally:
        proxy.stop()
        for host in hosts:
            host.stop()

    hosts_of = dict(served_by)
    # The journey really crossed: each step was served by the other host than the one before.
    steps = [host for _, host in served_by]
    assert steps == ["0", "1"] * (len(steps) // 2) + ["0"] * (len(steps) % 2)
    assert hosts_of["POST /accounts/login/"] != hosts_of["GET /accounts/2fa/authenticate/"]
    assert hosts_of["GET /events/speakers/new/"] != hosts_of["POST /events/speakers/new/"]
    upload_host = hosts_of["POST /events/speakers/new/"]
    download_hosts = {host for step, host in served_by if step.endswith("/photo")}
    assert download_hosts == {"0", "1"} and upload_host in download_hosts
    # Nothing was written to either host's disk: the files live in the bucket only.
    assert not (tmp_path / "a" / "media").exists() and not (tmp_path / "b" / "media").exists()
