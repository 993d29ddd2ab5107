"""The autosave/submit race of the last stop, for real (issue 11, finding 3): the autosave that
saves the e-mail address and the submission leave the browser together and are served at the
same time by two threads with their own database connections, on PostgreSQL. Each pair must end
as one submitted application, with nothing refused."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from sib.academy.models import Application, ApplicationStatus, ConsentText, EditionStatus
from tests.academy.factories import ApplicationCallFactory
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAIRS = 15


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _form(browser: urllib.request.OpenerDirector, url: str) -> tuple[str, str]:
    with browser.open(url, timeout=60) as page:
        html = page.read()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    key = re.search(rb'name="form_key" value="([^"]+)"', html).group(1).decode()
    return token, key


def _post(browser, url: str, data: dict[str, str], headers: dict[str, str]) -> int:  # noqa: ANN001
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers=headers, method="POST"
    )
    try:
        with browser.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _race(url: str, fields: dict[str, str], typing: tuple, submitting: tuple) -> dict[str, int]:
    """The autosave (from the browser that typed) and the submission (whose request left before
    the autosave's session was kept: a session of its own) released at the same instant."""
    start = threading.Barrier(2)
    outcome: dict[str, int] = {}

    def autosave() -> None:
        browser, token = typing
        start.wait()
        outcome["autosave"] = _post(
            browser,
            url,
            {**fields, "action": "autosave", "csrfmiddlewaretoken": token},
            {"HX-Request": "true"},
        )

    def submit() -> None:
        browser, token = submitting
        start.wait()
        outcome["submit"] = _post(
            browser, url, {**fields, "action": "submit", "csrfmiddlewaretoken": token}, {}
        )

    threads = [threading.Thread(target=autosave), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_an_autosave_and_a_submission_served_at_once_make_one_application(live_server) -> None:  # noqa: ANN001
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so it cannot show the race")
    from django.conf import settings

    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "application_start": ""}
    call = ApplicationCallFactory(edition=EditionFactory(status=EditionStatus.RECRUITING))
    url = f"{live_server.url}/academy/call/{call.edition.pk}/apply/"
    version = ConsentText.objects.filter(key="academy.application").order_by("-version")[0].version
    answers = []
    for n in range(PAIRS):
        typing, submitting = _browser(), _browser()
        token, key = _form(typing, url)
        other_token, _other_key = _form(submitting, url)
        fields = {
            "full_name": f"Racer {n}",
            "email": f"racer{n}@example.org",
            "language": "en",
            "language_track": "pl",
            "motivation": "Motivation.",
            "background": "Background.",
            "consent_version": str(version),
            "consent": "on",
            "form_key": key,
        }
        answers.append(_race(url, fields, (typing, token), (submitting, other_token)))
    # The autosave may find the application already submitted (a 200 fragment saying so, or a
    # redisplay); the submission always lands.
    assert all(outcome["submit"] == 200 for outcome in answers), answers
    assert all(outcome["autosave"] in (200,) for outcome in answers), answers
    for n in range(PAIRS):
        (application,) = Application.objects.filter(email=f"racer{n}@example.org")
        assert application.status == ApplicationStatus.SUBMITTED
