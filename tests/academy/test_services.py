"""Writes in the academy: validation, permissions, idempotence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sib.academy import services
from sib.academy.models import Attendance, AttendanceStatus, Enrolment, StaffRole
from sib.academy.services import Mark
from sib.core.models import AuditEntry
from sib.core.roles import forget_roles
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_coordinator_creates_edition_with_staff() -> None:
    coordinator = CoordinatorFactory()
    trainer, mentor = UserFactory(), UserFactory()
    programme = EditionFactory().programme
    edition = services.edition_create(
        actor=coordinator,
        programme=programme,
        code="autumn-2025",
        title_pl="Jesień 2025",
        title_en="Autumn 2025",
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 31),
        capacity=30,
        target=25,
        staff={StaffRole.TRAINER: [trainer], StaffRole.MENTOR: [mentor]},
    )
    assert set(edition.staff.values_list("user_id", "role")) == {
        (trainer.pk, "trainer"),
        (mentor.pk, "mentor"),
    }
    assert AuditEntry.objects.filter(action="edition.create", object_id=str(edition.pk)).exists()


def test_edition_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as error:
        services.edition_create(
            actor=CoordinatorFactory(),
            programme=EditionFactory().programme,
            code="bad",
            title_pl="Zła",
            starts_on=dt.date(2025, 9, 1),
            ends_on=dt.date(2025, 8, 1),
        )
    assert "ends_on" in error.value.message_dict


def test_only_coordinators_create_editions() -> None:
    with pytest.raises(PermissionDenied):
        services.edition_create(
            actor=UserFactory(),
            programme=EditionFactory().programme,
            code="x",
            title_pl="X",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
        )


def test_enrol_by_email_creates_the_account_once() -> None:
    coordinator = CoordinatorFactory()
    edition = EditionFactory()
    enrolment = services.participant_enrol(
        actor=coordinator,
        edition=edition,
        email="New.Person@Example.org",
        full_name="Nowa Osoba",
        language_track="en",
    )
    assert enrolment.user.email == "new.person@example.org"
    assert enrolment.language_track == "en"
    with pytest.raises(ValidationError):
        services.participant_enrol(
            actor=coordinator, edition=edition, email="new.person@example.org"
        )
    assert Enrolment.objects.filter(edition=edition).count() == 1


def test_withdrawal_needs_a_reason_and_keeps_attendance() -> None:
    coordinator = CoordinatorFactory()
    attendance = Attendance.objects.create(
        session=SessionFactory(), enrolment=EnrolmentFactory(), status=AttendanceStatus.PRESENT
    )
    enrolment = attendance.enrolment
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(
            actor=coordinator, enrolment=enrolment, withdrawn_on=dt.date(2024, 3, 1), reason=" "
        )
    services.enrolment_withdraw(
        actor=coordinator,
        enrolment=enrolment,
        withdrawn_on=dt.date(2024, 3, 1),
        reason="Moved abroad",
    )
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_on == dt.date(2024, 3, 1)
    assert enrolment.attendances.count() == 1


class TestAttendance:
    def setup_method(self) -> None:
        self.session = SessionFactory(duration_minutes=90)
        self.trainer = EditionStaffFactory(
            edition=self.session.edition, role=StaffRole.TRAINER
        ).user
        self.enrolment = EnrolmentFactory(edition=self.session.edition)

    def test_record_is_idempotent(self) -> None:
        marks = [Mark(self.enrolment.pk, AttendanceStatus.LATE, 15)]
        services.attendance_record(actor=self.trainer, session=self.session, marks=marks)
        services.attendance_record(actor=self.trainer, session=self.session, marks=marks)
        (row,) = Attendance.objects.filter(session=self.session)
        assert (row.status, row.minutes_missed, row.credited_minutes) == ("late", 15, 75)

    @pytest.mark.parametrize(
        ("status", "missed", "field"),
        [
            ("late", 0, "minutes_missed"),
            ("late", 90, "minutes_missed"),
            ("present", 5, "minutes_missed"),
            ("asleep", 0, "status"),
        ],
    )
    def test_bad_marks_are_refused_with_the_field_named(
        self, status: str, missed: int, field: str
    ) -> None:
        with pytest.raises(ValidationError) as error:
            services.attendance_record(
                actor=self.trainer,
                session=self.session,
                marks=[Mark(self.enrolment.pk, status, missed)],
            )
        assert f"marks.{self.enrolment.pk}.{field}" in error.value.message_dict
        assert not Attendance.objects.exists()

    def test_one_bad_row_saves_nothing(self) -> None:
        other = EnrolmentFactory(edition=self.session.edition)
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=self.trainer,
                session=self.session,
                marks=[Mark(self.enrolment.pk, "present"), Mark(other.pk, "late", 0)],
            )
        assert not Attendance.objects.exists()

    def test_someone_outside_the_audience_cannot_be_marked(self) -> None:
        group = GroupFactory(edition=self.session.edition)
        team_session = SessionFactory(
            edition=self.session.edition, module=self.session.module, group=group
        )
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=self.trainer, session=team_session, marks=[Mark(self.enrolment.pk, "present")]
            )
        stranger = EnrolmentFactory()  # another edition
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=self.trainer, session=self.session, marks=[Mark(stranger.pk, "present")]
            )

    def test_participant_never_marks_their_own_attendance(self) -> None:
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                actor=self.enrolment.user,
                session=self.session,
                marks=[Mark(self.enrolment.pk, "present")],
            )

    def test_trainer_enrolled_in_the_same_edition_cannot_mark(self) -> None:
        EnrolmentFactory(edition=self.session.edition, user=self.trainer)
        forget_roles(self.trainer)
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                actor=self.trainer, session=self.session, marks=[Mark(self.enrolment.pk, "present")]
            )

    def test_trainer_of_another_edition_cannot_mark(self) -> None:
        other_trainer = EditionStaffFactory(role=StaffRole.TRAINER).user
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                actor=other_trainer,
                session=self.session,
                marks=[Mark(self.enrolment.pk, "present")],
            )

    def test_mentor_marks_only_their_groups(self) -> None:
        edition = self.session.edition
        mentor = EditionStaffFactory(edition=edition, role=StaffRole.MENTOR).user
        mine, theirs = GroupFactory(edition=edition), GroupFactory(edition=edition)
        mine.mentors.add(mentor)
        member = EnrolmentFactory(edition=edition, group=mine)
        own = SessionFactory(
            edition=edition, module=self.session.module, group=mine, format="mentoring"
        )
        other = SessionFactory(
            edition=edition, module=self.session.module, group=theirs, format="mentoring"
        )
        services.attendance_record(actor=mentor, session=own, marks=[Mark(member.pk, "present")])
        with pytest.raises(PermissionDenied):
            services.attendance_record(actor=mentor, session=other, marks=[])

    def test_withdrawn_before_the_session_is_not_in_its_audience(self) -> None:
        self.enrolment.withdrawn_on = self.session.starts_at.date() - dt.timedelta(days=1)
        self.enrolment.save()
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=self.trainer, session=self.session, marks=[Mark(self.enrolment.pk, "present")]
            )


def test_final_project_score_is_bounded_and_assessed_by_staff_only() -> None:
    enrolment = EnrolmentFactory()
    trainer = EditionStaffFactory(edition=enrolment.edition, role=StaffRole.TRAINER).user
    services.final_project_assess(actor=trainer, enrolment=enrolment, score=Decimal("72.5"))
    assert enrolment.final_project_score == Decimal("72.5")
    with pytest.raises(ValidationError):
        services.final_project_assess(actor=trainer, enrolment=enrolment, score=Decimal(101))
    with pytest.raises(PermissionDenied):
        services.final_project_assess(actor=enrolment.user, enrolment=enrolment, score=Decimal(100))
