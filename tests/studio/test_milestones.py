"""Milestones: the team and the lead broker plan them, mentors read them, another team sees
nothing; overdue ones are marked; bad input re-displays with a message in the person's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sib.studio import selectors, services
from tests.factories import UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _milestone(project, actor, **data):
    fields = {"title_pl": "Pilotaż", "title_en": "Pilot", "due_on": dt.date(2024, 3, 1)}
    fields.update(data)
    return services.milestone_save(actor=actor, project=project, data=fields)


def test_team_adds_edits_and_marks_milestones_done_overdue_shown(client):
    project = team_project()
    member = member_of(project)
    client.force_login(member)
    response = client.post(
        f"/studio/{project.pk}/milestones/new/",
        {"title_pl": "Prototyp", "title_en": "Prototype", "due_on": "2024-02-01"},
    )
    assert response.status_code == 302
    milestone = project.milestones.get()
    assert milestone.title_en == "Prototype" and milestone.created_by == member
    future = timezone.localdate() + dt.timedelta(days=30)
    _milestone(project, member, title_en="Launch", due_on=future)
    rows = selectors.milestones(project)
    assert [(r["milestone"].title_en, r["overdue"]) for r in rows] == [
        ("Prototype", True),
        ("Launch", False),
    ]
    page = client.get(f"/studio/{project.pk}/").content.decode()
    assert "Prototype" in page and page.count(">overdue<") == 1
    client.post(f"/studio/milestones/{milestone.pk}/done/")
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    assert ">overdue<" not in client.get(f"/studio/{project.pk}/").content.decode()
    response = client.post(
        f"/studio/milestones/{milestone.pk}/",
        {"title_pl": "Prototyp 2", "title_en": "Prototype 2", "due_on": "2024-02-03"},
    )
    milestone.refresh_from_db()
    assert response.status_code == 302 and milestone.title_en == "Prototype 2"
    assert milestone.done_on is None  # the form said it is not done


def test_lead_broker_plans_mentor_reads_other_team_gets_nothing(client):
    project = team_project()
    broker = UserFactory()
    project.lead_broker = broker
    project.save()
    milestone = _milestone(project, broker)
    with pytest.raises(PermissionDenied):
        _milestone(project, mentor_of(project))
    client.force_login(mentor_of(project))
    assert b"Pilot" in client.get(f"/studio/{project.pk}/").content
    assert client.get(f"/studio/milestones/{milestone.pk}/").status_code == 403
    assert client.post(f"/studio/milestones/{milestone.pk}/done/").status_code == 403
    other = team_project(mentor=UserFactory())
    client.force_login(mentor_of(other))
    assert client.get(f"/studio/{project.pk}/").status_code == 404
    assert client.get(f"/studio/milestones/{milestone.pk}/").status_code == 404
    client.force_login(member_of(other))
    assert client.get(f"/studio/milestones/{milestone.pk}/").status_code == 404
    assert client.get(f"/studio/{project.pk}/milestones/new/").status_code == 404
    assert client.post(f"/studio/milestones/{milestone.pk}/done/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.milestone_save(
            actor=member_of(other), project=other, data={"title_en": "y"}, milestone=milestone
        )
    milestone.refresh_from_db()
    assert milestone.title_en == "Pilot"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Give the milestone a title in at least one language."),
        ("pl", "Nadaj kamieniowi milowemu tytuł w co najmniej jednym języku."),
    ],
)
def test_bad_milestone_is_redisplayed_with_a_translated_message(client, language, message):
    project = team_project()
    client.force_login(member_of(project))
    response = client.post(
        f"/studio/{project.pk}/milestones/new/",
        {"description_en": "Typed text stays", "due_on": "2024-02-01"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "Typed text stays" in page
    assert not project.milestones.exists()


def test_done_date_cannot_be_in_the_future():
    project = team_project()
    with pytest.raises(ValidationError) as error:
        _milestone(project, member_of(project), done_on=timezone.localdate() + dt.timedelta(days=1))
    assert "done_on" in error.value.message_dict


def test_project_page_query_count_flat_as_milestones_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = team_project()
    member = member_of(project)
    _milestone(project, member)
    client.force_login(member)
    client.get(f"/studio/{project.pk}/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/studio/{project.pk}/")
        return len(ctx.captured_queries)

    few = count()
    for day in range(1, 6):
        _milestone(project, member, due_on=dt.date(2024, 4, day))
    assert count() == few
