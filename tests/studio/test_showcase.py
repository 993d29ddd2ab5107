"""The innovation showcase: published projects only, names only with consent, filters, search,
pages kept per state, and the front-door panel."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from sib.core.models import SdgGoal, Theme
from sib.studio import services
from sib.studio.plugins import front_door
from tests.studio.factories import member_of, team_project

pytestmark = pytest.mark.django_db


def test_catalogue_lists_published_projects_only_and_filters(client):
    water = team_project(published=True, title_en="Hold the Water", voivodeship="wielkopolskie")
    water.sdgs.set(SdgGoal.objects.filter(number=6))
    water.themes.set(Theme.objects.filter(key="ageing"))
    bus = team_project(published=True, title_en="A Bus for Seniors")
    hidden = team_project(title_en="Secret draft")
    page = client.get("/projects/").content.decode()
    assert "Hold the Water" in page and "A Bus for Seniors" in page and "Secret draft" not in page
    assert client.get(f"/projects/{hidden.pk}/").status_code == 404
    only = client.get("/projects/?voivodeship=wielkopolskie").content.decode()
    assert "Hold the Water" in only and "A Bus for Seniors" not in only
    assert "A Bus" not in client.get("/projects/?sdg=6").content.decode()
    assert "A Bus" not in client.get("/projects/?theme=ageing").content.decode()
    assert "Hold the" not in client.get("/projects/?q=bus").content.decode()
    assert "Hold the" not in client.get("/projects/?stage=2").content.decode()
    assert bus.pk


def test_names_only_with_consent_and_the_kept_copy_follows(client):
    project = team_project(published=True)
    member = member_of(project)
    first = client.get(f"/projects/{project.pk}/").content.decode()
    assert str(member) not in first
    services.name_consent(actor=member, project=project, public=True)
    assert str(member) in client.get(f"/projects/{project.pk}/").content.decode()
    services.project_publish(actor=member, project=project, published=False)
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_catalogue_query_count_is_flat(client, django_assert_num_queries):
    for _n in range(2):
        team_project(published=True)
    client.get("/projects/?q=x")  # warm

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get("/projects/?q=proj")
        return len(ctx.captured_queries)

    few = count()
    for _n in range(5):
        team_project(published=True)
    assert count() == few


def test_front_door_panel():
    request = RequestFactory().get("/")
    assert front_door(request) == []
    team_project(published=True, title_en="Clean Air")
    team_project()
    panels = front_door(request)
    assert len(panels) == 1 and [p.title_en for p in panels[0].context["projects"]] == ["Clean Air"]
