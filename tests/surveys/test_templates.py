"""Coordinators build survey templates and their questions in the platform's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sib.academy.models import StaffRole
from sib.core.models import AuditEntry
from sib.surveys.models import Instrument
from tests.factories import CoordinatorFactory, EditionStaffFactory
from tests.surveys.factories import InstrumentFactory, ItemFactory

pytestmark = pytest.mark.django_db


def _template() -> Instrument:
    return InstrumentFactory(
        is_template=True, edition=None, opens_at=None, closes_at=None, sent_at=None
    )


def test_only_coordinators_edit_templates(client) -> None:  # noqa: ANN001
    template = _template()
    item = ItemFactory(instrument=template)
    survey = InstrumentFactory()
    urls = [
        reverse("surveys:template-create"),
        reverse("surveys:template-edit", args=[template.pk]),
        reverse("surveys:question-create", args=[template.pk]),
        reverse("surveys:question-edit", args=[item.pk]),
    ]
    client.force_login(EditionStaffFactory(role=StaffRole.TRAINER).user)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(CoordinatorFactory())
    for url in urls:
        assert client.get(url).status_code == 200, url
    # A survey that is not a template is not edited here.
    assert client.get(reverse("surveys:template-edit", args=[survey.pk])).status_code == 404


def test_coordinator_builds_a_template_with_questions(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:template-create"),
        {
            "kind": "evaluation",
            "code": "my-template",
            "title_pl": "Ocena warsztatu",
            "title_en": "Workshop evaluation",
            "description_pl": "",
            "description_en": "",
            "anonymous": "on",
        },
    )
    template = Instrument.objects.get(code="my-template")
    assert template.is_template and template.edition_id is None
    assert response["Location"] == reverse("surveys:instrument-detail", args=[template.pk])
    url = reverse("surveys:question-create", args=[template.pk])
    question = {
        "code": "Q1",
        "kind": "single",
        "text_pl": "Skąd wiesz o warsztacie?",
        "text_en": "How did you hear about it?",
        "help_text_pl": "",
        "help_text_en": "",
        "scale": "",
        "required": "on",
        "options": "Internet | Internet\n",
    }
    response = client.post(url, question)
    assert response.status_code == 200
    assert "at least two options" in str(response.context["form"].errors["options"])
    question["options"] = "Internet | Internet\nZnajomi | Friends"
    assert client.post(url, question).status_code == 302
    item = template.items.get()
    assert [o.label_en for o in item.options.all()] == ["Internet", "Friends"]
    response = client.post(url, question)
    assert "Another question of this survey has this code." in str(
        response.context["form"].errors["code"]
    )
    response = client.post(
        reverse("surveys:question-edit", args=[item.pk]),
        {**question, "text_pl": "Skąd się dowiedziałeś?", "required": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_pl == "Skąd się dowiedziałeś?" and not item.required and item.kind == "single"
    assert AuditEntry.objects.filter(action="survey.item_update", actor=coordinator).exists()
    page = client.get(reverse("surveys:instrument-detail", args=[template.pk])).content.decode()
    assert reverse("surveys:question-edit", args=[item.pk]) in page
