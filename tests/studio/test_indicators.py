"""Impact indicators: the team records them with measurements; progress from baseline to target;
the API answers what the caller may read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sib.studio import selectors, services
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def test_indicator_progress_and_permissions(client):
    project = team_project()
    member = member_of(project)
    indicator = services.indicator_save(
        actor=member,
        project=project,
        data={
            "name_pl": "Seniorzy dowiezieni",
            "name_en": "Seniors driven",
            "unit": "people",
            "baseline": Decimal(0),
            "target": Decimal(40),
            "sdg_targets": "10.2",
        },
    )
    services.measurement_add(
        actor=member, indicator=indicator, value=Decimal(10), measured_on=dt.date(2024, 3, 1)
    )
    services.measurement_add(
        actor=member,
        indicator=indicator,
        value=Decimal(30),
        measured_on=dt.date(2024, 6, 1),
        source="Bus log",
    )
    row = selectors.indicator_progress(project)[0]
    assert row["percent"] == 75 and row["latest"].value == Decimal(30)
    with pytest.raises(PermissionDenied):
        services.measurement_add(
            actor=mentor_of(project),
            indicator=indicator,
            value=Decimal(1),
            measured_on=dt.date(2024, 6, 2),
        )
    assert client.get(f"/api/v1/projects/{project.pk}/indicators").status_code == 404
    client.force_login(member)
    body = client.get(f"/api/v1/projects/{project.pk}/indicators").json()
    assert body["count"] == 1 and [m["value"] for m in body["items"][0]["measurements"]] == [10, 30]
    assert b"75 %" in client.get(f"/studio/{project.pk}/").content
