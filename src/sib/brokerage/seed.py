"""Synthetic challenges and broker profiles for benchmarks (`sib seed --scale S|M|L`).

Rows in bulk: `scale.challenges` open challenges spread over the voivodeships and
`scale.brokers` consenting broker profiles (new people), each serving one to three voivodeships,
a fifth of them remotely, with declared competences and themes.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sib.academy.models import Competence
from sib.accounts.choices import Voivodeship
from sib.accounts.models import User
from sib.brokerage.models import BrokerProfile, Challenge, ChallengeStatus
from sib.core.models import Theme
from sib.core.scales import Scale

REGIONS = [code for code in Voivodeship.values if code != Voivodeship.ABROAD]


def seed(*, scale: Scale, rng: random.Random, stdout: Any) -> None:
    with transaction.atomic():
        _seed(scale, rng, stdout)


def _seed(scale: Scale, rng: random.Random, stdout: Any) -> None:
    now = timezone.now()
    competences = list(Competence.objects.all())
    themes = list(Theme.objects.all())
    password = make_password(None)
    people = User.objects.bulk_create(
        [
            User(
                email=f"broker{n:05d}@seed.sib.example",
                full_name=f"Broker {n:05d}",
                password=password,
                voivodeship=rng.choice(REGIONS),
                preferred_language="pl",
            )
            for n in range(scale.brokers)
        ],
        batch_size=2000,
    )
    profiles = BrokerProfile.objects.bulk_create(
        [
            BrokerProfile(
                user=person,
                regions=rng.sample(REGIONS, rng.randint(1, 3)),
                remote=rng.random() < 0.2,
                languages=["pl", "en"] if rng.random() < 0.3 else ["pl"],
                capacity=rng.randint(1, 4),
                stages=rng.sample([1, 2, 3, 4, 5, 6], rng.randint(0, 3)),
                experience_years=rng.randint(0, 12),
                consent_at=now,
            )
            for person in people
        ],
        batch_size=2000,
    )
    declared = BrokerProfile.declared_competences.through
    declared.objects.bulk_create(
        [
            declared(brokerprofile_id=p.pk, competence_id=c.pk)
            for p in profiles
            for c in rng.sample(competences, min(len(competences), rng.randint(1, 4)))
        ],
        batch_size=5000,
    )
    broker_themes = BrokerProfile.themes.through
    broker_themes.objects.bulk_create(
        [
            broker_themes(brokerprofile_id=p.pk, theme_id=t.pk)
            for p in profiles
            for t in rng.sample(themes, min(len(themes), rng.randint(1, 3)))
        ],
        batch_size=5000,
    )
    challenges = Challenge.objects.bulk_create(
        [
            Challenge(
                title=f"Wyzwanie {n}",
                title_pl=f"Wyzwanie {n}",
                title_en=f"Challenge {n}",
                summary=f"Opis wyzwania {n}",
                summary_pl=f"Opis wyzwania {n}",
                summary_en=f"Description of challenge {n}",
                voivodeship=rng.choice(REGIONS),
                gmina=f"Gmina {n % 500}",
                languages=["pl"],
                stage=rng.randint(1, 6),
                brokers_needed=rng.randint(1, 2),
                status=ChallengeStatus.OPEN,
                published_at=now,
            )
            for n in range(scale.challenges)
        ],
        batch_size=2000,
    )
    needs = Challenge.competences.through
    needs.objects.bulk_create(
        [
            needs(challenge_id=c.pk, competence_id=k.pk)
            for c in challenges
            for k in rng.sample(competences, min(len(competences), rng.randint(1, 3)))
        ],
        batch_size=5000,
    )
    tags = Challenge.themes.through
    tags.objects.bulk_create(
        [
            tags(challenge_id=c.pk, theme_id=t.pk)
            for c in challenges
            for t in rng.sample(themes, min(len(themes), rng.randint(1, 2)))
        ],
        batch_size=5000,
    )
    stdout.write(f"brokerage: {len(challenges)} challenges, {len(profiles)} brokers")
