"""Factories shared by every app's tests (per domain, like django-oscar's test factories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from sib.academy.models import (
    Attendance,
    AttendanceStatus,
    Edition,
    EditionStaff,
    EditionStatus,
    Enrolment,
    Format,
    Group,
    Module,
    Programme,
    ProgrammeKind,
    Session,
    StaffRole,
)
from sib.accounts.models import Organisation, User

PASSWORD = "correct-horse-battery"  # noqa: S105


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "ngo"
    region = "malopolskie"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n:03d}")
    preferred_language = ""

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class CoordinatorFactory(UserFactory):
    is_staff = True


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The pilot's rule by default: 80 h overall, 24 h mentoring, project ≥ 60 %."""

    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"programme-{n}")
    kind = ProgrammeKind.FULL
    title_pl = factory.Sequence(lambda n: f"Program {n}")
    title_en = factory.Sequence(lambda n: f"Programme {n}")
    min_total_minutes = 80 * 60
    min_mentoring_minutes = 24 * 60
    final_project_required = True
    pass_mark_percent = Decimal(60)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"M{n + 1}")
    title_pl = factory.Sequence(lambda n: f"Moduł {n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")
    lecture_minutes = 30 * 60
    workshop_minutes = 40 * 60
    mentoring_minutes = 30 * 60


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"edition-{n}")
    title_pl = factory.Sequence(lambda n: f"Edycja {n}")
    title_en = factory.Sequence(lambda n: f"Edition {n}")
    starts_on = dt.date(2024, 1, 1)
    ends_on = dt.date(2024, 6, 30)
    capacity = 80
    target = 50
    status = EditionStatus.RUNNING


class EditionStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionStaff

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.TRAINER


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    enrolled_on = dt.date(2023, 12, 15)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    module = factory.LazyAttribute(lambda o: ModuleFactory(programme=o.edition.programme))
    format = Format.LECTURE
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    duration_minutes = 240


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    enrolment = factory.LazyAttribute(lambda o: EnrolmentFactory(edition=o.session.edition))
    status = AttendanceStatus.PRESENT
    minutes_missed = 0
