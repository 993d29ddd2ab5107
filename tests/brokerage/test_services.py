"""Challenge lifecycle, profiles, introductions, notifications, runs and dialogue services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sib.academy.models import Competence
from sib.brokerage import matching, selectors, services
from sib.brokerage.models import (
    ChallengeStatus,
    Introduction,
    MatchRun,
    Notification,
    RunStatus,
)
from sib.core.models import OutboundEmail, SdgGoal, Theme
from tests.brokerage.factories import broker, challenge, partner
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reference_data_exists_on_a_fresh_install() -> None:
    assert SdgGoal.objects.count() == 17
    assert Theme.objects.filter(key="ageing").exists()
    assert list(Competence.objects.values_list("code", flat=True)) == [
        f"C{i}" for i in range(1, 11)
    ]


def test_partner_draft_submit_publish_and_dated_history() -> None:
    person = partner()
    coordinator = CoordinatorFactory()
    item = challenge(actor=person, publish=False)
    assert item.organisation_id == person.partner_for_id and item.status == "draft"
    services.challenge_submit(actor=person, challenge=item)
    assert Notification.objects.filter(recipient=coordinator).exists()
    with pytest.raises(PermissionDenied):
        services.challenge_publish(actor=person, challenge=item)
    services.challenge_publish(actor=coordinator, challenge=item)
    item.refresh_from_db()
    assert item.status == "open" and item.published_at is not None
    assert [s.status for s in item.history.all()] == ["draft", "submitted", "open"]
    with pytest.raises(ValidationError):
        services.challenge_set_status(actor=coordinator, challenge=item, status="solved")
    # Published: the partner no longer edits it.
    with pytest.raises(PermissionDenied):
        services.challenge_update(actor=person, challenge=item, data={"title_pl": "x"})


def test_partner_sees_only_own_organisations_drafts() -> None:
    mine, other = partner(), partner()
    draft = challenge(actor=mine, publish=False)
    published = challenge(actor=mine)
    assert set(selectors.challenge_list(actor=mine)) == {draft, published}
    assert list(selectors.challenge_list(actor=other)) == [published]
    with pytest.raises(Http404):
        selectors.challenge_get(actor=other, challenge_id=draft.pk)
    with pytest.raises(Http404):
        selectors.challenge_get(actor=UserFactory(), challenge_id=draft.pk)


def test_suggestions_are_coordinators_only_and_explained() -> None:
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator, codes=("C1", "C9"))
    good = broker(declared=("C1", "C9"))
    broker(regions=("slaskie",))  # outside the region, not remote: filtered out
    broker(consent=False)  # no consent: filtered out
    with pytest.raises(PermissionDenied):
        selectors.suggestions(actor=UserFactory(), challenge=item)
    found = selectors.suggestions(actor=coordinator, challenge=item, limit=10)
    assert [s.broker.pk for s in found] == [good.pk]
    assert "declares C1 and C9 (not certified)" in found[0].explanation


def test_consent_is_withdrawable() -> None:
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    profile = broker()
    services.broker_consent(actor=profile.user, profile=profile, given=False)
    assert selectors.suggestions(actor=coordinator, challenge=item) == []
    services.broker_consent(actor=profile.user, profile=profile, given=True)
    assert len(selectors.suggestions(actor=coordinator, challenge=item)) == 1


def test_introduction_accept_decline_outcome_and_notices_in_the_recipients_language() -> None:
    coordinator = CoordinatorFactory()
    owner = partner()
    item = challenge(actor=owner)
    profile = broker(user=UserFactory(preferred_language="pl", voivodeship="malopolskie"))
    intro = services.introduction_propose(actor=coordinator, challenge=item, broker=profile)
    notice = Notification.objects.get(recipient=profile.user)
    assert "Zaproponowano" in notice.text or "wyzwania" in notice.text
    assert OutboundEmail.objects.filter(to=[profile.user.email], language="pl").exists()
    # Another broker may not decide it; the organisation may not accept it.
    with pytest.raises(PermissionDenied):
        services.introduction_accept(actor=UserFactory(), introduction=intro)
    with pytest.raises(PermissionDenied):
        services.introduction_accept(actor=owner, introduction=intro)
    services.introduction_accept(actor=profile.user, introduction=intro)
    item.refresh_from_db()
    assert item.status == ChallengeStatus.MATCHED
    assert Notification.objects.filter(recipient=owner).exists()
    table = selectors.broker_table()
    assert table.capacity_left[table.row(profile.pk)] == 1
    services.introduction_outcome(actor=profile.user, introduction=intro, outcome="advice")
    with pytest.raises(ValidationError):
        services.introduction_decline(actor=owner, introduction=intro, reason="  ")
    services.introduction_decline(actor=owner, introduction=intro, reason="Changed plans")
    item.refresh_from_db()
    assert item.status == ChallengeStatus.OPEN
    intro.refresh_from_db()
    assert intro.status == "declined" and intro.outcome == "advice"


def test_broker_sees_only_their_introductions() -> None:
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator, brokers_needed=2)
    first, second = broker(), broker()
    one = services.introduction_propose(actor=coordinator, challenge=item, broker=first)
    services.introduction_propose(actor=coordinator, challenge=item, broker=second)
    assert list(selectors.introductions(actor=first.user)) == [one]
    with pytest.raises(Http404):
        selectors.introduction_get(actor=second.user, introduction_id=one.pk)


def test_stored_factors_explain_the_stored_score() -> None:
    coordinator = CoordinatorFactory()
    item = challenge(actor=coordinator)
    profile = broker(declared=("C1",), experience_years=5)
    intro = services.introduction_propose(actor=coordinator, challenge=item, broker=profile)
    total = sum(f["weight"] * f["value"] for f in intro.factors)
    assert abs(total - intro.score) < 1e-3
    text = matching.explain(intro.factors, intro.languages)
    for factor in intro.factors:
        assert matching.reason(factor) in text


def test_match_run_respects_capacity_and_demand_and_lists_the_unmatched() -> None:
    coordinator = CoordinatorFactory()
    items = [challenge(actor=coordinator, brokers_needed=2) for _ in range(3)]
    far = challenge(actor=coordinator, voivodeship="podlaskie", gmina="Hajnówka")
    brokers = [broker(capacity=1) for _ in range(4)]
    run = services.match_run_start(actor=coordinator)
    assert run.status == RunStatus.FINISHED
    assignments = list(run.assignments.all())
    assert len(assignments) == 4  # four places, six wanted
    per_broker = {b.pk: 0 for b in brokers}
    for a in assignments:
        per_broker[a.broker_id] += 1
    assert max(per_broker.values()) <= 1
    unmatched = {u.challenge_id: u for u in run.unmatched.all()}
    assert "No broker passes" in unmatched[far.pk].reason
    assert sum(u.missing for u in unmatched.values()) == 3
    # Each assignment's score equals that pair's suggestion score.
    scores = {
        s.broker.pk: s.score
        for s in selectors.suggestions(actor=coordinator, challenge=items[0], limit=100)
    }
    for a in assignments:
        if a.challenge_id == items[0].pk:
            assert a.score == scores[a.broker_id]
    made = services.introductions_from_run(actor=coordinator, run=run)
    assert len(made) == 4 and Introduction.objects.count() == 4
    with pytest.raises(PermissionDenied):
        services.match_run_start(actor=UserFactory())


def test_weights_keep_their_history() -> None:
    coordinator = CoordinatorFactory()
    services.weights_set(actor=coordinator, weights={**matching.DEFAULT_WEIGHTS, "place": 0.5})
    services.weights_set(actor=coordinator, weights={**matching.DEFAULT_WEIGHTS, "place": 0.0})
    assert selectors.current_weights()["place"] == 0.0
    assert selectors.weights_history(actor=coordinator).count() == 2
    with pytest.raises(ValidationError):
        services.weights_set(actor=coordinator, weights={"place": 2})
    run = services.match_run_start(actor=coordinator)
    assert MatchRun.objects.get(pk=run.pk).weights["place"] == 0.0
