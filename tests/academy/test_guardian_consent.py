"""Applicants under 16 to the youth course need a parent's or guardian's consent, confirmed from
the link e-mailed to them and recorded with the text version; until then no acceptance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sib.academy import services
from sib.academy.models import (
    Application,
    ApplicationStatus,
    ConsentRecord,
    EditionStatus,
    ProgrammeKind,
)
from sib.core.models import OutboundEmail
from tests.academy.factories import ApplicationCallFactory
from tests.academy.test_applications import ANSWERS
from tests.factories import CoordinatorFactory, EditionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_call():  # noqa: ANN201
    edition = EditionFactory(
        programme=ProgrammeFactory(kind=ProgrammeKind.YOUTH),
        status=EditionStatus.RECRUITING,
        starts_on=dt.date(2027, 2, 1),
        ends_on=dt.date(2027, 6, 1),
    )
    return ApplicationCallFactory(edition=edition)


def _draft(call, **fields):  # noqa: ANN001, ANN003, ANN202
    return services.application_save_draft(
        actor=AnonymousUser(),
        edition=call.edition,
        language="en",
        **{
            **ANSWERS,
            "email": "kuba@example.org",
            "full_name": "Kuba Młody",
            "birth_year": 2013,
            **fields,
        },
    )


def _submit(application):  # noqa: ANN001, ANN202
    return services.application_submit(
        actor=AnonymousUser(), application=application, consent_version=1, consent_given=True
    )


def test_under_16_must_name_a_guardian_and_the_youth_course_needs_a_birth_year(youth_call) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as error:
        _submit(_draft(youth_call))
    assert {"guardian_name", "guardian_email"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        _submit(_draft(youth_call, email="b@example.org", birth_year=None))
    assert "birth_year" in error.value.message_dict
    # Sixteen or older in the year the edition starts: no guardian needed.
    assert _submit(_draft(youth_call, email="c@example.org", birth_year=2011)).status == (
        ApplicationStatus.SUBMITTED
    )


def test_the_guardian_confirms_from_the_link_and_only_then_acceptance_is_possible(
    youth_call, client
) -> None:  # noqa: ANN001
    application = _submit(
        _draft(youth_call, guardian_name="Anna Młoda", guardian_email="anna@example.org")
    )
    message = OutboundEmail.objects.get(purpose="academy.guardian")
    assert message.to == ["anna@example.org"] and "Kuba Młody" in message.text
    link = reverse("academy:guardian-consent", args=[application.guardian_token])
    assert link in message.text

    Application.objects.filter(pk=application.pk).update(email_confirmed_at=timezone.now())
    application.refresh_from_db()
    coordinator = CoordinatorFactory()
    with pytest.raises(ValidationError, match="parent or guardian"):
        services.application_decide(
            actor=coordinator, application=application, decision=ApplicationStatus.ACCEPTED
        )

    page = client.get(link)
    assert page.status_code == 200 and "version 1" in page.content.decode()
    assert client.post(link, {"version": "1"}).status_code == 400  # the box not ticked
    response = client.post(link, {"version": "1", "agree": "yes"})
    assert response.status_code == 200 and "your consent was recorded" in response.content.decode()
    application.refresh_from_db()
    assert application.guardian_consent_at is not None
    record = ConsentRecord.objects.get(text__key="academy.guardian")
    assert record.email == "anna@example.org" and record.text.version == 1
    assert record.object_id == str(application.pk)
    services.application_decide(
        actor=coordinator, application=application, decision=ApplicationStatus.ACCEPTED
    )


def test_an_unknown_guardian_link_is_404(client) -> None:  # noqa: ANN001
    assert client.get(reverse("academy:guardian-consent", args=["nope"])).status_code == 404


def test_the_youth_application_form_asks_for_the_guardian(youth_call, client) -> None:  # noqa: ANN001
    html = client.get(
        reverse("academy:application-form", args=[youth_call.edition_id])
    ).content.decode()
    assert "Parent or guardian (applicants under 16)" in html and 'name="guardian_email"' in html
    other = ApplicationCallFactory(edition=EditionFactory(status=EditionStatus.RECRUITING))
    html = client.get(reverse("academy:application-form", args=[other.edition_id])).content.decode()
    assert 'name="guardian_email"' not in html
