"""The pilot, rebuilt through the academy's own services (DEMO-DATA.md).

Only attendance and assessment records are written; the completion rule then computes
28 eligible, 5 completed, 16 partial and 23 withdrawn. No outcome is stored as a number.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import OutputWrapper
from django.utils import timezone

from sib.academy import demo_content as content
from sib.academy.models import (
    Application,
    ApplicationStatus,
    AttendanceStatus,
    Competence,
    DeliveryMode,
    Edition,
    EditionLanguage,
    EditionStatus,
    Enrolment,
    Format,
    LearningOutcome,
    Module,
    Programme,
    ProgrammeKind,
    Session,
    StaffRole,
)
from sib.academy.services import (
    Mark,
    application_confirm_email,
    application_decide,
    application_review,
    application_save_draft,
    application_submit,
    attendance_record,
    call_save,
    edition_create,
    enrolment_withdraw,
    final_project_assess,
    group_create,
    session_create,
)
from sib.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_email
from sib.accounts.models import User
from sib.accounts.services import user_create

PILOT_CODE = "pilot-2023-24"
INTAKE_CODE = "intake-2027"
WARSAW = ZoneInfo("Europe/Warsaw")


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def load_competences() -> dict[str, Competence]:
    result = {}
    for position, (code, name_pl, name_en) in enumerate(content.COMPETENCES, start=1):
        # A fresh install has them already (academy's data migration 0008): same texts.
        result[code], _created = Competence.objects.update_or_create(
            code=code, defaults={"position": position, "name_pl": name_pl, "name_en": name_en}
        )
    return result


def load_programme(
    spec: dict, modules: list, kind: str, competences: dict[str, Competence]
) -> Programme:
    rule = spec["rule"]
    programme = Programme.objects.create(
        code=spec["code"],
        kind=kind,
        title_pl=spec["title_pl"],
        title_en=spec["title_en"],
        summary_pl=spec["summary_pl"],
        summary_en=spec["summary_en"],
        audience_pl=spec["audience_pl"],
        audience_en=spec["audience_en"],
        min_total_minutes=rule["min_total_minutes"],
        min_mentoring_minutes=rule["min_mentoring_minutes"],
        final_project_required=True,
        pass_mark_percent=Decimal(rule["pass_mark_percent"]),
    )
    for position, (
        code,
        title_pl,
        title_en,
        lecture,
        workshop,
        mentoring,
        tags,
        outcomes,
    ) in enumerate(modules, 1):
        module = Module.objects.create(
            programme=programme,
            position=position,
            code=code,
            title_pl=title_pl,
            title_en=title_en,
            lecture_minutes=lecture * 60,
            workshop_minutes=workshop * 60,
            mentoring_minutes=mentoring * 60,
            description_pl=content.MODULE_DESCRIPTIONS.get(code, ("", ""))[0],
            description_en=content.MODULE_DESCRIPTIONS.get(code, ("", ""))[1],
        )
        module.competences.set([competences[tag] for tag in tags])
        for index, (text_pl, text_en) in enumerate(outcomes, 1):
            outcome = LearningOutcome.objects.create(
                module=module, position=index, text_pl=text_pl, text_en=text_en
            )
            outcome.competences.set([competences[tag] for tag in tags])
    return programme


@dataclass
class PersonSpec:
    full_name: str
    email: str
    gender: str
    voivodeship: str
    sector: str
    track: str
    outcome: str
    birth_year: int


def _people(rng: random.Random) -> list[PersonSpec]:
    """72 invented participants whose attributes follow the pilot's published distributions."""
    slots: list[tuple[str, str]] = []  # (voivodeship, outcome)
    others = [name for name, count in content.OUTCOMES if name != "certified" for _ in range(count)]
    rng.shuffle(others)
    for voivodeship, enrolled, certified in content.VOIVODESHIPS:
        slots += [(voivodeship, "certified")] * certified
        slots += [(voivodeship, others.pop()) for _ in range(enrolled - certified)]
    sectors = [name for name, count in content.SECTORS for _ in range(count)]
    genders = [name for name, count in content.GENDERS for _ in range(count)]
    rng.shuffle(sectors)
    rng.shuffle(genders)
    english = set(rng.sample(range(1, len(slots)), content.ENGLISH_TRACK))  # slot 0 is participant@
    english_names = list(content.ENGLISH_TRACK_NAMES)
    used: set[str] = set()
    people = []
    for index, (voivodeship, outcome) in enumerate(slots):
        if index in english:
            full_name, gender = english_names.pop()
            genders.remove(gender if gender in genders else genders[0])
        else:
            gender = genders.pop()
            while True:
                surname = rng.choice(content.SURNAMES)
                if gender == "man":
                    full_name = f"{rng.choice(content.MEN)} {surname[1]}"
                else:
                    full_name = f"{rng.choice(content.WOMEN)} {surname[0]}"
                if full_name not in used:
                    break
        used.add(full_name)
        email = (
            demo_email("participant")
            if index == 0
            else f"{_ascii(full_name).replace(' ', '.')}@{DEMO_DOMAIN}"
        )
        people.append(
            PersonSpec(
                full_name=full_name,
                email=email,
                gender=gender,
                voivodeship=voivodeship,
                sector=sectors.pop(),
                track="en" if index in english else "pl",
                outcome=outcome,
                birth_year=rng.randint(1962, 2001),
            )
        )
    return people


