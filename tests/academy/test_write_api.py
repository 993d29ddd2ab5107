"""The write API: sessions, the attendance grid, enrolments. Permission-checked; wrong types,
unknown ids and another edition's objects answer 4xx problem+json, never 5xx."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sib.academy.models import Attendance, Enrolment, Session, StaffRole
from tests.factories import (
    AttendanceFactory,
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    EnrolmentFactory,
    GroupFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def send(client, method, url, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, **kwargs)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.fixture
def world():
    edition = EditionFactory()
    module = ModuleFactory(programme=edition.programme)
    group = GroupFactory(edition=edition)
    enrolments = EnrolmentFactory.create_batch(3, edition=edition, group=group)
    session = SessionFactory(edition=edition, module=module, duration_minutes=120)
    other = SessionFactory()  # another edition
    return {
        "edition": edition,
        "module": module,
        "group": group,
        "enrolments": enrolments,
        "session": session,
        "other": other,
    }


def session_body(world, **changes):
    body = {
        "module_id": world["module"].pk,
        "format": "workshop",
        "group_id": world["group"].pk,
        "title_pl": "Warsztat",
        "starts_at": "2024-03-09T09:30:00+01:00",
        "duration_minutes": 180,
        "room": "Sala 2",
    }
    body.update(changes)
    return body


def test_coordinators_plan_sessions_and_everyone_with_access_lists_them(client, world):
    client.force_login(CoordinatorFactory())
    url = f"/api/v1/editions/{world['edition'].pk}/sessions"
    response = send(client, "post", url, session_body(world))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["duration_minutes"] == 180 and created["group_id"] == world["group"].pk
    assert created["starts_at"].startswith("2024-03-09T")
    listed = client.get(url).json()
    assert listed["count"] == 2 and {s["id"] for s in listed["items"]} >= {created["id"]}
    naive = send(client, "post", url, session_body(world, starts_at="2024-03-10T09:30"))
    assert naive.status_code == 201
    assert Session.objects.get(pk=naive.json()["id"]).starts_at == dt.datetime(
        2024, 3, 10, 8, 30, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": "long"}, "duration_minutes"),
        ({"format": "party"}, "format"),
        ({"starts_at": "yesterday"}, "starts_at"),
        ({"starts_at": "1999-03-01T10:00:00+01:00"}, "starts_at"),  # outside the edition
        ({"module_id": 999999}, "module_id"),
        ({"group_id": 999999}, "group_id"),
        ({"leader_id": 999999}, "leader_id"),
        ({"module_id": "one"}, "module_id"),
    ],
)
def test_bad_sessions_are_422_naming_the_field(client, world, changes, field):
    client.force_login(CoordinatorFactory())
    body = problem(
        send(
            client,
            "post",
            f"/api/v1/editions/{world['edition'].pk}/sessions",
            session_body(world, **changes),
        ),
        422,
    )
    assert field in {error["field"] for error in body["errors"]}
    assert Session.objects.count() == 2


def test_another_editions_module_or_group_is_refused(client, world):
    client.force_login(CoordinatorFactory())
    other_module = ModuleFactory()
    other_group = GroupFactory()
    url = f"/api/v1/editions/{world['edition'].pk}/sessions"
    problem(send(client, "post", url, session_body(world, module_id=other_module.pk)), 422)
    problem(send(client, "post", url, session_body(world, group_id=other_group.pk)), 422)


def test_session_writes_are_refused_to_other_roles(client, world):
    url = f"/api/v1/editions/{world['edition'].pk}/sessions"
    problem(send(client, "post", url, session_body(world)), 401)
    trainer = EditionStaffFactory(edition=world["edition"], role=StaffRole.TRAINER).user
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    problem(send(client, "post", url, session_body(world)), 403)
    client.force_login(UserFactory())
    problem(client.get(url), 404)
    problem(send(client, "post", url, session_body(world)), 404)
    problem(client.get("/api/v1/editions/999999/sessions"), 404)


def test_the_attendance_grid_is_replaced_whole_and_idempotently(client, world):
    trainer = EditionStaffFactory(edition=world["edition"], role=StaffRole.TRAINER).user
    client.force_login(trainer)
    url = f"/api/v1/sessions/{world['session'].pk}/attendance"
    first, second, third = world["enrolments"]
    grid = client.get(url).json()
    assert grid["count"] == 3 and all(row["status"] is None for row in grid["items"])
    body = {
        "marks": [
            {"enrolment_id": first.pk, "status": "present"},
            {"enrolment_id": second.pk, "status": "late", "minutes_missed": 30},
            {"enrolment_id": third.pk, "status": "excused"},
        ]
    }
    once = send(client, "put", url, body)
    assert once.status_code == 200, once.content
    twice = send(client, "put", url, body)
    assert once.json() == twice.json()
    assert Attendance.objects.filter(session=world["session"]).count() == 3
    by_id = {row["enrolment_id"]: row for row in twice.json()["items"]}
    assert by_id[second.pk]["credited_minutes"] == 90
    smaller = send(client, "put", url, {"marks": body["marks"][:1]})
    assert smaller.status_code == 200
    assert Attendance.objects.filter(session=world["session"]).count() == 1


def test_a_whole_grid_is_written_in_a_fixed_number_of_queries(client, world):
    """A grid of 3 and a grid of 40 cost the same statements; an unchanged mark keeps who
    recorded it and when."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(CoordinatorFactory())
    people = world["enrolments"]
    more = people + EnrolmentFactory.create_batch(37, edition=world["edition"])
    counts = []
    for grid in (people, more):
        session = SessionFactory(edition=world["edition"], module=world["module"])
        url = f"/api/v1/sessions/{session.pk}/attendance"
        for status in ("present", "absent"):  # first inserts, then updates every row
            body = {"marks": [{"enrolment_id": e.pk, "status": status} for e in grid]}
            with CaptureQueriesContext(connection) as context:
                assert send(client, "put", url, body).status_code == 200
            counts.append(len(context))
    assert counts[0] == counts[2] and counts[1] == counts[3]
    stamp = Attendance.objects.get(session=session, enrolment=people[0]).recorded_at
    send(client, "put", url, body)
    again = Attendance.objects.get(session=session, enrolment=people[0]).recorded_at
    assert again == stamp


