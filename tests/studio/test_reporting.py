"""The studio's report section: innovation projects by stage, region and SDG and how far their
impact indicators got, in the all-editions report, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.core.models import SdgGoal
from sib.studio import services
from sib.studio.models import Indicator, Measurement
from tests.factories import CoordinatorFactory
from tests.studio.factories import team_project

pytestmark = pytest.mark.django_db


def _projects(count: int) -> None:
    coordinator = CoordinatorFactory()
    for n in range(count):
        project = team_project(
            published=n % 2 == 0, voivodeship="malopolskie" if n % 3 else "slaskie"
        )
        project.sdgs.add(SdgGoal.objects.get(number=3 if n % 2 else 11))
        if n:
            services.project_set_stage(
                actor=coordinator, project=project, stage=2, reason="Ideas chosen"
            )
        indicator = Indicator.objects.create(
            project=project, name="Rides", unit="rides", baseline=Decimal(0), target=Decimal(10)
        )
        Measurement.objects.create(
            indicator=indicator, value=Decimal(10 if n % 2 else 5), measured_on=dt.date(2024, 5, 1)
        )


def _count(client, url) -> tuple[int, str]:
    client.get(url)  # charts drawn and cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_all_editions_report_counts_projects_by_stage_region_sdg_and_progress(client):
    _projects(4)
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("reports:all-dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="section-studio"') :]
    section = section[: section.index("</section>")]
    assert "Innovation projects by Open Book stage" in section
    assert "2 of 4 projects are published to the showcase." in section
    assert (
        "Innovation projects by region" in section
        and "Innovation projects by sustainable" in section
    )
    # Two projects reached the target (10 of 10), two are half way (5 of 10).
    assert re.search(r"At or above the target</th>\s*<td[^>]*>2</td>", section)
    assert re.search(r"Half the way or more</th>\s*<td[^>]*>2</td>", section)
    values = client.get("/api/v1/reports/indicators").json()
    assert values["innovation_projects"] == 4
    assert values["innovation_projects_published"] == 2
    assert values["impact_indicators_reached"] == 2


def test_the_section_takes_the_same_queries_with_few_or_many_projects(client):
    client.force_login(CoordinatorFactory())
    _projects(1)
    few, _html = _count(client, reverse("reports:all-dashboard"))
    _projects(6)
    many, html = _count(client, reverse("reports:all-dashboard"))
    assert few == many
    assert "of 7 projects are published" in html