def _staff(names: list[tuple[str, str]], **extra: Any) -> list[User]:
    users = []
    for handle, full_name in names:
        email = demo_email(handle)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, full_name=full_name, email_verified=True, **extra)
        users.append(user)
    return users


def _chunks(minutes: int, longest: int) -> list[int]:
    """Split planned minutes into equal sessions no longer than `longest`."""
    if minutes <= 0:
        return []
    count = math.ceil(minutes / longest)
    base, extra = divmod(minutes, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


DECIDED_AT = dt.datetime(2023, 9, 29, 10, 0, tzinfo=WARSAW)


def _apply(
    rng: random.Random, edition: Edition, spec: PersonSpec, index: int, *, actor: object
) -> Application:
    """One applicant's draft and submission, through the same services as the public form."""
    language = spec.track
    started = dt.datetime(2023, 8, 21, 10, 0, tzinfo=WARSAW) + dt.timedelta(hours=7 * index)
    motivation = content.MOTIVATIONS[index % len(content.MOTIVATIONS)]
    background = content.BACKGROUNDS[rng.randrange(len(content.BACKGROUNDS))]
    pick = 0 if language == "pl" else 1
    application = application_save_draft(
        actor=actor,
        edition=edition,
        at=started,
        notify=False,
        email=spec.email,
        full_name=spec.full_name,
        language=language,
        language_track=spec.track,
        gender=spec.gender,
        birth_year=spec.birth_year,
        voivodeship=spec.voivodeship,
        sector=spec.sector,
        motivation=motivation[pick],
        background=background[pick],
    )
    if spec.outcome == "draft":
        return application
    submitted = started + dt.timedelta(minutes=rng.randint(4, 40))
    application = application_submit(
        actor=actor,
        application=application,
        consent_version=1,
        consent_given=True,
        at=submitted,
        notify=False,
    )
    # The applicant opened the link in the message and confirmed the address.
    return application_confirm_email(
        application=application, at=submitted + dt.timedelta(minutes=3), notify=False
    ).application


def _not_accepted(rng: random.Random, edition: Edition, coordinator: User, taken: set[str]) -> None:
    """Applicants who were put on the waiting list or not accepted, and drafts never sent."""
    outcomes = [name for name, count in content.APPLICATIONS_NOT_ACCEPTED for _ in range(count)]
    outcomes += ["draft"] * content.APPLICATION_DRAFTS
    for number, outcome in enumerate(outcomes, start=72):
        woman = rng.random() < 0.6
        while True:
            surname = rng.choice(content.SURNAMES)
            first = rng.choice(content.WOMEN if woman else content.MEN)
            full_name = f"{first} {surname[0] if woman else surname[1]}"
            if full_name not in taken:
                break
        taken.add(full_name)
        spec = PersonSpec(
            full_name=full_name,
            email=f"{_ascii(full_name).replace(' ', '.')}@{DEMO_DOMAIN}",
            gender="woman" if woman else "man",
            voivodeship=rng.choice(content.VOIVODESHIPS)[0],
            sector=rng.choice(content.SECTORS)[0],
            track="pl",
            outcome=outcome,
            birth_year=rng.randint(1962, 2003),
        )
        application = _apply(rng, edition, spec, number, actor=AnonymousUser())
        if outcome == "draft":
            continue
        application_review(
            actor=coordinator,
            application=application,
            score=3 if outcome == ApplicationStatus.WAITLISTED else rng.randint(1, 2),
        )
        application_decide(
            actor=coordinator,
            application=application,
            decision=outcome,
            at=DECIDED_AT,
            notify=False,
        )


def load(*, stdout: OutputWrapper) -> None:
    if Edition.objects.filter(code=PILOT_CODE).exists():
        return
    rng = random.Random(2024)  # noqa: S311 - reproducible invented data, not security
    coordinator = User.objects.get(email=demo_email("coordinator"))
    competences = load_competences()
    programme = load_programme(
        content.FULL_PROGRAMME, content.FULL_MODULES, ProgrammeKind.FULL, competences
    )
    load_programme(content.YOUTH_PROGRAMME, content.YOUTH_MODULES, ProgrammeKind.YOUTH, competences)

    trainers = _staff(content.TRAINERS)
    mentors = _staff(content.MENTORS)
    edition = edition_create(
        actor=coordinator,
        programme=programme,
        code=PILOT_CODE,
        title_pl="Pilotaż 2023/24",
        title_en="Pilot 2023/24",
        description_pl="Pilotażowa edycja kursu z partnerem norweskim (ECWT, Oslo).",
        description_en="The pilot edition of the course with the Norwegian partner (ECWT, Oslo).",
        starts_on=dt.date(2023, 10, 7),
        ends_on=dt.date(2024, 6, 15),
        language=EditionLanguage.BOTH,
        delivery_mode=DeliveryMode.HYBRID,
        place="Tarnów / Kraków",
        capacity=80,
        target=50,
        status=EditionStatus.RUNNING,
        staff={
            StaffRole.COORDINATOR: [coordinator],
            StaffRole.TRAINER: trainers,
            StaffRole.MENTOR: mentors,
        },
    )

    call_save(
        actor=coordinator,
        edition=edition,
        opens_at=dt.datetime(2023, 8, 21, 9, 0, tzinfo=WARSAW),
        closes_at=dt.datetime(2023, 9, 22, 23, 59, tzinfo=WARSAW),
        intro_pl=(
            "Szukamy osób, które chcą łączyć mieszkańców, instytucje i organizacje wokół "
            "wyzwań społecznych w swoich miejscowościach. Kurs jest bezpłatny."
        ),
        intro_en=(
            "We are looking for people who want to bring residents, institutions and NGOs "
            "together around the social challenges of their towns. The course is free."
        ),
    )
    people = _people(rng)
    selection_rng = random.Random(2023)  # noqa: S311 - its own stream: attendance stays the same
    enrolments: list[Enrolment] = []
    for index, spec in enumerate(people):
        user = user_create(
            email=spec.email,
            full_name=spec.full_name,
            email_verified=True,
            password=DEMO_PASSWORD if spec.email == demo_email("participant") else None,
            gender=spec.gender,
            birth_year=spec.birth_year,
            voivodeship=spec.voivodeship,
            sector=spec.sector,
            preferred_language=spec.track,
        )
        application = _apply(selection_rng, edition, spec, index, actor=user)
        application_review(
            actor=coordinator, application=application, score=selection_rng.randint(3, 5)
        )
        application = application_decide(
            actor=coordinator,
            application=application,
            decision=ApplicationStatus.ACCEPTED,
            at=DECIDED_AT,
            notify=False,
        )
        assert application.enrolment is not None  # accepting enrols the applicant
        enrolments.append(application.enrolment)
    _not_accepted(selection_rng, edition, coordinator, {spec.full_name for spec in people})

    # Ten teams of 3–4 from the 33 who finish; six mentors, the first four with two teams each.
    finishers = [
        e
        for e, s in zip(enrolments, people, strict=True)
        if s.outcome in {"certified", "completed"}
    ]
    rng.shuffle(finishers)
    sizes = [4, 4, 4] + [3] * 7
    teams = []
    start = 0
    for index, (name, size) in enumerate(zip(content.TEAMS, sizes, strict=True)):
        mentor = mentors[[0, 0, 1, 1, 2, 2, 3, 3, 4, 5][index]]
        members = finishers[start : start + size]
        start += size
        teams.append(
            group_create(
                actor=coordinator,
                edition=edition,
                name=f"{index + 1:02d} {name}",
                mentors=[mentor],
                enrolments=members,
            )
        )
    for enrolment in enrolments:
        enrolment.refresh_from_db()

    # Lectures and workshops for the whole edition on Saturdays; mentoring per team on Thursdays.
    modules = {m.code: m for m in programme.modules.all()}
    edition_sessions: list[Session] = []
    day = dt.date(2023, 10, 7)
    for code in [f"M{i}" for i in range(1, 9)]:
        module = modules[code]
        for fmt, minutes in (
            (Format.LECTURE, module.lecture_minutes),
            (Format.WORKSHOP, module.workshop_minutes),
        ):
            for length in _chunks(minutes, 240):
                edition_sessions.append(
                    session_create(
                        actor=coordinator,
                        edition=edition,
                        module=module,
                        format=fmt,
                        starts_at=dt.datetime.combine(day, dt.time(9, 30), WARSAW),
                        duration_minutes=length,
                        leader=trainers[len(edition_sessions) % len(trainers)],
                        room="Sala 1, Tarnów",
                    )
                )
                day += dt.timedelta(days=7)
    team_sessions: dict[int, list[Session]] = {}
    for team_index, team in enumerate(teams):
        team_mentor = team.mentors.first()
        sessions = []
        day = dt.date(2024, 1, 11) + dt.timedelta(days=team_index % 3)
        for length in _chunks(modules["M9"].mentoring_minutes, 200):
            sessions.append(
                session_create(
                    actor=coordinator,
                    edition=edition,
                    module=modules["M9"],
                    format=Format.MENTORING,
                    group=team,
                    starts_at=dt.datetime.combine(day, dt.time(17, 0), WARSAW),
                    duration_minutes=length,
                    leader=team_mentor,
                    online_url="https://meet.example.org/sib-team",
                )
            )
            day += dt.timedelta(days=14)
        sessions.append(
            session_create(
                actor=coordinator,
                edition=edition,
                module=modules["M10"],
                format=Format.MENTORING,
                group=team,
                starts_at=dt.datetime.combine(
                    dt.date(2024, 6, 8), dt.time(10 + team_index % 6, 0), WARSAW
                ),
                duration_minutes=modules["M10"].mentoring_minutes,
                leader=team_mentor,
                room="Aula, Kraków",
            )
        )
        team_sessions[team.pk] = sessions

    _record_attendance(
        rng, coordinator, edition, enrolments, people, edition_sessions, team_sessions
    )
    edition.status = EditionStatus.FINISHED
    edition.save(update_fields=["status"])
    stdout.write(
        f"Pilot edition loaded: {edition.applications.exclude(status='draft').count()} "
        f"applications, {edition.enrolments.count()} participants, "
        f"{edition.sessions.count()} sessions."
    )
    _load_intake(coordinator, programme, stdout=stdout)


def _load_intake(coordinator: User, programme: Programme, *, stdout: OutputWrapper) -> None:
    """The upcoming edition with its call open for 60 days from today (DEMO-DATA.md), so a new
    user can apply as a visitor would. It has not started, so no platform-wide figure counts it."""
    today = timezone.localdate()
    starts_on = today + dt.timedelta(days=75)
    edition = edition_create(
        actor=coordinator,
        programme=programme,
        code=INTAKE_CODE,
        title_pl="Nabór 2027",
        title_en="Intake 2027",
        description_pl="Kolejna edycja kursu: zajęcia w Krakowie i online, mentoring w zespołach.",
        description_en="The next edition of the course: classes in Kraków and online, mentoring "
        "in teams.",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=250),
        language=EditionLanguage.BOTH,
        delivery_mode=DeliveryMode.HYBRID,
        place="Kraków",
        capacity=80,
        target=50,
        status=EditionStatus.RECRUITING,
        staff={StaffRole.COORDINATOR: [coordinator]},
    )
    opens_at = dt.datetime.combine(today, dt.time(0, 0), WARSAW)
    call_save(
        actor=coordinator,
        edition=edition,
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=60) - dt.timedelta(minutes=1),
        intro_pl=(
            "Zapraszamy osoby, które chcą łączyć mieszkańców, instytucje i organizacje wokół "
            "wyzwań społecznych. Kurs jest bezpłatny; zgłoszenie zajmuje kwadrans."
        ),
        intro_en=(
            "We welcome people who want to bring residents, institutions and NGOs together "
            "around social challenges. The course is free; applying takes a quarter of an hour."
        ),
    )
    stdout.write(f"Recruiting edition loaded: {edition.title_en}, call open for 60 days.")


