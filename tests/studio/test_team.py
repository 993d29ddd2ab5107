"""The team page: the team adds and removes people and sets roles; each person decides whether
their name is shown; the showcase shows only consented names; other people get 403/404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.studio.models import ProjectMember
from tests.factories import CoordinatorFactory, UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def test_a_member_adds_a_person_with_a_role_and_removes_them(client):
    project = team_project()
    newcomer = UserFactory(email="ola@example.org")
    client.force_login(member_of(project))
    response = client.post(
        reverse("studio:team-add", args=[project.pk]),
        {"email": "OLA@example.org", "role": "research"},
    )
    assert response.status_code == 302
    assert ProjectMember.objects.get(project=project, user=newcomer).role == "research"
    page = client.get(reverse("studio:team", args=[project.pk])).content.decode()
    assert str(newcomer) in page and 'value="research"' in page
    client.post(
        reverse("studio:team-role", args=[project.pk, newcomer.pk]),
        {f"m{newcomer.pk}-role": "prototype"},
    )
    assert ProjectMember.objects.get(project=project, user=newcomer).role == "prototype"
    client.post(reverse("studio:team-remove", args=[project.pk, newcomer.pk]))
    assert not ProjectMember.objects.filter(project=project, user=newcomer).exists()


def test_unknown_addresses_and_group_participants_get_a_clear_message(client):
    project = team_project()
    participant = member_of(project)
    client.force_login(participant)
    for language, words in (("en", "ask them to sign up first"), ("pl", "poproś")):
        response = client.post(
            reverse("studio:team-add", args=[project.pk]),
            {"email": "nobody@example.org", "role": "x"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert words in html and 'value="nobody@example.org"' in html
    response = client.post(
        reverse("studio:team-add", args=[project.pk]),
        {"email": participant.email},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already on the team" in response.content.decode()
    # A participant of the group is not removed here; a role is fine.
    other = project.team.enrolments.exclude(user=participant).first().user
    response = client.post(
        reverse("studio:team-remove", args=[project.pk, other.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "through the edition" in response.content.decode()
    client.post(
        reverse("studio:team-role", args=[project.pk, other.pk]), {f"m{other.pk}-role": "design"}
    )
    assert ProjectMember.objects.get(project=project, user=other).role == "design"


def test_the_showcase_shows_only_the_names_of_those_who_agreed(client):
    project = team_project(published=True)
    shy, proud = [e.user for e in project.team.enrolments.select_related("user")]
    proud.full_name = "Zofia Nowak"
    proud.save()
    shy.full_name = "Jan Kowal"
    shy.save()
    client.force_login(proud)
    response = client.post(
        reverse("studio:name-consent", args=[project.pk]), {"public": "1", "back": "team"}
    )
    assert response.url == reverse("studio:team", args=[project.pk])
    client.force_login(CoordinatorFactory())
    client.post(reverse("studio:team-role", args=[project.pk, shy.pk]), {f"m{shy.pk}-role": "x"})
    client.logout()
    html = client.get(reverse("showcase:project", args=[project.pk])).content.decode()
    assert "Zofia Nowak" in html and "Jan Kowal" not in html
    # The team page says who agreed; no one sets another person's consent.
    client.force_login(shy)
    page = client.get(reverse("studio:team", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.content.decode().count(">shown<") == 1


def test_others_get_404_or_403_and_mentors_only_read(client):
    project = team_project()
    someone = UserFactory(email="x@example.org")
    client.force_login(member_of(team_project()))
    assert client.get(reverse("studio:team", args=[project.pk])).status_code == 404
    assert (
        client.post(
            reverse("studio:team-add", args=[project.pk]), {"email": someone.email}
        ).status_code
        == 404
    )
    client.force_login(mentor_of(project))
    assert client.get(reverse("studio:team", args=[project.pk])).status_code == 200
    assert (
        client.post(
            reverse("studio:team-add", args=[project.pk]), {"email": someone.email}
        ).status_code
        == 403
    )
    published = team_project(published=True)
    client.force_login(UserFactory())
    assert client.get(reverse("studio:team", args=[published.pk])).status_code == 403
    assert not ProjectMember.objects.filter(user=someone).exists()
