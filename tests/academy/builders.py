"""Build editions with attendance for selector, view and API tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sib.academy.models import Attendance, AttendanceStatus, Edition, Format, StaffRole
from tests.factories import (
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
)


def edition_with_participants(count: int, **edition_fields: object) -> Edition:
    """An edition with `count` participants, two teams, and sessions of every format with marks."""
    edition = EditionFactory(**edition_fields)
    module = ModuleFactory(programme=edition.programme)
    teams = [GroupFactory(edition=edition), GroupFactory(edition=edition)]
    mentor = EditionStaffFactory(edition=edition, role=StaffRole.MENTOR).user
    teams[0].mentors.add(mentor)
    EditionStaffFactory(edition=edition, role=StaffRole.TRAINER)
    past = timezone.now() - dt.timedelta(days=10)
    sessions = [
        SessionFactory(edition=edition, module=module, format=Format.LECTURE, starts_at=past),
        SessionFactory(edition=edition, module=module, format=Format.WORKSHOP, starts_at=past),
        SessionFactory(
            edition=edition, module=module, format=Format.MENTORING, group=teams[0], starts_at=past
        ),
        SessionFactory(
            edition=edition,
            module=module,
            format=Format.LECTURE,
            starts_at=timezone.now() + dt.timedelta(days=5),
        ),
    ]
    statuses = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.ABSENT,
        AttendanceStatus.EXCUSED,
    ]
    for index in range(count):
        enrolment = EnrolmentFactory(edition=edition, user=UserFactory(), group=teams[index % 2])
        for session in sessions[:3]:
            if session.group_id and session.group_id != enrolment.group_id:
                continue
            status = statuses[index % 4]
            Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                status=status,
                minutes_missed=20 if status == AttendanceStatus.LATE else 0,
            )
    return edition
