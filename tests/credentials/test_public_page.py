"""The public verification page kept as finished HTML for anonymous readers (decision 0211):
one query, never stale, the same bytes a fresh render gives, a working CSRF token."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sib.core import pagecache
from sib.credentials import services
from tests.credentials.factories import enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


@pytest.fixture
def credential(coordinator, edition):  # noqa: ANN001, ANN201
    pagecache.clear()
    return services.credential_issue(
        actor=coordinator, enrolment=enrol(edition, full_name="Zofia Żółkiewska")
    )


def _without_tokens(html: str) -> str:
    return TOKEN.sub(r"\1TOKEN", html)


def test_an_anonymous_reader_costs_one_query_once_rendered(client, credential) -> None:  # noqa: ANN001
    url = f"/c/{credential.uuid}/"
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200 and "verdict--valid" in response.content.decode()
    assert len(warm.captured_queries) == 1
    assert response["X-Robots-Tag"] == "noindex"


def test_the_kept_page_is_what_a_fresh_render_gives(client, credential) -> None:  # noqa: ANN001
    url = f"/c/{credential.uuid}/"
    for language in ("pl", "en"):
        first = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        kept = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        pagecache.clear()
        fresh = Client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert _without_tokens(kept) == _without_tokens(fresh) == _without_tokens(first)
        assert pagecache.PLACEHOLDER.decode() not in kept
        assert f'<html lang="{language}">' in kept  # kept per language


def test_each_reader_gets_a_working_csrf_token(credential) -> None:  # noqa: ANN001
    url = f"/c/{credential.uuid}/"
    Client().get(url)  # rendered and kept
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(url).content.decode()
    tokens = {match[1] for match in TOKEN.findall(html)}
    assert len(tokens) == 1
    response = reader.post(
        "/language/", {"language": "en", "next": url, "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302


def test_state_changes_show_at_once(client, coordinator, credential) -> None:  # noqa: ANN001
    url = f"/c/{credential.uuid}/"
    assert "verdict--valid" in client.get(url).content.decode()
    services.credential_suspend(actor=coordinator, credential=credential, reason="Review")
    assert "verdict--suspended" in client.get(url).content.decode()
    services.credential_reinstate(actor=coordinator, credential=credential, reason="Done")
    assert "verdict--valid" in client.get(url).content.decode()
    services.credential_revoke(
        actor=coordinator, credential=credential, reason="Plagiarism", reason_public=True
    )
    text = client.get(url).content.decode()
    assert "verdict--revoked" in text and "Plagiarism" in text
    services.credential_set_hidden(actor=credential.holder, credential=credential, hidden=True)
    assert client.get(url).status_code == 404


def test_erasure_and_issuer_edits_show_at_once(client, coordinator, credential) -> None:  # noqa: ANN001
    from sib.credentials.models import Credential

    url = f"/c/{credential.uuid}/"
    assert "Zofia Żółkiewska" in client.get(url).content.decode()
    Credential.objects.filter(pk=credential.pk).update(holder_name="")
    assert "Zofia Żółkiewska" not in client.get(url).content.decode()
    issuer = credential.issuer
    services.issuer_update(actor=coordinator, issuer=issuer, locality="Nowy Sącz")
    assert "Nowy Sącz" in client.get(url).content.decode()


def test_signed_in_readers_get_their_own_frame(client, credential) -> None:  # noqa: ANN001
    url = f"/c/{credential.uuid}/"
    client.get(url)  # the anonymous page is kept
    reader = UserFactory(full_name="Ewa Czytelniczka")
    client.force_login(reader)
    text = client.get(url).content.decode()
    assert "verdict--valid" in text and reader.get_short_name() in text
    client.force_login(credential.holder)
    services.credential_set_hidden(actor=credential.holder, credential=credential, hidden=True)
    assert "only you can see it" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