def _record_attendance(
    rng, coordinator, edition, enrolments, people, edition_sessions, team_sessions
) -> None:  # noqa: ANN001, PLR0913
    """Write the attendance and assessment records from which the completion rule computes outcomes."""
    marks: dict[int, list[Mark]] = {session.pk: [] for session in edition_sessions}
    for sessions in team_sessions.values():
        for session in sessions:
            marks[session.pk] = []

    def mark(session: Session, enrolment_id: int, status: str, missed: int = 0) -> None:
        marks[session.pk].append(Mark(enrolment_id, status, missed))

    for enrolment, spec in zip(enrolments, people, strict=True):
        if spec.outcome in {"certified", "completed"}:
            # At most two lecture/workshop sessions missed, one mentoring session missed, two late
            # arrivals: always ≥ 80 h overall and ≥ 24 h of mentoring.
            skipped = set(rng.sample(range(len(edition_sessions)), rng.randint(0, 2)))
            for index, session in enumerate(edition_sessions):
                if index in skipped:
                    mark(
                        session,
                        enrolment.pk,
                        rng.choice([AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]),
                    )
                else:
                    mark(session, enrolment.pk, AttendanceStatus.PRESENT)
            sessions = team_sessions[enrolment.group_id]
            missed_mentoring = rng.choice([None, None, rng.randrange(len(sessions) - 1)])
            late = set(rng.sample(range(len(sessions)), 2)) if rng.random() < 0.4 else set()
            for index, session in enumerate(sessions):
                if index == missed_mentoring:
                    mark(session, enrolment.pk, AttendanceStatus.ABSENT)
                elif index in late:
                    mark(session, enrolment.pk, AttendanceStatus.LATE, rng.randint(10, 45))
                else:
                    mark(session, enrolment.pk, AttendanceStatus.PRESENT)
        elif spec.outcome == "partial":
            share = rng.uniform(0.35, 0.9)
            for session in edition_sessions:
                present = rng.random() < share
                mark(
                    session,
                    enrolment.pk,
                    AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                )
        else:  # withdrawn: attended the first sessions, then left
            last = rng.randint(1, 12)
            for session in edition_sessions[:last]:
                mark(
                    session,
                    enrolment.pk,
                    AttendanceStatus.PRESENT if rng.random() < 0.85 else AttendanceStatus.ABSENT,
                )
            enrolment._withdraw_on = edition_sessions[last - 1].starts_at.astimezone(WARSAW).date()

    sessions_by_pk = {s.pk: s for s in edition_sessions}
    for sessions in team_sessions.values():
        sessions_by_pk.update({s.pk: s for s in sessions})
    for session_pk, session_marks in marks.items():
        if session_marks:
            attendance_record(
                actor=coordinator, session=sessions_by_pk[session_pk], marks=session_marks
            )

    reasons = [
        ("Zmiana pracy", "Changed jobs"),
        ("Powody zdrowotne", "Health reasons"),
        ("Brak czasu", "Lack of time"),
        ("Obowiązki rodzinne", "Family duties"),
    ]
    for enrolment, spec in zip(enrolments, people, strict=True):
        if spec.outcome == "certified":
            final_project_assess(
                actor=coordinator, enrolment=enrolment, score=Decimal(rng.randint(60, 98))
            )
        elif spec.outcome == "completed":
            final_project_assess(
                actor=coordinator, enrolment=enrolment, score=Decimal(rng.randint(35, 59))
            )
        elif spec.outcome == "withdrawn":
            reason = rng.choice(reasons)[0 if spec.track == "pl" else 1]
            enrolment_withdraw(
                actor=coordinator,
                enrolment=enrolment,
                withdrawn_on=enrolment._withdraw_on + dt.timedelta(days=3),
                reason=reason,
            )
