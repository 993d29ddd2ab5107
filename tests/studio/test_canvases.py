"""Canvases: versions, conflicts (two writers, one stale: 409, nothing lost), comments, the JSON
round trip, permissions and flat query counts."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sib.studio import services
from sib.studio.models import CanvasTemplate, CanvasVersion
from tests.factories import UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db


def _journey(project, actor=None):
    template = CanvasTemplate.objects.get(key="journey-map", version=1)
    return services.canvas_create(
        actor=actor or member_of(project), project=project, template=template
    )


JOURNEY = {
    "persona": "Anna, 72",
    "scenario": "Getting to the clinic",
    "journey": {
        "columns": ["Plan", "Travel"],
        "cells": {"actions": ["Calls the bus line", "Waits"], "emotions": ["3", "1"]},
    },
}


def _put(client, canvas_id, version, content):
    return client.put(
        f"/api/v1/canvases/{canvas_id}",
        data=json.dumps({"version": version, "content": content}),
        content_type="application/json",
    )


def test_two_writers_one_stale_gets_409_and_nothing_is_lost(client):
    project = team_project()
    canvas = _journey(project)
    alice = member_of(project)
    bob = project.team.enrolments.select_related("user").last().user
    client.force_login(alice)
    opened = client.get(f"/api/v1/canvases/{canvas.pk}").json()
    assert opened["version"] == 1
    first = _put(client, canvas.pk, 1, JOURNEY)
    assert first.status_code == 200 and first.json()["version"] == 2
    client.force_login(bob)
    theirs = {**JOURNEY, "persona": "Jan, 80"}
    stale = _put(client, canvas.pk, 1, theirs)
    assert stale.status_code == 409
    assert stale["Content-Type"].startswith("application/problem+json")
    body = stale.json()
    assert body["latest"]["version"] == 2 and body["latest"]["content"]["persona"] == "Anna, 72"
    assert body["yours"]["content"]["persona"] == "Jan, 80"
    assert str(alice) in body["detail"]
    # nothing was written by the stale save; Alice's content is the latest
    assert CanvasVersion.objects.filter(canvas=canvas).count() == 2
    # Bob merges on top of the latest version: accepted
    merged = _put(client, canvas.pk, 2, {**JOURNEY, "persona": "Anna, 72 (and Jan, 80)"})
    assert merged.status_code == 200 and merged.json()["version"] == 3
    again = _put(client, canvas.pk, 3, merged.json()["content"])
    assert again.json()["version"] == 4  # even an unchanged save is a version


def test_content_is_checked_against_the_template(client):
    project = team_project()
    canvas = _journey(project)
    client.force_login(member_of(project))
    response = _put(client, canvas.pk, 1, {"nonsense": "x"})
    assert response.status_code == 422 or response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    saved = _put(client, canvas.pk, 1, JOURNEY).json()["content"]
    assert saved["journey"]["cells"]["touchpoints"] == ["", ""]
    assert saved["journey"]["cells"]["actions"] == ["Calls the bus line", "Waits"]


def test_who_may_read_and_save(client):
    project = team_project()
    canvas = _journey(project)
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/canvases/{canvas.pk}").status_code == 404
    assert _put(client, canvas.pk, 1, JOURNEY).status_code == 404
    client.force_login(mentor_of(project))
    assert _put(client, canvas.pk, 1, JOURNEY).status_code == 200
    published = team_project(published=True)
    other = _journey(published)
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/canvases/{other.pk}").status_code == 200
    assert _put(client, other.pk, 1, JOURNEY).status_code == 403


def test_mentor_comments_on_a_block_members_do_not():
    project = team_project()
    canvas = _journey(project)
    comment = services.canvas_comment(
        actor=mentor_of(project), canvas=canvas, block_key="persona", text="Who else?"
    )
    assert comment.version == 1 and comment.block_key == "persona"
    with pytest.raises(PermissionDenied):
        services.canvas_comment(
            actor=member_of(project), canvas=canvas, block_key="persona", text="x"
        )
    with pytest.raises(ValidationError):
        services.canvas_comment(actor=mentor_of(project), canvas=canvas, block_key="nope", text="x")


def test_json_export_imports_back_to_the_same_content():
    project = team_project()
    canvas = _journey(project)
    member = member_of(project)
    services.canvas_save(actor=member, canvas=canvas, content=JOURNEY, based_on=1)
    canvas.refresh_from_db()
    exported = json.loads(json.dumps(services.canvas_export(canvas)))
    copy = services.canvas_import(actor=member, project=project, data=exported)
    assert copy.content == canvas.content and copy.template_id == canvas.template_id
    assert services.canvas_export(copy)["content"] == exported["content"]
    with pytest.raises(ValidationError):
        services.canvas_import(actor=member, project=project, data={"format": "other"})


def test_reading_a_canvas_costs_the_same_however_many_versions(client, django_assert_num_queries):
    project = team_project()
    canvas = _journey(project)
    member = member_of(project)
    client.force_login(member)
    client.get(f"/api/v1/canvases/{canvas.pk}")  # the session is warm

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/canvases/{canvas.pk}").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for number in range(1, 21):
        services.canvas_save(actor=member, canvas=canvas, content=JOURNEY, based_on=number)
    assert count() == few


def test_the_editor_saves_each_block_kind_and_answers_a_stale_save_with_both(client):
    project = team_project()
    template = CanvasTemplate.objects.get(key="prototype-test-log", version=1)
    member = member_of(project)
    client.force_login(member)
    response = client.post(f"/studio/{project.pk}/canvases/new/", {"template": template.pk})
    canvas = project.canvases.get()
    assert response.status_code == 302
    page = client.get(f"/studio/canvases/{canvas.pk}/")
    assert page.status_code == 200 and b'name="b-hypothesis"' in page.content
    saved = client.post(
        f"/studio/canvases/{canvas.pk}/save/",
        {
            "version": "1",
            "b-hypothesis": "Seniors ride if booked by phone",
            "b-learned": "a\n\nb",
            "b-confidence": "4",
        },
        HTTP_HX_REQUEST="true",
    )
    assert b"version 2" in saved.content
    canvas.refresh_from_db()
    assert canvas.content["learned"] == ["a", "b"] and canvas.content["confidence"] == 4
    stale = client.post(
        f"/studio/canvases/{canvas.pk}/save/", {"version": "1", "b-hypothesis": "Mine"}
    )
    assert stale.status_code == 409
    assert b"Mine" in stale.content and b"Seniors ride if booked by phone" in stale.content
    journey = services.canvas_create(
        actor=member, project=project, template=CanvasTemplate.objects.get(key="journey-map")
    )
    client.post(
        f"/studio/canvases/{journey.pk}/save/",
        {
            "version": "1",
            "b-journey-count": "1",
            "b-journey-col-0": "Plan",
            "b-journey-actions-0": "Calls",
        },
    )
    journey.refresh_from_db()
    assert journey.content["journey"]["columns"] == ["Plan"]
    assert journey.content["journey"]["cells"]["actions"] == ["Calls"]
    assert client.get(f"/studio/canvases/{journey.pk}/").status_code == 200
    compare = client.get(f"/studio/canvases/{canvas.pk}/compare/?a=1&b=2")
    assert compare.status_code == 200 and b"Seniors ride" in compare.content
    export = client.get(f"/studio/canvases/{canvas.pk}/export.json")
    assert json.loads(export.content)["content"]["confidence"] == 4
    pdf = client.get(f"/studio/canvases/{canvas.pk}/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_mentor_comments_through_the_page(client):
    project = team_project()
    canvas = _journey(project)
    client.force_login(mentor_of(project))
    client.post(f"/studio/canvases/{canvas.pk}/comment/persona/", {"text": "Talk to her family"})
    client.force_login(member_of(project))
    assert b"Talk to her family" in client.get(f"/studio/canvases/{canvas.pk}/").content


def test_autosave_adds_a_grid_column_once_the_last_is_filled(client):
    """The editor stays on the page after an autosave: a filled last column of a grid comes
    back with the next empty one appended (out of band), an empty last column does not."""
    project = team_project()
    member = member_of(project)
    client.force_login(member)
    journey = services.canvas_create(
        actor=member, project=project, template=CanvasTemplate.objects.get(key="journey-map")
    )
    url = f"/studio/canvases/{journey.pk}/save/"
    filled = client.post(
        url,
        {"version": "1", "b-journey-count": "1", "b-journey-actions-0": "Calls"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="b-journey-count" hx-swap-oob="true"' in filled and 'value="2"' in filled
    assert 'hx-swap-oob="beforeend:#b-journey-head"' in filled
    assert 'id="b-journey-col-1"' in filled and 'id="b-journey-opportunities-1"' in filled
    assert 'id="b-journey-actions-0"' not in filled  # nothing typed is replaced
    empty = client.post(
        url,
        {"version": "2", "b-journey-count": "2", "b-journey-actions-0": "Calls"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Saved as version 3." in empty and 'hx-swap-oob="beforeend' not in empty
    page = client.get(f"/studio/canvases/{journey.pk}/").content.decode()
    assert 'id="b-journey-head"' in page and 'id="b-journey-row-actions"' in page
    assert 'id="b-journey-col-1"' in page and 'id="b-journey-col-2"' not in page


def test_a_save_is_few_queries_and_answers_what_a_read_gives(client):
    """An autosave (decision 0724): the canvas, its template and project read once, the version
    read again only under the lock, one insert for the version; the answer is the saved canvas
    as a read afterwards gives it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = team_project()
    canvas = _journey(project)
    client.force_login(member_of(project))
    client.get(f"/api/v1/canvases/{canvas.pk}")  # the session is warm
    with CaptureQueriesContext(connection) as ctx:
        saved = _put(client, canvas.pk, 1, JOURNEY)
    assert saved.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) <= 10, "\n".join(sql)  # the session and its user included
    assert sum(s.startswith('INSERT INTO "studio_canvasversion"') for s in sql) == 1
    assert saved.json() == client.get(f"/api/v1/canvases/{canvas.pk}").json()
    assert saved.json()["version"] == 2 and saved.json()["saved_by"] == str(member_of(project))
