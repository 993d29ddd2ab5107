"""`sib demo` adds the pilot's 12 challenges, the 28 brokers, a consultation and a finished run."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sib.accounts.models import User
from sib.brokerage import selectors
from sib.brokerage.models import (
    BrokerProfile,
    Challenge,
    ChallengeStatus,
    Comment,
    Consultation,
    Introduction,
    MatchRun,
    RunStatus,
)

pytestmark = pytest.mark.django_db


def test_demo_challenges_brokers_dialogue_and_run() -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    assert Challenge.objects.count() == 12
    open_ones = list(Challenge.objects.filter(status=ChallengeStatus.OPEN))
    assert sorted(c.voivodeship for c in open_ones) == ["lodzkie", "podlaskie"]
    taken = Challenge.objects.exclude(status=ChallengeStatus.OPEN)
    assert taken.count() == 10
    assert Introduction.objects.filter(status="accepted").count() == 10
    assert BrokerProfile.objects.filter(consent_at__isnull=False).count() == 28
    for challenge in open_ones:
        eligible = selectors.suggestions(actor=coordinator, challenge=challenge, limit=1000)
        assert len(eligible) >= 3
    run = MatchRun.objects.get()
    assert run.status == RunStatus.FINISHED
    # The run's assignments are not proposed: both open challenges keep their full demand.
    assert not Introduction.objects.filter(challenge__in=open_ones).exists()
    assert run.assignments.count() == sum(c.brokers_needed for c in open_ones)
    consultation = Consultation.objects.get()
    assert Comment.objects.filter(consultation=consultation).count() == 4
    assert consultation.meetings.get().minutes
    before = (Challenge.objects.count(), Introduction.objects.count(), MatchRun.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Challenge.objects.count(),
        Introduction.objects.count(),
        MatchRun.objects.count(),
    ) == before
