"""Residents take part in a consultation without an account (decision 0606): a confirmed
address, consent to the terms, rate limits, and their data in the privacy provider."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sib.academy.models import ConsentRecord
from sib.brokerage import privacy, selectors, services
from sib.brokerage.models import Comment
from sib.core.models import OutboundEmail
from tests.brokerage.factories import challenge
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def consultation(*, open_: bool = True, published: bool = True):  # noqa: ANN201
    coordinator = CoordinatorFactory()
    now = timezone.now()
    return services.consultation_create(
        actor=coordinator,
        challenge=challenge(actor=coordinator),
        data={
            "title_pl": "Konsultacja o autobusach",
            "title_en": "Consultation on buses",
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + (dt.timedelta(days=1) if open_ else -dt.timedelta(hours=1)),
            "published": published,
        },
    )


def post_guest(client, item, **fields):  # noqa: ANN001, ANN201
    data = {
        "guest-name": "Ala z Hajnówki",
        "guest-email": "ala@example.org",
        "guest-body": "Więcej autobusów <b>wieczorem</b>",
        "guest-stakeholder_group": "residents",
        "guest-consent": "on",
    }
    data.update({f"guest-{k}": v for k, v in fields.items()})
    return client.post(reverse("brokerage:consultation", args=[item.pk]), data)


def link_in_mail(address: str) -> str:
    mail = OutboundEmail.objects.filter(to=[address]).latest("id")
    return re.search(r"https?://\S+/consultations/confirm/\S+/", mail.text).group(0)


def test_a_comment_counts_only_after_the_link_in_the_mail(client) -> None:  # noqa: ANN001
    item = consultation()
    page = client.get(reverse("brokerage:consultation", args=[item.pk])).content.decode()
    assert "guest-email" in page, page[page.find("<main") :][:3000]
    assert "I take part in the consultation as a resident" in page  # the terms
    response = post_guest(client, item)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author is None and comment.confirmed_at is None
    assert comment.body == "Więcej autobusów wieczorem"
    assert selectors.participants_count() == 0
    assert selectors.consultation_comments(actor=comment.author, consultation=item) == []
    assert "Więcej autobusów" not in client.get(response.url).content.decode()
    record = ConsentRecord.objects.get(email="ala@example.org")
    assert record.text.key == "brokerage.consultation"
    assert record.object_id == str(comment.pk)

    url = link_in_mail("ala@example.org")
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # opening the link publishes nothing
    comment.refresh_from_db()
    assert comment.confirmed_at is None
    client.post("/" + path)
    comment.refresh_from_db()
    assert comment.confirmed_at is not None
    assert selectors.participants_count() == 1
    page = client.get(reverse("brokerage:consultation", args=[item.pk])).content.decode()
    assert "Więcej autobusów wieczorem" in page and "Ala z Hajnówki" in page
    assert "ala@example.org" not in page
    assert ("residents", "Residents") not in selectors.representation_gaps(consultation=item)


def test_without_consent_the_form_says_so_and_keeps_what_was_typed(client) -> None:  # noqa: ANN001
    item = consultation()
    response = post_guest(client, item, consent="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Agree to the consultation" in page or "Zaakceptuj" in page or "regulamin" in page
    assert "Ala z Hajnówki" in page
    assert not Comment.objects.exists()


def test_a_damaged_or_foreign_link_publishes_nothing(client) -> None:  # noqa: ANN001
    item = consultation()
    post_guest(client, item)
    comment = Comment.objects.get()
    bad = signing.dumps({"c": comment.pk, "e": "other@example.org"}, salt=services.GUEST_SALT)
    for token in ("nonsense", bad):
        response = client.post(reverse("brokerage:comment-confirm", args=[token]))
        assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.confirmed_at is None


def test_closed_unpublished_consultations_take_no_guest_comment(client) -> None:  # noqa: ANN001
    closed = consultation(open_=False)
    post_guest(client, closed)
    assert not Comment.objects.exists()
    draft = consultation(published=False)
    assert client.get(reverse("brokerage:consultation", args=[draft.pk])).status_code == 404
    post_guest(client, draft)
    assert not Comment.objects.exists()


@override_settings(SIB_RATE_LIMITS={"brokerage_guest_comment": "2/h/key"})
def test_guest_comments_are_rate_limited(client) -> None:  # noqa: ANN001
    from django.core.cache import cache

    cache.clear()
    item = consultation()
    for _ in range(3):
        post_guest(client, item)
    assert Comment.objects.count() == 2


def test_moderation_tells_the_resident_by_mail(client) -> None:  # noqa: ANN001
    item = consultation()
    post_guest(client, item, email="bea@example.org")
    comment = Comment.objects.get()
    services.guest_comment_confirm(token=link_in_mail("bea@example.org").rstrip("/").split("/")[-1])
    coordinator = CoordinatorFactory()
    services.comment_hide(actor=coordinator, comment=comment, reason="Off topic")
    mail = OutboundEmail.objects.filter(to=["bea@example.org"]).latest("id")
    assert "Off topic" in mail.text
    assert selectors.participants_count() == 0


def test_privacy_exports_erases_and_purges_residents_comments(client) -> None:  # noqa: ANN001
    item = consultation()
    post_guest(client, item, email="Cel@Example.org")
    post_guest(client, item, email="old@example.org")
    person = UserFactory(email="cel@example.org")
    exported = privacy.export(person=person)
    assert [c["guest_name"] for c in exported["comments_without_account"]] == ["Ala z Hajnówki"]
    privacy.erase(person=person)
    erased = Comment.objects.get(guest_email="erased@erased.invalid")
    assert erased.guest_name == "" and erased.body == privacy.REMOVED
    # Unconfirmed comments go after the pending period; confirmed ones lose the address later.
    later = timezone.now() + dt.timedelta(days=8)
    assert privacy.purge(now=later, dry_run=True)[0].count == 2
    privacy.purge(now=later)
    assert not Comment.objects.exists()


def test_confirmed_addresses_are_cleared_after_the_consultation() -> None:
    item = consultation()
    comment = services.guest_comment_add(
        consultation=item, name="Ola", email="ola@example.org", body="Tak", consent=True
    )
    Comment.objects.filter(pk=comment.pk).update(confirmed_at=timezone.now())
    privacy.purge(now=timezone.now() + dt.timedelta(days=200))
    comment.refresh_from_db()
    assert comment.guest_email == "erased@erased.invalid" and comment.body == "Tak"
