"""The home panel lists the manuals written for a person's roles."""

from __future__ import annotations

import pytest

from sib.knowledge import services
from sib.knowledge.models import Audience
from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory
from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_mentors_see_their_manual_on_the_home_page(client):
    coordinator = CoordinatorFactory()
    manual = DocumentFactory(audience=Audience.MENTORS, title_en="Mentor's manual")
    services.chapter_save(actor=coordinator, document=manual, key="a", title_en="A")
    DocumentFactory(audience=Audience.PUBLIC, title_en="Public guide")
    mentor = EditionStaffFactory(role="mentor").user
    client.force_login(mentor)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manuals for you" in html
    assert "Mentor&#x27;s manual" in html
    assert "Public guide" not in html
    client.force_login(UserFactory())
    assert "Manuals for you" not in client.get("/").content.decode()
