"""The studio's part of a person's data: exported in full, erased without changing counts."""

from __future__ import annotations

import json

import pytest

from sib.brokerage.privacy import REMOVED
from sib.studio import services
from sib.studio.models import CanvasComment, CanvasTemplate, ProjectMember
from sib.studio.privacy import erase, export
from tests.factories import UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _canvas(project):  # noqa: ANN001, ANN202
    template = CanvasTemplate.objects.get(key="journey-map", version=1)
    canvas = services.canvas_create(actor=member_of(project), project=project, template=template)
    services.canvas_save(
        actor=member_of(project),
        canvas=canvas,
        content={"persona": "Anna, 72"},
        based_on=canvas.version,
    )
    return canvas


def test_export_holds_memberships_versions_and_comments() -> None:
    project = team_project()
    canvas = _canvas(project)
    mentor = mentor_of(project)
    services.canvas_comment(actor=mentor, canvas=canvas, block_key="persona", text="Who is Anna?")
    guest = UserFactory()
    ProjectMember.objects.create(project=project, user=guest, name_public=True)

    mentor_data = export(person=mentor)
    member_data = export(person=member_of(project))
    guest_data = export(person=guest)

    json.dumps([mentor_data, member_data, guest_data])  # JSON-ready
    assert [c["text"] for c in mentor_data["canvas_comments"]] == ["Who is Anna?"]
    saved = [v["number"] for v in member_data["canvas_versions_saved"]]
    assert saved and saved[-1] == canvas.versions.count()
    assert guest_data["project_memberships"][0]["name_public"] is True
    assert guest_data["canvas_comments"] == []


def test_erase_blanks_comments_and_the_name_consent_and_keeps_the_counts() -> None:
    project = team_project()
    canvas = _canvas(project)
    mentor = mentor_of(project)
    comment = services.canvas_comment(
        actor=mentor, canvas=canvas, block_key="persona", text="Who is Anna?"
    )
    guest = UserFactory()
    membership = ProjectMember.objects.create(project=project, user=guest, name_public=True)

    erase(person=mentor)
    erase(person=guest)

    comment.refresh_from_db()
    assert comment.text == REMOVED
    assert CanvasComment.objects.filter(canvas=canvas).count() == 1
    membership.refresh_from_db()
    assert membership.name_public is False
    assert canvas.versions.count() == 2  # the team's work stays
    assert "Who is Anna?" not in json.dumps(export(person=mentor))
