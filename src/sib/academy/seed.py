"""Synthetic academy data for benchmarks (`sib seed --scale S|M|L`).

Runs first among the seeders: the full course with its real modules, then per edition its staff,
mentoring teams, applications, enrolments, sessions and attendance, sized by ARCHITECTURE.md's
scales (S is the pilot's shape: edition-wide lectures and workshops plus mentoring per team).
Rows are bulk-inserted — this is test data, not a use case; the services are exercised by the
tests and the demo. Nobody can log in as a seeded person (unusable passwords).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sib.academy import demo_content as content
from sib.academy.demo import load_competences, load_programme
from sib.academy.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    DeliveryMode,
    Edition,
    EditionLanguage,
    EditionStaff,
    EditionStatus,
    Enrolment,
    Format,
    Group,
    Programme,
    ProgrammeKind,
    Session,
    StaffRole,
)
from sib.accounts.choices import Gender, Sector, Voivodeship
from sib.accounts.models import User
from sib.core.scales import Scale

TEAM_SIZE = 8
TRAINERS_PER_EDITION = 3
APPLICANTS_PER_PLACE = 1.35  # the pilot: 97 applicants for 72 places
SESSION_MINUTES = {Format.LECTURE: 180, Format.WORKSHOP: 240, Format.MENTORING: 120}
STATUSES = [
    (AttendanceStatus.PRESENT, 0.78),
    (AttendanceStatus.LATE, 0.07),
    (AttendanceStatus.ABSENT, 0.10),
    (AttendanceStatus.EXCUSED, 0.05),
]
FIRST = ["Anna", "Piotr", "Zofia", "Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Jędrzej"]
LAST = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska"]


def seed(*, scale: Scale, rng: random.Random, stdout: Any) -> None:
    with transaction.atomic():
        editions, rows = _seed(scale, rng)
    stdout.write(f"academy: {editions} editions, {rows} attendance rows")


def _programme() -> Programme:
    existing = Programme.objects.filter(kind=ProgrammeKind.FULL).first()
    if existing is not None:
        return existing
    return load_programme(
        content.FULL_PROGRAMME, content.FULL_MODULES, ProgrammeKind.FULL, load_competences()
    )


def split_sessions(sessions: int, rows: int, participants: int) -> tuple[int, int]:
    """How many edition-wide and team sessions give about `rows` attendance rows.

    Edition-wide sessions record every participant, team sessions one team; solving
    wide·P + team·TEAM_SIZE = rows with wide + team = sessions.
    """
    team_size = min(TEAM_SIZE, participants)
    if participants <= team_size:
        return sessions, 0
    wide = round((rows - sessions * team_size) / (participants - team_size))
    wide = max(1, min(sessions, wide))
    return wide, sessions - wide


def _people(count: int, prefix: str, rng: random.Random, password: str) -> list[User]:
    genders = [Gender.WOMAN] * 6 + [Gender.MAN] * 3 + [""]
    return User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@seed.sib.example",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {prefix.upper()}{n}",
                password=password,
                gender=rng.choice(genders),
                birth_year=rng.randint(1960, 2004),
                voivodeship=rng.choice(Voivodeship.values),
                sector=rng.choice(Sector.values),
                preferred_language="en" if rng.random() < 0.1 else "pl",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def _status(rng: random.Random) -> str:
    pick = rng.random()
    for status, share in STATUSES:
        if pick < share:
            return status
        pick -= share
    return AttendanceStatus.PRESENT


def _seed(scale: Scale, rng: random.Random) -> tuple[int, int]:
    programme = _programme()
    modules = list(programme.modules.order_by("position"))
    password = make_password(None)  # unusable
    per_edition = scale.participants_per_edition
    teams = max(1, -(-per_edition // TEAM_SIZE))
    participants = _people(scale.editions * per_edition, "p", rng, password)
    trainers = _people(scale.editions * TRAINERS_PER_EDITION, "t", rng, password)
    mentors = _people(scale.editions * teams, "m", rng, password)
    coordinator = User.objects.filter(is_staff=True).order_by("pk").first()
    wide, team_sessions = split_sessions(
        scale.sessions // scale.editions, scale.attendance_rows // scale.editions, per_edition
    )
    started = timezone.now() - dt.timedelta(days=240)
    rows = 0
    for e in range(scale.editions):
        opens = started + dt.timedelta(days=7 * e)
        edition = Edition.objects.create(
            programme=programme,
            code=f"seed-{e + 1:03d}",
            title_pl=f"Edycja {e + 1}",
            title_en=f"Edition {e + 1}",
            starts_on=opens.date(),
            ends_on=(opens + dt.timedelta(days=180)).date(),
            language=EditionLanguage.BOTH if e % 5 == 0 else EditionLanguage.PL,
            delivery_mode=DeliveryMode.HYBRID,
            place=f"Miasto {e % 16 + 1}",
            capacity=per_edition + 10,
            target=max(1, round(per_edition * 0.7)),
            status=EditionStatus.RUNNING if e % 3 else EditionStatus.FINISHED,
        )
        own_trainers = trainers[e * TRAINERS_PER_EDITION : (e + 1) * TRAINERS_PER_EDITION]
        own_mentors = mentors[e * teams : (e + 1) * teams]
        EditionStaff.objects.bulk_create(
            [EditionStaff(edition=edition, user=u, role=StaffRole.TRAINER) for u in own_trainers]
            + [EditionStaff(edition=edition, user=u, role=StaffRole.MENTOR) for u in own_mentors]
            + (
                [EditionStaff(edition=edition, user=coordinator, role=StaffRole.COORDINATOR)]
                if coordinator
                else []
            )
        )
        groups = Group.objects.bulk_create(
            [Group(edition=edition, name=f"Zespół {t + 1}") for t in range(teams)]
        )
        Group.mentors.through.objects.bulk_create(
            [
                Group.mentors.through(group_id=g.pk, user_id=m.pk)
                for g, m in zip(groups, own_mentors, strict=True)
            ]
        )
        people = participants[e * per_edition : (e + 1) * per_edition]
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    edition=edition,
                    user=person,
                    group=groups[n // TEAM_SIZE],
                    language_track=person.preferred_language or "pl",
                    enrolled_on=opens.date(),
                    withdrawn_on=(
                        (opens + dt.timedelta(days=rng.randint(20, 150))).date()
                        if rng.random() < 0.2
                        else None
                    ),
                    final_project_score=rng.choice([None, 55, 70, 85, 95]),
                )
                for n, person in enumerate(people)
            ],
            batch_size=2000,
        )
        _applications(edition, enrolments, rng, opens)
        sessions = Session.objects.bulk_create(
            [
                Session(
                    edition=edition,
                    module=modules[s % len(modules)],
                    format=Format.LECTURE if s % 2 else Format.WORKSHOP,
                    starts_at=opens + dt.timedelta(days=2 * s, hours=9),
                    duration_minutes=SESSION_MINUTES[Format.LECTURE if s % 2 else Format.WORKSHOP],
                    leader=own_trainers[s % len(own_trainers)],
                    room=f"Sala {s % 4 + 1}",
                )
                for s in range(wide)
            ]
            + [
                Session(
                    edition=edition,
                    module=modules[s % len(modules)],
                    format=Format.MENTORING,
                    group=groups[s % teams],
                    starts_at=opens + dt.timedelta(days=s, hours=16),
                    duration_minutes=SESSION_MINUTES[Format.MENTORING],
                    leader=own_mentors[s % teams],
                    online_url="https://meet.example.org/seed",
                )
                for s in range(team_sessions)
            ],
            batch_size=2000,
        )
        members: dict[int | None, list[Enrolment]] = {}
        for enrolment in enrolments:
            members.setdefault(enrolment.group_id, []).append(enrolment)
        marks = []
        for session in sessions:
            for enrolment in members[session.group_id] if session.group_id else enrolments:
                status = _status(rng)
                marks.append(
                    Attendance(
                        session=session,
                        enrolment=enrolment,
                        status=status,
                        minutes_missed=rng.choice([10, 20, 30])
                        if status == AttendanceStatus.LATE
                        else 0,
                    )
                )
        Attendance.objects.bulk_create(marks, batch_size=5000)
        rows += len(marks)
    return scale.editions, rows


def _applications(
    edition: Edition, enrolments: list[Enrolment], rng: random.Random, opens: dt.datetime
) -> None:
    """Accepted applications for the enrolled, and waitlisted or rejected ones beside them."""
    submitted = opens - dt.timedelta(days=30)
    extra = round(len(enrolments) * (APPLICANTS_PER_PLACE - 1))
    Application.objects.bulk_create(
        [
            Application(
                edition=edition,
                applicant_id=enrolment.user_id,
                token=f"seed-{edition.pk}-{n}",
                status=ApplicationStatus.ACCEPTED,
                email=enrolment.user.email,
                full_name=enrolment.user.full_name,
                language_track=enrolment.language_track,
                motivation="Chcę łączyć ludzi wokół wyzwań społecznych.",
                submitted_at=submitted,
                email_confirmed_at=submitted,
                decided_at=submitted + dt.timedelta(days=10),
                enrolment=enrolment,
            )
            for n, enrolment in enumerate(enrolments)
        ]
        + [
            Application(
                edition=edition,
                token=f"seed-{edition.pk}-x{n}",
                status=rng.choice([ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED]),
                email=f"a{edition.pk}-{n}@seed.sib.example",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                motivation="Interesuje mnie projektowanie usług.",
                submitted_at=submitted,
                email_confirmed_at=submitted,
                decided_at=submitted + dt.timedelta(days=10),
            )
            for n in range(extra)
        ],
        batch_size=2000,
    )
