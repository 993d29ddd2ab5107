"""Mentoring: notes and actions on the team group's mentoring sessions; the hours stay as the
academy counts them; the mentor's overview flags overdue actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sib.academy.models import Format
from sib.studio import selectors, services
from tests.factories import AttendanceFactory, SessionFactory, UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _mentoring_session(project):
    return SessionFactory(
        edition=project.team.edition,
        group=project.team,
        format=Format.MENTORING,
        duration_minutes=90,
    )


def test_notes_and_actions_on_a_mentoring_session_leave_attendance_alone(client):
    project = team_project()
    session = _mentoring_session(project)
    enrolment = project.team.enrolments.first()
    AttendanceFactory(session=session, enrolment=enrolment)
    mentor = mentor_of(project)
    client.force_login(mentor)
    response = client.post(
        f"/studio/{project.pk}/mentoring/{session.pk}/",
        {
            "notes": "Talked about the persona",
            "next_meeting": "2024-05-02T10:00",
            "action": "Interview three seniors",
            "owner": str(member_of(project).pk),
            "due_on": "2024-04-30",
        },
    )
    assert response.status_code == 302
    log = selectors.mentoring_log(project)
    assert log[0]["note"].notes == "Talked about the persona"
    action = log[0]["note"].actions.get()
    assert action.owner == member_of(project) and action.due_on == dt.date(2024, 4, 30)
    assert session.attendances.count() == 1 and session.duration_minutes == 90
    page = client.get(f"/studio/{project.pk}/mentoring/")
    assert b"Interview three seniors" in page.content
    overview = client.get("/studio/mentoring/")
    assert b"1 overdue" in overview.content
    client.post(f"/studio/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_on is not None
    assert selectors.mentor_overview(actor=mentor)[0]["overdue"] == []


def test_only_the_teams_mentoring_sessions_take_notes():
    project = team_project()
    other = team_project()
    with pytest.raises(ValidationError):
        services.mentoring_note_save(
            actor=mentor_of(project), project=project, session=_mentoring_session(other), notes="x"
        )


def test_mentor_overview_lists_only_their_teams(client):
    mentor = UserFactory()
    mine = team_project(mentor=mentor)
    team_project()
    assert [row["project"] for row in selectors.mentor_overview(actor=mentor)] == [mine]
    client.force_login(UserFactory())
    assert client.get(f"/studio/{mine.pk}/mentoring/").status_code == 404
