"""Projects: who reads and edits what, the stage history, opening from a challenge, the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sib.brokerage.models import Introduction, IntroductionStatus
from sib.studio import services
from sib.studio.models import StageChange
from tests.brokerage.factories import broker, challenge
from tests.factories import CoordinatorFactory, GroupFactory, UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def test_team_member_edits_and_the_other_team_gets_404(client):
    ours = team_project()
    theirs = team_project()
    me = member_of(ours)
    client.force_login(me)
    assert client.get(f"/studio/{ours.pk}/").status_code == 200
    response = client.post(
        f"/studio/{ours.pk}/edit/",
        {"title_pl": "Nowy", "title_en": "New", "voivodeship": "slaskie"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.title_en == "New" and ours.voivodeship == "slaskie"
    assert client.get(f"/studio/{theirs.pk}/").status_code == 404
    assert client.get(f"/studio/{theirs.pk}/edit/").status_code == 404


def test_mentor_reads_only_their_teams_and_may_not_edit(client):
    mentor = UserFactory()
    mine = team_project(mentor=mentor)
    other = team_project()
    client.force_login(mentor)
    assert client.get(f"/studio/{mine.pk}/").status_code == 200
    assert client.get(f"/studio/{mine.pk}/edit/").status_code == 403
    assert client.get(f"/studio/{other.pk}/").status_code == 404
    listed = client.get("/studio/").content.decode()
    assert mine.title in listed


def test_published_project_is_readable_by_anyone_but_editable_by_the_team(client):
    project = team_project(published=True)
    assert client.get(f"/studio/{project.pk}/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/studio/{project.pk}/edit/").status_code == 403


def test_coordinator_sees_all():
    coordinator = CoordinatorFactory()
    project = team_project()
    from sib.studio import selectors

    assert project in selectors.project_list(actor=coordinator)


def test_stage_changes_are_dated_with_a_reason():
    project = team_project()
    me = member_of(project)
    with pytest.raises(ValidationError):
        services.project_set_stage(actor=me, project=project, stage=2, reason=" ")
    services.project_set_stage(actor=me, project=project, stage=2, reason="Ideas chosen")
    history = list(StageChange.objects.filter(project=project).values_list("stage", "reason"))
    assert history == [(1, "Project opened"), (2, "Ideas chosen")]
    with pytest.raises(PermissionDenied):
        services.project_set_stage(actor=mentor_of(project), project=project, stage=3, reason="x")


def test_broker_with_accepted_introduction_opens_a_project_from_the_challenge(client):
    item = challenge()
    profile = broker()
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(f"/studio/from-challenge/{item.pk}/").status_code == 403
    introduction = Introduction.objects.create(
        challenge=item,
        broker=profile,
        score=0.5,
        status=IntroductionStatus.ACCEPTED,
        decided_at=timezone.now(),
    )
    client.force_login(profile.user)
    page = client.get(f"/brokerage/introductions/{introduction.pk}/").content.decode()
    assert f'action="/studio/from-challenge/{item.pk}/"' in page  # the step is on the page
    response = client.post(f"/studio/from-challenge/{item.pk}/")
    assert response.status_code == 302
    project = profile.user.led_projects.get()
    assert project.challenge == item and project.voivodeship == item.voivodeship
    assert project.title_en == item.title_en
    assert client.get(f"/studio/{project.pk}/edit/").status_code == 200
    page = client.get(f"/brokerage/introductions/{introduction.pk}/").content.decode()
    assert f'href="/studio/{project.pk}/"' in page and "/studio/from-challenge/" not in page


def test_api_lists_what_the_caller_may_read(client):
    hidden = team_project()
    shown = team_project(published=True)
    body = client.get("/api/v1/projects").json()
    assert body["count"] == 1 and body["items"][0]["id"] == shown.pk
    response = client.get(f"/api/v1/projects/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    client.force_login(member_of(hidden))
    detail = client.get(f"/api/v1/projects/{hidden.pk}").json()
    assert detail["history"][0]["stage"] == 1 and detail["team"] == hidden.team.name
    client.force_login(CoordinatorFactory())
    assert client.get("/api/v1/projects").json()["count"] == 2


def test_api_list_query_count_is_flat(client, django_assert_num_queries):
    for _n in range(2):
        team_project(published=True)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/projects").status_code == 200
    for _n in range(4):
        team_project(published=True)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/projects").json()["count"] == 6


def test_coordinator_gives_a_project_its_team_and_the_team_may_not(client):
    """A broker's project opened from a challenge joins an edition's group on the coordinator's
    edit: the group's mentors become the project's; a team member sees no such field."""
    project = team_project()
    member = member_of(project)
    group = GroupFactory()
    mentor = UserFactory()
    group.mentors.add(mentor)
    fields = {"title_pl": "Projekt", "title_en": "A project", "voivodeship": "malopolskie"}

    client.force_login(member)
    assert 'name="team"' not in client.get(f"/studio/{project.pk}/edit/").content.decode()
    with pytest.raises(PermissionDenied):
        services.project_update(actor=member, project=project, data=fields, team=group)

    client.force_login(CoordinatorFactory())
    taken = team_project().team
    response = client.post(f"/studio/{project.pk}/edit/", {**fields, "team": taken.pk})
    assert response.status_code == 200  # a team with a project is not offered
    response = client.post(f"/studio/{project.pk}/edit/", {**fields, "team": group.pk})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.team == group
    client.force_login(mentor)
    assert client.get(f"/studio/{project.pk}/").status_code == 200
