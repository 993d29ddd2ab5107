"""Credentials test data: an issuer, an achievement and people who met the completion rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sib.academy.models import (
    Attendance,
    AttendanceStatus,
    Edition,
    EditionStatus,
    Enrolment,
    Format,
    LearningOutcome,
    Session,
)
from sib.credentials import keys, services
from sib.credentials.models import Issuer
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EnrolmentFactory,
    ModuleFactory,
    ProgrammeFactory,
    UserFactory,
)

BASE_URL = "https://sib.example.org"


def make_issuer(actor=None) -> Issuer:  # noqa: ANN001
    keys.create_key_file()
    issuer = Issuer.objects.first()
    if issuer is None:
        issuer = services.issuer_create(
            actor=actor or CoordinatorFactory(),
            base_url=BASE_URL,
            name="Fundacja Brokerów Innowacji Społecznych",
            url="https://brokers.example.org",
            locality="Tarnów",
            country="Polska",
            country_code="PL",
        )
    return issuer


def make_edition(actor=None, *, achievement: bool = True) -> Edition:  # noqa: ANN001
    """A finished edition whose rule is 2 h overall (1 h of mentoring) and a project ≥ 60 %."""
    programme = ProgrammeFactory(min_total_minutes=120, min_mentoring_minutes=60)
    module = ModuleFactory(
        programme=programme,
        title_pl="Projektowanie usług",
        title_en="Service design",
        lecture_minutes=60,
        workshop_minutes=0,
        mentoring_minutes=60,
    )
    LearningOutcome.objects.create(
        module=module, position=1, text_pl="Tworzy mapę podróży", text_en="Builds a journey map"
    )
    edition = EditionFactory(programme=programme, status=EditionStatus.FINISHED)
    start = timezone.now() - dt.timedelta(days=30)
    for offset, fmt in enumerate((Format.LECTURE, Format.MENTORING)):
        Session.objects.create(
            edition=edition,
            module=module,
            format=fmt,
            starts_at=start + dt.timedelta(days=offset),
            duration_minutes=60,
        )
    if achievement:
        services.achievement_save(
            actor=actor or CoordinatorFactory(),
            programme=programme,
            name_pl="Broker Innowacji Społecznych",
            name_en="Social Innovation Broker",
            description_pl="Łączy innowatorów z partnerami.",
            description_en="Connects innovators with partners.",
            criteria_pl="Co najmniej 2 godziny i zaliczony projekt.",
            criteria_en="At least 2 hours and a passed project.",
        )
    return edition


def enrol(edition: Edition, *, eligible: bool = True, **user_fields) -> Enrolment:  # noqa: ANN003
    """An enrolment that met the rule (attended both sessions, project 80 %) or did not."""
    enrolment = EnrolmentFactory(
        edition=edition,
        user=UserFactory(**user_fields),
        final_project_score=Decimal(80) if eligible else Decimal(30),
    )
    for session in edition.sessions.all():
        Attendance.objects.create(
            session=session, enrolment=enrolment, status=AttendanceStatus.PRESENT
        )
    return enrolment
