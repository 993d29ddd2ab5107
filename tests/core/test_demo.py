"""`sib demo` rebuilds the pilot; the completion rule computes its published outcome."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from sib.academy import selectors
from sib.academy.models import Attendance, Edition, Enrolment, Programme, Session
from sib.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_pilot_outcome_is_computed_from_records(demo) -> None:  # noqa: ANN001
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    edition = Edition.objects.get(code="pilot-2023-24")
    counts = selectors.completion_counts(actor=coordinator, edition=edition)
    assert counts.counts == {
        "active": 0,
        "partial": 16,
        "completed": 5,
        "eligible": 28,
        "withdrawn": 23,
    }
    assert counts.total == 72 and edition.target == 50


def test_pilot_distributions(demo) -> None:  # noqa: ANN001
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    rows = selectors.edition_progress(actor=coordinator, edition=Edition.objects.get())
    enrolled = Counter(row.user.voivodeship for row in rows)
    certified = Counter(row.user.voivodeship for row in rows if row.status == "eligible")
    assert enrolled == {
        "malopolskie": 24,
        "podkarpackie": 10,
        "slaskie": 9,
        "mazowieckie": 8,
        "swietokrzyskie": 6,
        "lubelskie": 5,
        "dolnoslaskie": 4,
        "wielkopolskie": 3,
        "pomorskie": 3,
    }
    assert certified == {
        "malopolskie": 10,
        "podkarpackie": 4,
        "slaskie": 4,
        "mazowieckie": 3,
        "swietokrzyskie": 2,
        "lubelskie": 2,
        "dolnoslaskie": 1,
        "wielkopolskie": 1,
        "pomorskie": 1,
    }
    assert Counter(row.user.sector for row in rows) == {
        "ngo": 22,
        "local_government": 14,
        "social_welfare": 10,
        "education": 12,
        "social_economy": 6,
        "business": 5,
        "student_other": 3,
    }
    assert Counter(row.enrolment.language_track for row in rows) == {"pl": 64, "en": 8}
    teams = Counter(row.enrolment.group_id for row in rows if row.enrolment.group_id)
    assert len(teams) == 10 and sorted(teams.values()) == [3] * 7 + [4] * 3
    finishers = [row for row in rows if row.status in ("eligible", "completed")]
    assert len(finishers) == 33 and all(row.enrolment.group_id for row in finishers)


def test_programmes_and_youth_course_without_edition(demo) -> None:  # noqa: ANN001
    full = Programme.objects.get(code="sib")
    assert sum(m.total_minutes for m in full.modules.all()) == 100 * 60
    assert [
        sum(getattr(m, f"{fmt}_minutes") for m in full.modules.all()) // 60
        for fmt in ("lecture", "workshop", "mentoring")
    ] == [30, 40, 30]
    youth = Programme.objects.get(code="youth")
    assert sum(m.total_minutes for m in youth.modules.all()) == 30 * 60
    assert not youth.editions.exists()


def test_demo_is_idempotent(demo) -> None:  # noqa: ANN001
    before = (
        User.objects.count(),
        Enrolment.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
    )
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = (
        User.objects.count(),
        Enrolment.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
    )
    assert before == after


def test_role_accounts_can_log_in(demo, client) -> None:  # noqa: ANN001
    from sib.accounts.demo import DEMO_PASSWORD

    for role in ("coordinator", "trainer", "mentor", "participant", "partner"):
        assert client.login(username=f"{role}@demo.sib.example", password=DEMO_PASSWORD), role
