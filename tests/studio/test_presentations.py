"""Decision 0402: a presentation links to the studio project of its team, and both pages link."""

from __future__ import annotations

import pytest

from sib.events import services as event_services
from tests.events.factories import EventFactory
from tests.factories import CoordinatorFactory
from tests.studio.factories import member_of, team_project

pytestmark = pytest.mark.django_db


def test_presentation_takes_the_teams_project_and_pages_link_both_ways(client):
    project = team_project(published=True, title_en="Clean Air")
    event = EventFactory(status="published")
    coordinator = CoordinatorFactory()
    presentation = event_services.presentation_save(
        actor=coordinator,
        event=event,
        project_title_pl="Czyste Powietrze",
        project_title_en="Clean Air",
        team=project.team,
    )
    assert presentation.project == project
    assert f"/projects/{project.pk}/" in client.get(f"/events/{event.pk}/").content.decode()
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Presented at" in page and f"/events/{event.pk}/" in page
    client.force_login(member_of(project))
    page = client.get(f"/studio/{project.pk}/").content.decode()
    assert f"/events/{event.pk}/" in page
    # The section is on the page once, and never inside the page's <title>.
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<section" not in title and page.count("Presented at") == 1
