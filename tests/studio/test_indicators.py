"""Impact indicators (TOOLKIT.md model): the team and the lead broker record them and their
measurements, mentors read only their own teams', another team sees nothing; progress from
baseline to target; clear translated messages; the API answers 4xx problem+json on bad input;
query counts stay flat as measurements grow."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sib.studio import selectors, services
from tests.factories import UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _indicator(project, actor, targets=("10.2",), **data):
    fields = {
        "name_pl": "Seniorzy dowiezieni",
        "name_en": "Seniors driven",
        "unit": "people",
        "baseline": Decimal(0),
        "target": Decimal(40),
    }
    fields.update(data)
    return services.indicator_save(actor=actor, project=project, data=fields, sdg_targets=targets)


def _measure(indicator, actor, value, day):
    return services.measurement_add(
        actor=actor, indicator=indicator, value=Decimal(value), measured_on=day
    )


def test_indicator_progress_and_permissions(client):
    project = team_project()
    member = member_of(project)
    indicator = _indicator(project, member, targets=["10.2", "3.4"])
    assert [t.code for t in indicator.sdg_targets.order_by("position")] == ["3.4", "10.2"]
    _measure(indicator, member, 10, dt.date(2024, 3, 1))
    services.measurement_add(
        actor=member,
        indicator=indicator,
        value=Decimal(30),
        measured_on=dt.date(2024, 6, 1),
        source="Bus log",
        evidence="https://example.org/log.pdf",
    )
    row = selectors.indicator_progress(project)[0]
    assert row["percent"] == 75 and row["latest"].value == Decimal(30)
    with pytest.raises(PermissionDenied):
        _measure(indicator, mentor_of(project), 1, dt.date(2024, 6, 2))
    assert client.get(f"/api/v1/projects/{project.pk}/indicators").status_code == 404
    client.force_login(member)
    body = client.get(f"/api/v1/projects/{project.pk}/indicators").json()
    item = body["items"][0]
    assert body["count"] == 1 and item["measurement_count"] == 2 and item["progress"] == 75
    assert item["latest"]["value"] == 30 and item["sdg_targets"] == ["3.4", "10.2"]
    page = client.get(f"/studio/{project.pk}/").content.decode()
    assert "75 %" in page and "<svg" in page and "Bus log" in page
    detail = client.get(f"/studio/indicators/{indicator.pk}/").content.decode()
    assert 'role="img"' in detail and "https://example.org/log.pdf" in detail


def test_decreasing_indicator_progress():
    project = team_project()
    member = member_of(project)
    waiting = _indicator(project, member, unit="days", baseline=Decimal(30), target=Decimal(10))
    _measure(waiting, member, 25, dt.date(2024, 3, 1))
    assert selectors.indicator_progress(project)[0]["percent"] == 25


def test_team_pages_record_and_delete_measurements_lead_broker_too(client):
    project = team_project()
    broker = UserFactory()
    project.lead_broker = broker
    project.save()
    client.force_login(broker)
    response = client.post(
        f"/studio/{project.pk}/indicators/new/",
        {
            "name_en": "Households advised",
            "unit": "households",
            "baseline": "0",
            "target": "50",
            "sdg_targets": "7.1, 1.4",
        },
    )
    indicator = project.indicators.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/studio/indicators/{indicator.pk}/"
    )
    assert sorted(t.code for t in indicator.sdg_targets.all()) == ["1.4", "7.1"]
    response = client.post(
        f"/studio/indicators/{indicator.pk}/",
        {"value": "20", "measured_on": "2024-05-01", "source": "Visit log"},
    )
    assert response.status_code == 302
    measurement = indicator.measurements.get()
    assert measurement.recorded_by == broker
    client.post(f"/studio/measurements/{measurement.pk}/delete/")
    assert not indicator.measurements.exists()
    response = client.get(f"/studio/indicators/{indicator.pk}/edit/")
    assert response.status_code == 200 and 'value="1.4, 7.1"' in response.content.decode()


def test_mentor_reads_only_their_teams_and_other_team_gets_nothing(client):
    project = team_project()
    indicator = _indicator(project, member_of(project))
    measurement = _measure(indicator, member_of(project), 5, dt.date(2024, 3, 1))
    mentor = mentor_of(project)
    client.force_login(mentor)
    assert client.get(f"/studio/indicators/{indicator.pk}/").status_code == 200
    assert b"Record a measurement" not in client.get(f"/studio/indicators/{indicator.pk}/").content
    assert client.get(f"/studio/indicators/{indicator.pk}/edit/").status_code == 403
    assert client.get(f"/studio/{project.pk}/indicators/new/").status_code == 403
    posted = client.post(
        f"/studio/indicators/{indicator.pk}/", {"value": "1", "measured_on": "2024-03-02"}
    )
    assert posted.status_code == 403
    assert client.post(f"/studio/measurements/{measurement.pk}/delete/").status_code == 403
    assert client.get(f"/api/v1/indicators/{indicator.pk}").status_code == 200
    api = client.post(
        f"/api/v1/indicators/{indicator.pk}/measurements",
        {"value": 1, "measured_on": "2024-03-02"},
        content_type="application/json",
    )
    assert api.status_code == 403 and api["Content-Type"].startswith("application/problem+json")
    other = team_project(mentor=UserFactory())
    other_indicator = _indicator(other, member_of(other))
    assert client.get(f"/studio/indicators/{other_indicator.pk}/").status_code == 404
    assert client.get(f"/api/v1/indicators/{other_indicator.pk}").status_code == 404
    assert client.get(f"/api/v1/indicators/{other_indicator.pk}/measurements").status_code == 404
    client.force_login(member_of(other))
    for url in (
        f"/studio/indicators/{indicator.pk}/",
        f"/studio/indicators/{indicator.pk}/edit/",
        f"/studio/{project.pk}/indicators/new/",
        f"/api/v1/indicators/{indicator.pk}",
        f"/api/v1/projects/{project.pk}/indicators",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/studio/measurements/{measurement.pk}/delete/").status_code == 404
    api = client.put(
        f"/api/v1/indicators/{indicator.pk}",
        {"unit": "x", "target": 3},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert indicator.measurements.count() == 1


@pytest.mark.parametrize(
    ("language", "unknown", "same"),
    [
        (
            "en",
            "No such SDG target: 99.9. Use codes such as 4.4 or 10.2.",
            "The target must differ from the baseline.",
        ),
        (
            "pl",
            "Nie ma takiego zadania SDG: 99.9. Podaj kody, np. 4.4 lub 10.2.",
            "Wartość docelowa musi różnić się od wartości wyjściowej.",
        ),
    ],
)
def test_bad_indicator_is_redisplayed_with_translated_messages(client, language, unknown, same):
    project = team_project()
    client.force_login(member_of(project))
    form = {"name_en": "Typed name", "unit": "people", "baseline": "5", "target": "5"}
    response = client.post(
        f"/studio/{project.pk}/indicators/new/",
        {**form, "sdg_targets": "4.4, 99.9"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    page = response.content.decode()
    assert response.status_code == 200 and unknown in page and "Typed name" in page
    response = client.post(
        f"/studio/{project.pk}/indicators/new/",
        {**form, "sdg_targets": "4.4"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert same in response.content.decode()
    assert not project.indicators.exists()


def test_measurement_rules_and_redisplay(client):
    project = team_project()
    member = member_of(project)
    indicator = _indicator(project, member, baseline_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        _measure(indicator, member, 1, timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        _measure(indicator, member, 1, dt.date(2023, 12, 31))
    client.force_login(member)
    response = client.post(
        f"/studio/indicators/{indicator.pk}/",
        {"value": "12.5", "measured_on": "2023-06-01", "source": "Typed source"},
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Typed source" in page
    assert "Pomiar nie może być wcześniejszy niż data wartości wyjściowej." in page
    response = client.post(
        f"/studio/indicators/{indicator.pk}/",
        {"value": "lots", "measured_on": "2024-02-01", "evidence": "not a link"},
    )
    assert response.status_code == 200 and not indicator.measurements.exists()


def test_api_writes_and_problem_json_on_bad_input(client):
    project = team_project()
    member = member_of(project)
    client.force_login(member)
    url = f"/api/v1/projects/{project.pk}/indicators"
    created = client.post(
        url,
        {"name_en": "Trips", "unit": "trips", "target": 100, "sdg_targets": ["11.2"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    indicator_id = created.json()["id"]
    assert created.json()["sdg_targets"] == ["11.2"] and created.json()["progress"] is None
    bad_bodies = [
        {"name_en": "x", "unit": "u", "target": 1, "sdg_targets": ["18.1"]},
        {"name_en": "x", "unit": "u", "target": 0},
        {"name_en": "x", "unit": "u", "target": "1e30"},
        {"name_en": "x", "unit": "u"},
        {"name_en": "x" * 201, "unit": "u", "target": 1},
        {"unit": "u", "target": 1},
    ]
    for body in bad_bodies:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
        assert json.loads(response.content)["status"] == 422
    assert project.indicators.count() == 1
    updated = client.put(
        f"/api/v1/indicators/{indicator_id}",
        {"name_en": "Trips made", "unit": "trips", "target": 80, "sdg_targets": []},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["sdg_targets"] == []
    assert updated.json()["name_en"] == "Trips made"
    measurements = f"/api/v1/indicators/{indicator_id}/measurements"
    posted = client.post(
        measurements,
        {"value": 20, "measured_on": "2024-04-01", "source": "Driver's log"},
        content_type="application/json",
    )
    assert posted.status_code == 201 and posted.json()["value"] == 20
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    for body in (
        {"value": 1, "measured_on": future},
        {"value": "abc", "measured_on": "2024-04-02"},
        {"value": 1, "measured_on": "2024-13-40"},
        {"value": 1, "measured_on": "2024-04-02", "evidence": "not a link"},
    ):
        response = client.post(measurements, body, content_type="application/json")
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
    listing = client.get(measurements).json()
    assert listing["count"] == 1 and listing["items"][0]["source"] == "Driver's log"
    assert client.get(f"{measurements}?offset=99999999999999999999").status_code == 422
    detail = client.get(f"/api/v1/indicators/{indicator_id}").json()
    assert detail["progress"] == 25 and detail["measurement_count"] == 1


def test_query_counts_flat_as_measurements_grow(client):
    project = team_project()
    member = member_of(project)
    indicators = [_indicator(project, member), _indicator(project, member, targets=["4.4"])]
    for indicator in indicators:
        _measure(indicator, member, 1, dt.date(2024, 1, 2))
    client.force_login(member)
    urls = [
        f"/studio/{project.pk}/",
        f"/studio/indicators/{indicators[0].pk}/",
        f"/api/v1/projects/{project.pk}/indicators",
        f"/api/v1/indicators/{indicators[0].pk}",
        f"/api/v1/indicators/{indicators[0].pk}/measurements",
    ]
    for url in urls:
        client.get(url)

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    few = counts()
    for indicator in indicators:
        for day in range(3, 15):
            _measure(indicator, member, day, dt.date(2024, 1, day))
    counts()  # the charts of the new data are drawn and kept once
    assert counts() == few