@pytest.mark.parametrize(
    "marks",
    [
        [{"enrolment_id": "x", "status": "present"}],
        [{"enrolment_id": 1, "status": "asleep"}],
        [{"status": "present"}],
        [{"enrolment_id": 1, "status": "late", "minutes_missed": -5}],
        "not a list",
    ],
)
def test_wrong_types_in_the_grid_are_422(client, world, marks):
    client.force_login(CoordinatorFactory())
    url = f"/api/v1/sessions/{world['session'].pk}/attendance"
    problem(send(client, "put", url, {"marks": marks}), 422)


def test_grid_rule_violations_name_the_mark_and_save_nothing(client, world):
    client.force_login(CoordinatorFactory())
    url = f"/api/v1/sessions/{world['session'].pk}/attendance"
    first, second, _third = world["enrolments"]
    outsider = EnrolmentFactory()  # another edition's participant
    body = problem(
        send(
            client,
            "put",
            url,
            {
                "marks": [
                    {"enrolment_id": first.pk, "status": "present"},
                    {"enrolment_id": second.pk, "status": "late", "minutes_missed": 500},
                    {"enrolment_id": outsider.pk, "status": "present"},
                ]
            },
        ),
        422,
    )
    fields = {error["field"] for error in body["errors"]}
    assert f"marks.{second.pk}.minutes_missed" in fields
    assert any(str(outsider.pk) in field for field in fields)
    assert not Attendance.objects.exists()
    duplicate = {"marks": [{"enrolment_id": first.pk, "status": "present"}] * 2}
    problem(send(client, "put", url, duplicate), 422)


