"""Coordinators see indicators and projects rolled up by region and by SDG, with a chart and a
table that say the same; the figures are computed from the measurements, not typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sib.core.models import SdgGoal
from sib.studio import selectors, services
from tests.factories import CoordinatorFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _indicator(project, codes, baseline, target, values):
    member = member_of(project)
    indicator = services.indicator_save(
        actor=member,
        project=project,
        data={"name_en": "Reached", "unit": "people", "baseline": baseline, "target": target},
        sdg_targets=codes,
    )
    for day, value in enumerate(values, start=1):
        services.measurement_add(
            actor=member,
            indicator=indicator,
            value=Decimal(value),
            measured_on=dt.date(2024, 2, day),
        )
    return indicator


def _pilot():
    north = team_project(voivodeship="pomorskie")
    south = team_project(voivodeship="malopolskie")
    quiet = team_project(voivodeship="malopolskie")
    quiet.sdgs.set(SdgGoal.objects.filter(number=11))
    _indicator(north, ["4.4"], Decimal(0), Decimal(10), [5, 10])  # 100 %
    _indicator(north, ["4.4", "8.6"], Decimal(0), Decimal(20), [5])  # 25 %
    _indicator(south, ["8.6"], Decimal(10), Decimal(0), [5])  # 50 %
    _indicator(south, ["1.4"], Decimal(0), Decimal(4), [])  # not measured
    return north, south, quiet


def test_rollups_by_region_and_sdg():
    _pilot()
    rollups = selectors.impact_rollups(actor=CoordinatorFactory())
    regions = {row["key"]: row for row in rollups["regions"]}
    assert regions["pomorskie"] == {
        "key": "pomorskie",
        "projects": 1,
        "projects_with_indicators": 1,
        "indicators": 2,
        "measured": 2,
        "mean_progress": round((100 + 25) / 2),
        "met": 1,
    }
    south = regions["malopolskie"]
    assert (south["projects"], south["projects_with_indicators"], south["indicators"]) == (2, 1, 2)
    assert (south["measured"], south["mean_progress"], south["met"]) == (1, 50, 0)
    goals = {row["key"]: row for row in rollups["goals"]}
    assert set(goals) == {1, 4, 8, 11}
    assert (goals[4]["indicators"], goals[4]["mean_progress"]) == (2, round((100 + 25) / 2))
    assert (goals[8]["indicators"], goals[8]["projects"], goals[8]["mean_progress"]) == (
        2,
        2,
        round((25 + 50) / 2),
    )
    assert (goals[1]["measured"], goals[1]["mean_progress"]) == (0, None)
    assert (goals[11]["projects"], goals[11]["indicators"]) == (1, 0)


def test_impact_page_for_coordinators_only_with_flat_queries(client):
    north, _south, _quiet = _pilot()
    client.force_login(member_of(north))
    assert client.get("/studio/impact/").status_code == 403
    client.force_login(mentor_of(north))
    assert client.get("/studio/impact/").status_code == 403
    client.force_login(CoordinatorFactory())
    page = client.get("/studio/impact/").content.decode()
    assert "Pomorskie" in page or "pomorskie" in page.lower()
    assert page.count('role="img"') == 2 and f"{round((100 + 25) / 2)} %" in page

    polish = client.get("/studio/impact/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Według województw" in polish and "Średni postęp" in polish

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/studio/impact/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _n in range(3):
        project = team_project(voivodeship="slaskie")
        _indicator(project, ["3.4", "10.2"], Decimal(0), Decimal(8), [2, 4, 6])
    client.get("/studio/impact/")  # the new charts are drawn and kept once
    assert count() == few
