"""A person's roles: the UNION built once per process reads what the apps' querysets read."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.test import override_settings

from sib.academy.models import StaffRole
from sib.core import roles
from sib.core.plugins import contributions
from sib.core.roles import forget_roles, person_roles, role_rows
from tests.events.factories import EventStaffFactory
from tests.factories import (
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _through_the_orm(user):
    """The rows as each app's querysets read them, one by one."""
    found = defaultdict(list)
    for read in contributions("SIB_ROLE_READS"):
        for rows in read(user):
            for kind, key, name in rows:
                found[kind].append((key, name))
    return {kind: sorted(rows) for kind, rows in found.items()}


def test_the_statement_built_once_reads_each_persons_own_rows():
    first, second = EditionFactory(), EditionFactory()
    trainer = EditionStaffFactory(edition=first, role=StaffRole.TRAINER).user
    EditionStaffFactory(edition=second, user=trainer, role=StaffRole.COORDINATOR)
    participant = EnrolmentFactory(edition=first).user
    EnrolmentFactory(edition=second, user=participant)
    mentor = UserFactory()
    GroupFactory(edition=first).mentors.add(mentor)
    organiser = EventStaffFactory().user
    nobody = UserFactory()

    seen = {}
    for person in (trainer, participant, mentor, organiser, nobody):
        forget_roles(person)
        read = {kind: sorted(rows) for kind, rows in person_roles(person).items()}
        assert read == _through_the_orm(person)
        seen[person.pk] = read
    assert seen[trainer.pk]["academy.staff"] == sorted(
        [(first.pk, StaffRole.TRAINER), (second.pk, StaffRole.COORDINATOR)]
    )
    assert sorted(key for key, _ in seen[participant.pk]["academy.enrolled"]) == sorted(
        [first.pk, second.pk]
    )
    assert "academy.mentor" in seen[mentor.pk] and "events.staff" in seen[organiser.pk]
    assert seen[nobody.pk] == {}


def _not_by_id(user):
    from sib.academy.models import Edition

    return [role_rows(Edition.objects.all(), "everyone", "id")]


@override_settings(SIB_ROLE_READS=["tests.core.test_person_roles._not_by_id"])
def test_rows_that_do_not_depend_on_the_persons_id_are_refused():
    # Built once and run with each person's id, such rows would be everyone's.
    roles._statements.clear()
    with pytest.raises(ValueError, match="person's id"):
        person_roles(UserFactory())
