"""Builders for brokerage tests: challenges through the services, broker profiles directly."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sib.academy.models import Competence
from sib.brokerage import services
from sib.brokerage.models import BrokerProfile, Challenge
from sib.core.models import Theme
from tests.factories import CoordinatorFactory, OrganisationFactory, UserFactory


def challenge(
    *, actor: Any = None, publish: bool = True, codes: tuple[str, ...] = ("C1",), **data: Any
) -> Challenge:
    actor = actor or CoordinatorFactory()
    fields = {
        "title_pl": "Wyzwanie",
        "title_en": "A challenge",
        "summary_pl": "Opis",
        "summary_en": "Description",
        "voivodeship": "malopolskie",
        "gmina": "Tarnów",
        "level": "local",
        "languages": ["pl"],
        "stage": 1,
        "brokers_needed": 1,
        "stakeholder_groups": ["residents", "public"],
    }
    organisation = data.pop("organisation", None)
    fields.update(data)
    item = services.challenge_create(
        actor=actor,
        organisation=organisation,
        data=fields,
        themes=Theme.objects.filter(key="ageing"),
        competences=Competence.objects.filter(code__in=codes),
    )
    if publish:
        coordinator = actor if actor.is_staff else CoordinatorFactory()
        services.challenge_publish(actor=coordinator, challenge=item)
        item.refresh_from_db()
    return item


def broker(
    *,
    regions: tuple[str, ...] = ("malopolskie",),
    capacity: int = 2,
    consent: bool = True,
    declared: tuple[str, ...] = (),
    user: Any = None,
    **data: Any,
) -> BrokerProfile:
    user = user or UserFactory(voivodeship=regions[0] if regions else "")
    profile = BrokerProfile.objects.create(
        user=user,
        regions=list(regions),
        languages=data.pop("languages", ["pl"]),
        capacity=capacity,
        consent_at=timezone.now() if consent else None,
        **data,
    )
    profile.declared_competences.set(Competence.objects.filter(code__in=declared))
    profile.themes.set(Theme.objects.filter(key="ageing"))
    return profile


def partner() -> Any:
    organisation = OrganisationFactory()
    return UserFactory(partner_for=organisation, organisation=organisation)
