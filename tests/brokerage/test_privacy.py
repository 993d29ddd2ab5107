"""The brokerage's part of a person's data: exported in full, erased without changing counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from sib.brokerage import services
from sib.brokerage.models import BrokerProfile, Comment, CommentSupport, Notification
from sib.brokerage.privacy import REMOVED, erase, export
from tests.brokerage.factories import broker, challenge
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _consultation(coordinator):  # noqa: ANN001, ANN202
    return services.consultation_create(
        actor=coordinator,
        challenge=challenge(actor=coordinator),
        data={
            "title_pl": "Konsultacja",
            "opens_at": timezone.now() - dt.timedelta(days=1),
            "closes_at": timezone.now() + dt.timedelta(days=1),
            "published": True,
        },
    )


def test_export_holds_the_profile_comments_supports_and_notifications() -> None:
    coordinator = CoordinatorFactory()
    consultation = _consultation(coordinator)
    person = UserFactory()
    broker(user=person, home_gmina="Tarnów")
    comment = services.comment_add(
        actor=person, consultation=consultation, body="More buses on Sundays, please."
    )
    other = services.comment_add(actor=UserFactory(), consultation=consultation, body="Agreed.")
    services.comment_support(actor=person, comment=other)
    services.comment_report(actor=person, comment=other, reason="Off topic")
    Notification.objects.create(recipient=person, text="You were introduced.")

    data = export(person=person)

    json.dumps(data)  # JSON-ready
    assert data["broker_profile"]["home_gmina"] == "Tarnów"
    assert [c["body"] for c in data["comments"]] == [comment.body]
    assert data["comments_supported"] == [other.pk]
    assert data["comments_reported"][0]["reason"] == "Off topic"
    assert data["notifications"][0]["text"] == "You were introduced."
    assert "Agreed." not in json.dumps(data["comments"])


def test_erase_blanks_what_they_wrote_and_keeps_the_counts() -> None:
    coordinator = CoordinatorFactory()
    consultation = _consultation(coordinator)
    person = UserFactory()
    profile = broker(user=person, home_gmina="Tarnów", name_public=True)
    comment = services.comment_add(
        actor=person, consultation=consultation, body="More buses on Sundays, please."
    )
    kept = services.comment_add(actor=UserFactory(), consultation=consultation, body="Agreed.")
    services.comment_support(actor=person, comment=kept)
    Notification.objects.create(recipient=person, text="You were introduced.")

    erase(person=person)

    comment.refresh_from_db()
    assert comment.body == REMOVED
    assert Comment.objects.filter(consultation=consultation).count() == 2
    kept.refresh_from_db()
    assert kept.body == "Agreed."
    assert CommentSupport.objects.filter(comment=kept).count() == 1
    profile = BrokerProfile.objects.get(pk=profile.pk)
    assert (profile.home_gmina, profile.consent_at, profile.name_public) == ("", None, False)
    assert not Notification.objects.filter(recipient=person).exists()
    assert "More buses" not in json.dumps(export(person=person))


def test_the_platform_download_and_erasure_include_the_brokerage_and_studio_parts() -> None:
    from sib.accounts.services import person_erase, person_export

    coordinator = CoordinatorFactory()
    consultation = _consultation(coordinator)
    person = UserFactory()
    comment = services.comment_add(actor=person, consultation=consultation, body="Bus stop!")

    document = person_export(actor=person, person=person)
    json.dumps(document)
    assert document["brokerage"]["comments"][0]["body"] == "Bus stop!"
    assert "project_memberships" in document["studio"]

    person_erase(actor=coordinator, person=person, reason="Asked by e-mail")
    comment.refresh_from_db()
    assert comment.body == REMOVED
    assert Comment.objects.filter(consultation=consultation).count() == 1
