"""The demo issuer and achievement, and the pilot edition's credentials (issued, not stored as figures).

Runs after the academy's loader: the 28 credentials are the people the completion rule computes as
eligible. The key file must exist (`sib issuer-key create`; `make run` creates it).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import OutputWrapper
from django.utils import timezone

from sib.academy.demo import PILOT_CODE
from sib.academy.models import Edition
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.credentials import keys, services
from sib.credentials.models import Issuer

ISSUER = {
    "name": "Fundacja Brokerów Innowacji Społecznych",
    "url": "https://brokers.example.org",
    "email": "certyfikaty@brokers.example.org",
    "street_address": "ul. Wałowa 10",
    "postal_code": "33-100",
    "locality": "Tarnów",
    "region": "małopolskie",
    "country": "Polska",
    "country_code": "PL",
}

ACHIEVEMENT = {
    "achievement_type": "MicroCredential",
    "name_pl": "Broker Innowacji Społecznych",
    "name_en": "Social Innovation Broker",
    "description_pl": (
        "Mikropoświadczenie potwierdza, że osoba potrafi łączyć innowatorów społecznych z "
        "interesariuszami, partnerami i źródłami finansowania oraz prowadzić innowację od "
        "zdiagnozowanego wyzwania do przetestowanego i wdrożonego rozwiązania."
    ),
    "description_en": (
        "This micro-credential shows that its holder can connect social innovators with the "
        "stakeholders, partners and funders they need, and guide an innovation from a diagnosed "
        "challenge to a tested and implemented solution."
    ),
    "criteria_pl": (
        "Co najmniej 80 godzin obecności, w tym co najmniej 24 z 30 godzin mentoringu, oraz "
        "zaliczony projekt końcowy (co najmniej 60% punktów w rubryce oceny)."
    ),
    "criteria_en": (
        "At least 80 hours attended, including at least 24 of the 30 mentoring hours, and a "
        "final project passed (at least 60% on the assessment rubric)."
    ),
    "assessment_pl": "Projekt zespołowy oceniany rubryką i prezentacja końcowa przed komisją.",
    "assessment_en": "A team project assessed with a rubric and a final pitch before a panel.",
    "participation_pl": "Hybrydowo: zajęcia stacjonarne w Tarnowie i Krakowie oraz mentoring online.",
    "participation_en": "Hybrid: classes in Tarnów and Kraków, mentoring online.",
    "quality_assurance_pl": (
        "Program opracowany z partnerem norweskim (ECWT, Oslo); ewaluacja przez uczestników."
    ),
    "quality_assurance_en": (
        "Programme designed with the Norwegian partner (ECWT, Oslo); evaluated by participants."
    ),
}


def pilot_end(edition: Edition) -> dt.datetime:
    """The afternoon of the pilot's last day, in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(edition.ends_on, dt.time(16, 0)))


def load(*, stdout: OutputWrapper) -> None:
    edition = Edition.objects.filter(code=PILOT_CODE).select_related("programme").first()
    if edition is None or Issuer.objects.exists():
        return
    coordinator = User.objects.get(email=demo_email("coordinator"))
    keys.create_key_file()
    services.issuer_create(actor=coordinator, **ISSUER)
    services.achievement_save(actor=coordinator, programme=edition.programme, **ACHIEVEMENT)
    # PDFs are rendered when first downloaded (keeps `sib demo` fast). Dated the day the pilot
    # ended (DEMO-DATA.md), not the day the demo was loaded.
    issued, _skipped = services.edition_issue_all(
        actor=coordinator, edition=edition, with_pdf=False, issued_at=pilot_end(edition)
    )
    stdout.write(f"Pilot credentials issued: {issued} (signed, on a revocation status list).")
