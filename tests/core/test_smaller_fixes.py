"""Smaller things a newcomer tripped over (issue 12, item 12): the favicon, empty headings over
empty lists, and the waiting list's wording."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.academy.models import LearningOutcome
from tests.events.factories import RegistrationFactory
from tests.factories import ModuleFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_the_sites_icon(client) -> None:  # noqa: ANN001
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert "max-age" in response["Cache-Control"]


def test_a_programme_without_outcomes_has_no_outcomes_heading(client) -> None:  # noqa: ANN001
    programme = ProgrammeFactory()
    ModuleFactory(programme=programme, description_pl="", description_en="")
    url = reverse("academy:programme-detail", args=[programme.pk])
    client.cookies["django_language"] = "en"
    assert "Learning outcomes" not in client.get(url).content.decode()
    module = ModuleFactory(programme=programme)
    LearningOutcome.objects.create(module=module, position=1, text_pl="Umie", text_en="Can do")
    assert "Learning outcomes" in client.get(url).content.decode()


def test_the_waiting_list_is_never_told_it_frees_its_seat(client) -> None:  # noqa: ANN001
    waiting = RegistrationFactory(status="waitlisted", confirmed_at=None)
    page = client.get(reverse("events:ticket", args=[waiting.token])).content.decode()
    assert "your seat" not in page
    assert "you leave the waiting list" in page
    seated = RegistrationFactory()
    page = client.get(reverse("events:ticket", args=[seated.token])).content.decode()
    assert "your seat goes at once to the first person on the waiting list" in page
