"""The report provider, the seeder and the background run."""

from __future__ import annotations

import io
import random

import pytest

from sib.brokerage import reporting, seed, services
from sib.brokerage.models import BrokerProfile, Challenge, MatchRun, RunStatus
from sib.core.reporting import ReportScope
from sib.core.scales import SCALES
from tests.brokerage.factories import broker, challenge
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def test_section_and_indicators_only_in_platform_wide_reports() -> None:
    coordinator = CoordinatorFactory()
    challenge(actor=coordinator, voivodeship="lodzkie")
    edition_scope = ReportScope([], [], "one edition")
    assert reporting.sections(actor=coordinator, scope=edition_scope) == []
    scope = ReportScope([], [], "all", all_editions=True)
    (section,) = reporting.sections(actor=coordinator, scope=scope)
    by_region = next(t for t in section.tables if t.caption == "Challenges by voivodeship")
    assert by_region.rows == [["Łódź (łódzkie)", 1]] and by_region.chart
    values = {
        i.key: i.value for i in reporting.indicators(actor=coordinator, scope=scope, values={})
    }
    assert values == {
        "challenges_published": 1,
        "introductions_accepted": 0,
        "consultation_participants": 0,
    }


def test_seeder_adds_challenges_and_brokers_at_scale_s() -> None:
    seed.seed(scale=SCALES["S"], rng=random.Random(1), stdout=io.StringIO())
    assert Challenge.objects.count() == SCALES["S"].challenges
    assert BrokerProfile.objects.count() == SCALES["S"].brokers


def test_a_run_executes_once() -> None:
    coordinator = CoordinatorFactory()
    challenge(actor=coordinator)
    broker()
    run = MatchRun.objects.create(weights={"competence": 1.0}, created_by=coordinator)
    first = services.match_run_execute(run_id=run.pk)
    assert first.status == RunStatus.FINISHED and first.assignments.count() == 1
    again = services.match_run_execute(run_id=run.pk)
    assert again.assignments.count() == 1
