"""`sib demo` rebuilds the pilot; the completion rule computes its published outcome."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from sib.academy import selectors
from sib.academy.demo import PILOT_CODE
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
    rows = selectors.edition_progress(
        actor=coordinator, edition=Edition.objects.get(code=PILOT_CODE)
    )
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


def test_the_intake_edition_recruits_for_sixty_days_and_counts_in_no_figure(demo) -> None:  # noqa: ANN001
    import datetime as dt

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sib.academy.demo import INTAKE_CODE
    from sib.reports import selectors as reports

    intake = Edition.objects.get(code=INTAKE_CODE)
    call = intake.call
    today = timezone.localdate()
    assert intake.status == "recruiting" and intake.starts_on > today
    assert timezone.localtime(call.opens_at).date() == today
    assert timezone.localtime(call.closes_at).date() == today + dt.timedelta(days=59)
    assert not intake.applications.exists() and not intake.enrolments.exists()
    # A visitor finds the call from the home page, the programme list and the programme page.
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    call_url = reverse("academy:call", args=[intake.pk])
    for page in ("/", "/academy/programmes/", f"/academy/programmes/{intake.programme_id}/"):
        assert f'href="{call_url}"' in visitor.get(page).content.decode(), page
    # Platform-wide figures are the pilot's: the edition has not started.
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    scope = reports.scope_all(actor=coordinator)
    assert [edition.code for edition in scope.editions] == [PILOT_CODE]
    assert reports.indicators(actor=coordinator, scope=scope)["participants_target"].value == 50
