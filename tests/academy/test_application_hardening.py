"""The public application form against abuse (issue 11, finding 3): the address is confirmed
before an application counts, answers do not reveal who applied, per-client and per-address
limits, and an autosave racing the submission lands in one application."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sib.academy.models import Application, ApplicationStatus, EditionStatus
from tests.academy.factories import ApplicationCallFactory, ApplicationFactory
from tests.academy.test_applications import form_data
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():  # noqa: ANN201
    return ApplicationCallFactory(edition=EditionFactory(status=EditionStatus.RECRUITING))


def _url(call) -> str:  # noqa: ANN001
    return reverse("academy:application-form", args=[call.edition.pk])


def _confirm_link(message) -> str:  # noqa: ANN001
    return re.search(r"http://[^\s]+/apply/confirm/[^\s/]+/", message.body).group(0)


def _visible(content: bytes) -> str:
    """The page without what differs per request (CSRF token, the form's random key)."""
    text = content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'name="form_key" value="[^"]+"', "", text)


def test_submitting_with_an_address_that_applied_answers_exactly_as_with_a_new_one(
    call, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    ApplicationFactory(edition=call.edition, email="taken@example.org")
    answers = []
    for email in ("taken@example.org", "fresh@example.org"):
        visitor = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post(_url(call), form_data(email=email), follow=True)
        assert response.status_code == 200
        answers.append(_visible(response.content).replace(email, "ADDRESS"))
    assert answers[0] == answers[1]
    assert "One step left: confirm your e-mail address." in answers[0]
    # Each address got the same kind of message; the owner of the taken one decides.
    assert sorted(m.to[0] for m in mail.outbox) == ["fresh@example.org", "taken@example.org"]
    assert Application.objects.filter(email="taken@example.org").count() == 2


def test_the_link_confirms_only_on_a_button_press_and_then_the_application_counts(
    client, call, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(call), form_data())
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.email_confirmed_at is None
    (message,) = mail.outbox
    link = _confirm_link(message)
    other_browser = Client()
    page = other_browser.get(link)  # what a mail scanner does
    assert page.status_code == 200 and b"Confirm and continue" in page.content
    application.refresh_from_db()
    assert application.email_confirmed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = other_browser.post(link, follow=True)
    assert b"your application counts now" in response.content
    application.refresh_from_db()
    assert application.email_confirmed_at is not None
    assert mail.outbox[-1].subject.startswith("[SIB] We have received your application")
    assert other_browser.get("/academy/call/0/apply/confirm/nope/").status_code == 404


def test_an_unconfirmed_application_can_have_its_link_sent_again_within_a_limit(
    client, call, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "confirmation_resend": "1/h/key"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(call), form_data())
    resend = reverse("academy:application-resend", args=[call.edition.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(resend, follow=True)
        second = client.post(resend, follow=True)
    assert b"We are sending the link again." in first.content
    assert b"The link was sent a short while ago." in second.content
    assert len(mail.outbox) == 2  # the first message and one resend


def test_new_drafts_are_limited_per_client_and_per_address(
    call, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    """The probe posted the form 30 times with one victim's address: 30 mails."""
    settings.SIB_RATE_LIMITS = {
        **settings.SIB_RATE_LIMITS,
        "application_start": "5/h/ip,3/h/key",
    }
    statuses = []
    for _ in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(_url(call), form_data(email="victim@example.org"))
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert [m.to[0] for m in mail.outbox] == ["victim@example.org"] * 3
    refused = Client().post(_url(call), form_data(email="victim@example.org"))
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many attempts" in text and "Jan Kowalski" in text  # nothing typed is lost
    # Other addresses from the same client: until the per-client limit.
    assert Client().post(_url(call), form_data(email="a@example.org")).status_code == 302
    assert Client().post(_url(call), form_data(email="b@example.org")).status_code == 302
    assert Client().post(_url(call), form_data(email="c@example.org")).status_code == 429
    # An autosave is answered with the fragment and the same status.
    response = Client().post(
        _url(call), form_data(email="d@example.org", action="autosave"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429 and b"too many attempts" in response.content


def test_an_autosave_and_a_submission_racing_each_other_make_one_application(
    call, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    """The browser's autosave of the e-mail address is still on its way when the person
    presses Submit: the submission arrives without the draft in the session. Both carry the
    form's key, so it continues the autosave's draft instead of being refused."""
    browser = Client()
    page = browser.get(_url(call)).content.decode()
    form_key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    racing = Client()  # the submission, sent before the autosave's session cookie was kept
    with django_capture_on_commit_callbacks(execute=True):
        autosave = browser.post(
            _url(call),
            form_data(action="autosave", form_key=form_key, motivation=""),
            HTTP_HX_REQUEST="true",
        )
        submit = racing.post(_url(call), form_data(form_key=form_key), follow=True)
    assert autosave.status_code == 200 and submit.status_code == 200
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.motivation == "Motivation."
    assert b"This e-mail address has already applied" not in submit.content
    assert len(mail.outbox) == 1  # one confirmation link, for one application