def test_another_editions_session_and_unknown_ids_are_404(client, world):
    trainer = EditionStaffFactory(edition=world["edition"], role=StaffRole.TRAINER).user
    client.force_login(trainer)
    problem(client.get(f"/api/v1/sessions/{world['other'].pk}/attendance"), 404)
    problem(
        send(client, "put", f"/api/v1/sessions/{world['other'].pk}/attendance", {"marks": []}), 404
    )
    problem(client.get("/api/v1/sessions/999999/attendance"), 404)
    problem(client.get("/api/v1/editions/999999/enrolments"), 404)


def test_a_participant_may_not_take_attendance(client, world):
    client.force_login(world["enrolments"][0].user)
    problem(client.get(f"/api/v1/sessions/{world['session'].pk}/attendance"), 403)


def test_enrolments_list_and_create(client, world):
    client.force_login(CoordinatorFactory())
    url = f"/api/v1/editions/{world['edition'].pk}/enrolments"
    assert client.get(url).json()["count"] == 3
    created = send(
        client,
        "post",
        url,
        {
            "email": "New@Example.org",
            "full_name": "Nowa Osoba",
            "language_track": "en",
            "group_id": world["group"].pk,
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["email"] == "new@example.org"
    again = problem(send(client, "post", url, {"email": "new@example.org"}), 422)
    assert again["errors"]
    problem(send(client, "post", url, {"email": "not-an-address", "full_name": "X"}), 422)
    problem(send(client, "post", url, {"email": "nobody@example.org"}), 422)
    problem(
        send(
            client,
            "post",
            url,
            {"email": "a@example.org", "full_name": "A", "group_id": GroupFactory().pk},
        ),
        422,
    )
    assert Enrolment.objects.filter(edition=world["edition"]).count() == 4


def test_enrolments_are_refused_to_other_roles(client, world):
    url = f"/api/v1/editions/{world['edition'].pk}/enrolments"
    client.force_login(world["enrolments"][0].user)
    problem(client.get(url), 403)
    problem(send(client, "post", url, {"email": "x@example.org", "full_name": "X"}), 403)
    client.force_login(UserFactory())
    problem(client.get(url), 404)


def test_list_endpoints_keep_their_query_count(client, world, django_assert_num_queries):
    client.force_login(CoordinatorFactory())
    urls = [
        f"/api/v1/editions/{world['edition'].pk}/sessions",
        f"/api/v1/editions/{world['edition'].pk}/enrolments",
        f"/api/v1/sessions/{world['session'].pk}/attendance",
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        counts.append(len(context))
    for enrolment in EnrolmentFactory.create_batch(
        22, edition=world["edition"], group=world["group"]
    ):
        AttendanceFactory(session=world["session"], enrolment=enrolment)  # credited minutes too
    SessionFactory.create_batch(24, edition=world["edition"], module=world["module"])
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "module_id",
        "format",
        "group_id",
        "starts_at",
        "duration_minutes",
        "leader_id",
        "room",
        "online_url",
        "title_pl",
        "marks",
        "enrolment_id",
        "status",
        "minutes_missed",
        "email",
        "full_name",
        "language_track",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from(["sessions", "attendance", "enrolments"]),
    body=st.dictionaries(field_names, json_values, max_size=8) | json_values,
    path_id=st.integers(-5, 2**40) | st.just(0),
)
def test_fuzzed_writes_never_answer_5xx(client, world, target, body, path_id):
    client.force_login(
        CoordinatorFactory.build(pk=None)
        if False
        else world.setdefault("coordinator", CoordinatorFactory())
    )
    ids = {
        "sessions": world["edition"].pk,
        "attendance": world["session"].pk,
        "enrolments": world["edition"].pk,
    }
    for identifier in (ids[target], path_id):
        if target == "attendance":
            response = send(client, "put", f"/api/v1/sessions/{identifier}/attendance", body)
        else:
            response = send(client, "post", f"/api/v1/editions/{identifier}/{target}", body)
        assert response.status_code < 500, response.content
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
