"""Pages and API of the brokerage: who may open what, exports, moderation, query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.accounts.services import api_token_create
from sib.brokerage import plugins, services
from sib.brokerage.models import Comment, Introduction, Notification
from sib.core import pagecache
from sib.credentials.selectors import proven_competences
from tests.brokerage.factories import broker, challenge, partner
from tests.conftest import bearer
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:  # noqa: ANN001
    cache.clear()
    pagecache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def token(user) -> dict[str, str]:  # noqa: ANN001
    return bearer(api_token_create(actor=user, user=user)[1])


def test_public_list_filters_searches_counts_and_exports(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    challenge(actor=coordinator, title_pl="Smog w Nowym Targu", title_en="Smog")
    challenge(actor=coordinator, title_pl="Samotność", title_en="Loneliness", voivodeship="lodzkie")
    challenge(actor=coordinator, publish=False, title_pl="Szkic tajny", title_en="Secret draft")
    page = client.get(reverse("brokerage:challenges")).content.decode()
    assert "Smog" in page and "Loneliness" in page and "Secret draft" not in page
    assert "<svg" in page and "Łódź (łódzkie)" in page  # chart and its table
    filtered = client.get(
        reverse("brokerage:challenges"), {"voivodeship": "lodzkie"}
    ).content.decode()
    assert "Loneliness" in filtered and "Smog" not in filtered
    searched = client.get(reverse("brokerage:challenges"), {"q": "smog"}).content.decode()
    assert "Smog" in searched and "Loneliness" not in searched
    csv_text = client.get(reverse("brokerage:challenges-export", args=["csv"])).content.decode()
    assert "Smog" in csv_text and "Secret" not in csv_text
    xlsx = client.get(reverse("brokerage:challenges-export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_formula_cells_are_neutralised_in_the_export(client) -> None:  # noqa: ANN001
    challenge(title_pl="=HYPERLINK(1)", title_en="=HYPERLINK(1)")
    text = client.get(reverse("brokerage:challenges-export", args=["csv"])).content.decode()
    assert "'=HYPERLINK(1)" in text


def test_draft_pages_are_404_to_others_and_edit_403_after_publishing(client) -> None:  # noqa: ANN001
    owner = partner()
    draft = challenge(actor=owner, publish=False)
    url = reverse("brokerage:challenge", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(partner())
    assert client.get(url).status_code == 404
    assert client.get(reverse("brokerage:challenge-edit", args=[draft.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.post(reverse("brokerage:challenge-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert client.get(reverse("brokerage:challenge-edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("brokerage:challenge-publish", args=[draft.pk])).status_code == 403


def test_partner_creates_a_challenge_through_the_form(client) -> None:  # noqa: ANN001
    owner = partner()
    client.force_login(owner)
    response = client.post(
        reverse("brokerage:challenge-create"),
        {
            "title_pl": "Nowe wyzwanie",
            "summary_pl": "Opis",
            "voivodeship": "malopolskie",
            "level": "local",
            "languages": ["pl"],
            "stage": "1",
            "brokers_needed": "2",
        },
    )
    assert response.status_code == 302
    assert owner.partner_for.challenges.get().brokers_needed == 2


def test_broker_accepts_from_the_page_and_others_get_404(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    profile = broker()
    intro = services.introduction_propose(actor=coordinator, challenge=item, broker=profile)
    url = reverse("brokerage:introduction", args=[intro.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(reverse("brokerage:introduction-accept", args=[intro.pk])).status_code == 404
    client.force_login(profile.user)
    page = client.get(url).content.decode()
    assert "certified" in page or "declares" in page or "lacks C1" in page
    client.post(reverse("brokerage:introduction-accept", args=[intro.pk]))
    intro.refresh_from_db()
    assert intro.status == "accepted"
    assert client.get(reverse("brokerage:notifications")).status_code == 200


def test_matching_pages_are_for_coordinators(client) -> None:  # noqa: ANN001
    client.force_login(UserFactory())
    for name in ("brokerage:runs", "brokerage:weights"):
        assert client.get(reverse(name)).status_code == 403
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("brokerage:runs"), {"even_load": "on"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("brokerage:weights")).status_code == 200


def test_comment_sanitised_hidden_with_notice_and_representation(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    import datetime as dt

    from django.utils import timezone

    consultation = services.consultation_create(
        actor=coordinator,
        challenge=item,
        data={
            "title_pl": "Konsultacja",
            "opens_at": timezone.now() - dt.timedelta(days=1),
            "closes_at": timezone.now() + dt.timedelta(days=1),
            "published": True,
        },
    )
    resident = UserFactory()
    client.force_login(resident)
    url = reverse("brokerage:consultation", args=[consultation.pk])
    client.post(
        url, {"body": "<script>alert(1)</script>Więcej autobusów", "stakeholder_group": "residents"}
    )
    comment = Comment.objects.get()
    assert comment.body == "Więcej autobusów"
    client.force_login(UserFactory())
    assert (
        client.post(
            reverse("brokerage:comment-hide", args=[comment.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    client.post(reverse("brokerage:comment-report", args=[comment.pk]), {"reason": "spam"})
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Public institutions" in page  # the group that took no part
    client.post(reverse("brokerage:comment-hide", args=[comment.pk]), {"reason": "Off topic"})
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert Notification.objects.filter(recipient=resident, text__contains="Off topic").exists()
    client.logout()
    assert "Więcej autobusów" not in client.get(url).content.decode()


def test_front_door_lists_open_challenges_for_visitors() -> None:
    challenge(title_en="Open one", title_pl="Otwarte")
    challenge(publish=False, title_pl="Szkic")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    panels = plugins.front_door(request)
    assert len(panels) == 1
    assert [c.title for c in panels[0].context["challenges"]] == ["Open one"]
    request.user = UserFactory()
    assert plugins.front_door(request) == []


def test_proven_competences_come_from_valid_credentials_only() -> None:
    assert proven_competences(holder_ids=[UserFactory().pk]) == {}


def test_api_shapes_and_permissions(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator, brokers_needed=2)
    draft = challenge(actor=coordinator, publish=False)
    profile = broker(declared=("C1",))
    listed = client.get("/api/v1/challenges").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "open"
    assert client.get(f"/api/v1/challenges/{item.pk}").json()["brokers_needed"] == 2
    assert client.get(f"/api/v1/challenges/{draft.pk}").status_code == 404
    assert client.get("/api/v1/brokers").status_code in (401, 403)
    assert client.get("/api/v1/brokers", **token(UserFactory())).status_code == 403
    brokers = client.get("/api/v1/brokers", **token(coordinator)).json()
    assert brokers["items"][0] == {**brokers["items"][0], "id": profile.pk, "capacity_left": 2}
    found = client.get(
        f"/api/v1/challenges/{item.pk}/suggestions?limit=5", **token(coordinator)
    ).json()
    assert found["count"] == 1
    first = found["items"][0]
    assert first["broker_id"] == profile.pk
    assert {f["name"] for f in first["factors"]} >= {"competence", "place", "load"}
    assert all(f["reason"] in first["explanation"] for f in first["factors"])
    bad = client.get(f"/api/v1/challenges/{item.pk}/suggestions?limit=0", **token(coordinator))
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    run = client.post(
        "/api/v1/match-runs", data={}, content_type="application/json", **token(coordinator)
    )
    assert run.status_code == 201
    body = run.json()
    assert body["status"] == "finished"
    assert body["assignments"] == [
        {"challenge_id": item.pk, "broker_id": profile.pk, "score": first["score"]}
    ]
    assert body["unmatched"][0]["challenge_id"] == item.pk and body["unmatched"][0]["reason"]
    again = client.get(f"/api/v1/match-runs/{body['id']}", **token(coordinator)).json()
    assert again["total_score"] == body["total_score"]
    assert client.get(f"/api/v1/match-runs/{body['id']}", **token(UserFactory())).status_code == 404
    assert client.get("/api/v1/match-runs/999999", **token(coordinator)).status_code == 404


def test_api_decision_and_introductions_visibility(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    profile = broker()
    intro = services.introduction_propose(actor=coordinator, challenge=item, broker=profile)
    assert client.get("/api/v1/introductions", **token(UserFactory())).json()["count"] == 0
    mine = client.get("/api/v1/introductions", **token(profile.user)).json()
    assert mine["items"][0]["id"] == intro.pk and mine["items"][0]["explanation"]
    declined = client.post(
        f"/api/v1/introductions/{intro.pk}/decision",
        data={"accept": False, "reason": "No time"},
        content_type="application/json",
        **token(profile.user),
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert Introduction.objects.get().reason == "No time"


@pytest.mark.parametrize("size", [1, 25])
def test_query_counts_do_not_grow(client, size: int, django_assert_num_queries) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    for _ in range(size):
        challenge(actor=coordinator)
    for _ in range(size):
        broker()
    counts = {
        "list": queries(client, reverse("brokerage:challenges")),
        "api": queries(client, "/api/v1/challenges"),
    }
    client.force_login(coordinator)
    counts["brokers"] = queries(client, "/api/v1/brokers")
    counts["introductions"] = queries(client, reverse("brokerage:introductions"))
    counts["consultations"] = queries(client, reverse("brokerage:consultations"))
    test_query_counts_do_not_grow.seen = getattr(test_query_counts_do_not_grow, "seen", {})
    test_query_counts_do_not_grow.seen[size] = counts
    if len(test_query_counts_do_not_grow.seen) == 2:
        assert test_query_counts_do_not_grow.seen[1] == test_query_counts_do_not_grow.seen[25]
    assert max(counts.values()) <= 20


def test_status_button_refuses_others_before_reading_the_form(client) -> None:  # noqa: ANN001
    """Another organisation's challenge answers 404 (a draft) or 403 (a published one) to the
    status button, whatever was sent; its own organisation moves it on (the matrix's finding)."""
    owner = partner()
    draft = challenge(actor=owner, organisation=owner.partner_for, publish=False)
    published = challenge(actor=owner, organisation=owner.partner_for)
    client.force_login(partner())
    for item, expected in ((draft, 404), (published, 403)):
        url = reverse("brokerage:challenge-status", args=[item.pk])
        for data in ({}, {"status": "closed", "note": ""}):
            assert client.post(url, data).status_code == expected
        item.refresh_from_db()
        assert item.status != "closed"
    client.force_login(owner)
    url = reverse("brokerage:challenge-status", args=[published.pk])
    assert client.post(url, {}).status_code == 302  # the form's error is said on the page
    client.post(url, {"status": "closed", "note": ""})
    published.refresh_from_db()
    assert published.status == "closed"
