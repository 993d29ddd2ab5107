"""Canvas templates as data: the nine tools on a fresh install, added and revised without code."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sib.studio import selectors, services
from sib.studio.models import CanvasTemplate
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

NINE = {
    "challenge-card",
    "persona",
    "journey-map",
    "service-blueprint",
    "stakeholder-map",
    "social-business-model",
    "theory-of-change",
    "prototype-test-log",
    "implementation-plan",
}


def test_the_nine_tools_ship_in_both_languages():
    templates = selectors.current_templates()
    assert {t.key for t in templates} == NINE
    for template in templates:
        assert template.version == 1 and template.title_pl and template.title_en
        for block in template.blocks.all():
            assert block.label_pl and block.label_en
            if block.kind == "grid":
                assert all(len(lane) == 3 for lane in block.config["lanes"])
    journey = next(t for t in templates if t.key == "journey-map")
    grid = journey.blocks.get(key="journey")
    assert [lane[0] for lane in grid.config["lanes"]][:2] == ["actions", "touchpoints"]


def _blocks() -> list[dict]:
    return [
        {"key": "feel", "kind": "list", "label_pl": "Czuje", "label_en": "Feels"},
        {
            "key": "score",
            "kind": "scale",
            "label_pl": "Ocena",
            "label_en": "Score",
            "config": {"min": 1, "max": 5},
        },
    ]


def test_coordinator_adds_and_revises_a_template_and_old_versions_stay():
    coordinator = CoordinatorFactory()
    first = services.template_create(
        actor=coordinator,
        key="empathy-map",
        data={"title_pl": "Mapa empatii", "title_en": "Empathy map"},
        blocks=_blocks(),
    )
    revised = services.template_revise(
        actor=coordinator,
        template=first,
        data={"title_pl": "Mapa empatii", "title_en": "Empathy map", "change_note": "says"},
        blocks=[
            *_blocks(),
            {"key": "says", "kind": "text", "label_pl": "Mówi", "label_en": "Says"},
        ],
    )
    assert revised.version == 2 and revised.blocks.count() == 3
    assert CanvasTemplate.objects.get(pk=first.pk).blocks.count() == 2
    current = {t.key: t.version for t in selectors.current_templates()}
    assert current["empathy-map"] == 2
    with pytest.raises(PermissionDenied):
        services.template_revise(actor=UserFactory(), template=first, data={}, blocks=_blocks())
    with pytest.raises(ValidationError):
        services.template_revise(
            actor=coordinator,
            template=first,
            data={"title_en": "x"},
            blocks=[{"key": "g", "kind": "grid", "label_pl": "S", "label_en": "G"}],
        )


def test_template_pages(client):
    persona = CanvasTemplate.objects.get(key="persona")
    client.force_login(UserFactory())
    assert client.get("/studio/templates/").status_code == 200
    assert client.get(f"/studio/templates/{persona.pk}/").status_code == 200
    assert client.get(f"/studio/templates/{persona.pk}/revise/").status_code == 403
    client.force_login(CoordinatorFactory())
    page = client.get(f"/studio/templates/{persona.pk}/revise/")
    assert page.status_code == 200
    data = {
        "title_pl": "Persona",
        "title_en": "Persona",
        "change_note": "One more block",
        "blocks-TOTAL_FORMS": "2",
        "blocks-INITIAL_FORMS": "0",
        "blocks-0-key": "name",
        "blocks-0-kind": "text",
        "blocks-0-label_pl": "Imię",
        "blocks-0-label_en": "Name",
        "blocks-1-key": "journey",
        "blocks-1-kind": "grid",
        "blocks-1-label_pl": "Dzień",
        "blocks-1-label_en": "Day",
        "blocks-1-lanes": "morning | Rano | Morning\nevening | Wieczór | Evening",
    }
    response = client.post(f"/studio/templates/{persona.pk}/revise/", data)
    assert response.status_code == 302
    revised = CanvasTemplate.objects.get(key="persona", version=2)
    assert revised.blocks.get(key="journey").config["lanes"][1] == ["evening", "Wieczór", "Evening"]


def test_current_tools_in_one_query_and_the_form_lists_them_without_another(
    django_assert_num_queries,
):  # noqa: ANN001
    """Issue 16: the latest version of each tool in one query; the project page's new-canvas
    form renders the same choices from them as the form that reads them again."""
    from sib.studio.forms import NewCanvasForm

    services.template_create(
        actor=CoordinatorFactory(),
        key="empathy-map",
        data={"title_pl": "Mapa empatii", "title_en": "Empathy map"},
        blocks=_blocks(),
    )
    first = CanvasTemplate.objects.get(key="empathy-map")
    services.template_revise(
        actor=CoordinatorFactory(),
        template=first,
        data={"title_pl": "Mapa empatii", "title_en": "Empathy map", "change_note": "v2"},
        blocks=_blocks(),
    )
    with django_assert_num_queries(1):
        templates = selectors.current_templates(blocks=False)
    assert {(t.key, t.version) for t in templates} == {(key, 1) for key in NINE} | {
        ("empathy-map", 2)
    }
    queried = str(NewCanvasForm(templates=templates)["template"])
    with django_assert_num_queries(0):
        listed = str(NewCanvasForm(templates=templates, listed=True)["template"])
    assert listed == queried and f'value="{first.pk}"' not in listed
