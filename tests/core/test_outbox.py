"""The mail outbox (issue 11, finding 2): every e-mail the platform sends is a row written with
the request's data and sent after the commit by the worker, retried, visible to coordinators
with a button to send it again; a mail server that is down never fails a request."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sib.core import mail
from sib.core.models import EmailState, OutboundEmail
from sib.events import services as event_services
from sib.events.models import Registration
from tests.academy.factories import ApplicationCallFactory
from tests.academy.test_applications import form_data
from tests.events.factories import EventFactory
from tests.factories import CoordinatorFactory, EditionFactory, UserFactory
from tests.mailbackends import DownBackend

pytestmark = pytest.mark.django_db

DOWN = "tests.mailbackends.DownBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def _register(client, event, email: str = "ala@example.org"):  # noqa: ANN001, ANN202
    return client.post(
        reverse("events:register", args=[event.pk]),
        {
            "full_name": "Ala Kowalska",
            "email": email,
            "language": "en",
            "consent": "on",
            "consent_version": event_services.consent_text_current().version,
        },
    )


def _make_due() -> None:
    """Time passes: every retry is due, in the outbox and in the task queue."""
    from django_tasks_db.models import DBTaskResult

    past = timezone.now() - dt.timedelta(seconds=1)
    OutboundEmail.objects.filter(state=EmailState.QUEUED).update(next_attempt_at=past)
    DBTaskResult.objects.filter(run_after__isnull=False).update(run_after=past)


@pytest.mark.django_db(transaction=True)  # real commits: the worker runs as in production
def test_smtp_down_answers_normally_keeps_the_mail_and_the_worker_sends_it_once_when_back(
    client, settings, worker_queue
) -> None:  # noqa: ANN001
    """The probe: with SMTP down 1,000 of 1,000 registrations answered 500 (all saved, no
    ticket ever sent). Now: the page answers, the row waits, and the worker delivers it."""
    settings.EMAIL_BACKEND = DOWN
    event = EventFactory()
    response = _register(client, event)
    assert response.status_code == 302  # answered normally
    registration = Registration.objects.get(event=event)
    email = OutboundEmail.objects.get(object_id=str(registration.pk))
    assert email.state == EmailState.QUEUED and email.purpose == "events.confirm"
    assert email.attempts == 0  # nothing was tried in the request
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path="sib.core.tasks.deliver_outbox").exists()
    call_command("worker", batch=True)  # the mail server is still down
    email.refresh_from_db()
    assert email.state == EmailState.QUEUED and email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now()
    # The mail server is back; time passes; the worker runs (twice: nothing is sent twice).
    settings.EMAIL_BACKEND = LOCMEM
    _make_due()
    call_command("worker", batch=True)
    call_command("worker", batch=True)
    email.refresh_from_db()
    assert email.state == EmailState.SENT and email.attempts == 2 and email.last_error == ""
    (message,) = django_mail.outbox
    assert message.to == ["ala@example.org"] and registration.token in message.body


def test_smtp_down_does_not_fail_an_application_or_a_sign_up(
    client, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.EMAIL_BACKEND = DOWN  # delivery is tried after the commit, and fails
    call = ApplicationCallFactory(edition=EditionFactory(status="recruiting"))
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(
            reverse("academy:application-form", args=[call.edition.pk]), form_data()
        )
        signed_up = client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": "a-long-pass-1",
                "password2": "a-long-pass-1",
            },
        )
    assert applied.status_code == 302 and signed_up.status_code == 302
    rows = dict(OutboundEmail.objects.values_list("purpose", "state"))
    assert rows == {
        "academy.application.draft": EmailState.QUEUED,
        "accounts.email_confirmation_signup": EmailState.QUEUED,
    }
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}


def test_a_retry_of_the_visitor_is_not_told_the_ticket_was_sent(
    client, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.EMAIL_BACKEND = DOWN
    user = UserFactory(email="member@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, event, email="member@example.org")
    page = client.get(response["Location"]).content.decode()
    assert "You are registered." in page
    assert "could not be delivered yet" in page or "on its way" in page
    assert "We have sent your ticket" not in page
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        mail.deliver_due(now=timezone.now() + dt.timedelta(hours=1))
    page = client.get(response["Location"]).content.decode()
    assert "Our last message about this registration was sent on" in page


def test_enqueueing_is_idempotent_and_delivery_sends_once(
    settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        first = mail.enqueue(
            key="k-1", purpose="test", to=["a@example.org"], subject="Hi", text="x"
        )
        again = mail.enqueue(
            key="k-1", purpose="test", to=["a@example.org"], subject="Hi", text="y"
        )
    assert first.pk == again.pk and OutboundEmail.objects.count() == 1
    assert mail.deliver(first.pk) is False  # already sent: nothing to claim
    assert mail.deliver_due() == 0
    assert len(django_mail.outbox) == 1 and django_mail.outbox[0].body == "x"


def test_retries_back_off_then_fail_and_a_coordinator_sends_it_again(
    client, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    settings.EMAIL_BACKEND = DOWN
    DownBackend.attempts = 0
    email = mail.enqueue(key="k-2", purpose="test", to=["b@example.org"], subject="S", text="T")
    now = timezone.now()
    delays = []
    for _ in range(mail.MAX_ATTEMPTS):
        email.refresh_from_db()
        now = email.next_attempt_at or now
        mail.deliver_due(now=now)
        email.refresh_from_db()
        if email.next_attempt_at:
            delays.append(round((email.next_attempt_at - now).total_seconds() / 60))
    assert delays == [1, 2, 4, 8, 16, 32, 64]
    assert email.state == EmailState.FAILED and email.attempts == mail.MAX_ATTEMPTS
    assert DownBackend.attempts == mail.MAX_ATTEMPTS
    # A coordinator sees it first in the outbox and sends it again.
    coordinator = CoordinatorFactory()
    mail.enqueue(key="k-3", purpose="other", to=["c@example.org"], subject="Later", text="T")
    client.force_login(coordinator)
    page = client.get(reverse("core:outbox")).content.decode()
    assert page.index("b@example.org") < page.index("c@example.org")  # failures first
    assert "Connection unexpectedly closed" in page
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:outbox-resend", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert [m.to for m in django_mail.outbox] == [["b@example.org"], ["c@example.org"]]
    from sib.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="mail.resend", object_id=str(email.pk)).exists()


def test_the_outbox_is_for_coordinators_and_filters(client) -> None:  # noqa: ANN001
    mail.enqueue(key="a", purpose="events.confirm", to=["x@example.org"], subject="One", text="T")
    mail.enqueue(
        key="b", purpose="surveys.invitation", to=["y@example.org"], subject="Two", text="T"
    )
    OutboundEmail.objects.filter(key="b").update(state=EmailState.FAILED)
    client.force_login(UserFactory())
    assert client.get(reverse("core:outbox")).status_code == 403
    email = OutboundEmail.objects.get(key="a")
    assert client.post(reverse("core:outbox-resend", args=[email.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("core:outbox")).status_code == 302  # to the login page
    client.force_login(CoordinatorFactory())
    by_state = client.get(reverse("core:outbox") + "?state=failed").content.decode()
    assert "y@example.org" in by_state and "x@example.org" not in by_state
    by_kind = client.get(reverse("core:outbox") + "?purpose=events.confirm").content.decode()
    assert "x@example.org" in by_kind and "y@example.org" not in by_kind
    searched = client.get(reverse("core:outbox") + "?q=Two").content.decode()
    assert "y@example.org" in searched and "x@example.org" not in searched


def test_the_outbox_page_keeps_its_query_count(client, django_assert_num_queries) -> None:  # noqa: ANN001
    client.force_login(CoordinatorFactory())
    mail.enqueue(key="first", purpose="test", to=["a@example.org"], subject="S", text="T")
    url = reverse("core:outbox")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(24):
        mail.enqueue(
            key=f"more-{n}", purpose=f"p{n % 3}", to=[f"{n}@example.org"], subject="S", text="T"
        )
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
    assert len(few) <= 20


def test_no_code_sends_mail_but_the_outbox() -> None:
    """Every message goes through `sib.core.mail`: nothing else calls Django's senders."""
    root = Path(__file__).resolve().parents[2] / "src" / "sib"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "mail.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bsend_(mass_)?mail\(|\.send\(\)|\.send_messages\(", text):
            offenders.append(str(path.relative_to(root)))
    # The account adapter overrides allauth's `send_mail` (to enqueue), which is not a send.
    assert offenders == ["accounts/adapters.py"] or offenders == []


def test_mail_of_every_kind_lands_in_the_outbox(
    client, settings, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    """Account mail (allauth, through the adapter), academy, events and surveys."""
    from sib.surveys.services import instrument_send
    from tests.surveys.factories import evaluation

    coordinator = CoordinatorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": coordinator.email})
        _register(client, EventFactory(), email="someone@example.org")
        instrument, _items = evaluation()
        instrument_send(actor=coordinator, instrument=instrument, users=[UserFactory()])
    purposes = set(OutboundEmail.objects.values_list("purpose", flat=True))
    assert {"accounts.password_reset_key", "events.confirm", "surveys.invitation"} <= purposes
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(django_mail.outbox) == OutboundEmail.objects.count()
