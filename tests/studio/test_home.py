"""Navigation and home panels for team members, mentors and coordinators."""

from __future__ import annotations

import pytest

from tests.factories import CoordinatorFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def test_home_panels_and_navigation(client):
    project = team_project(title_en="Clean Air")
    client.force_login(member_of(project))
    page = client.get("/").content.decode()
    assert "Your projects" in page and "Clean Air" in page and "/projects/" in page
    client.force_login(mentor_of(project))
    page = client.get("/").content.decode()
    assert "Teams you mentor" in page and "/studio/mentoring/" in page
    client.force_login(CoordinatorFactory())
    page = client.get("/").content.decode()
    assert "Innovation projects by stage" in page and "/studio/templates/" in page
    client.logout()
    assert "/projects/" in client.get("/").content.decode()
