"""Canvas drawings: the stakeholder map's power/interest chart and the theory of change as a graph,
each an SVG with a title and a description beside a table that says the same, on the canvas page
and in its PDF."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sib.studio import services
from sib.studio.drawings import quadrant
from sib.studio.models import CanvasTemplate
from tests.factories import UserFactory
from tests.studio.factories import member_of, team_project

pytestmark = pytest.mark.django_db

STAKEHOLDERS = {
    "stakeholders": {
        "columns": ["A", "B", "C", "D"],
        "cells": {
            "name": ["Town hall", "Seniors' club", "Local fund", ""],
            "power": ["5", "2", "4", "9"],
            "interest": ["5", "5", "2", "3"],
        },
    }
}
CHANGE = {
    "nodes": {
        "columns": ["1", "2", "3"],
        "cells": {
            "label": ["Volunteers", "Weekly rides", "Fewer missed visits"],
            "kind": ["input", "activity", "outcome"],
            "horizon": ["2024", "2024", "2025"],
        },
    },
    "links": {
        "columns": ["a", "b", "c"],
        "cells": {
            "from": ["1", "Weekly rides", "7"],
            "to": ["2", "3", "1"],
            "assumption": ["Drivers stay", "Seniors trust the bus", ""],
        },
    },
}


def _canvas(project, key, content):
    author = member_of(project)
    template = CanvasTemplate.objects.get(key=key, version=1)
    canvas = services.canvas_create(actor=author, project=project, template=template)
    services.canvas_save(actor=author, canvas=canvas, content=content, based_on=canvas.version)
    return canvas


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, flags=re.S)


def test_quadrants_follow_power_and_interest():
    assert [quadrant(5, 5), quadrant(5, 2), quadrant(2, 5), quadrant(3, 3)] == [
        "manage closely",
        "keep satisfied",
        "keep informed",
        "monitor",
    ]


def test_stakeholder_map_draws_power_and_interest_with_a_table(client):
    project = team_project()
    canvas = _canvas(project, "stakeholder-map", STAKEHOLDERS)
    client.force_login(member_of(project))
    html = client.get(
        reverse("studio:canvas", args=[canvas.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    svg = _svgs(html)[0]
    assert "<title>Power and interest of the stakeholders</title>" in svg
    assert "<desc>3 stakeholders placed by interest" in svg
    for name in ("Town hall", "club", "Local fund"):
        assert name in svg
    table = html[html.index("<caption>Stakeholders by power and interest</caption>") :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table)
    rows = [cells[i : i + 5] for i in range(5, len(cells), 5)]
    assert rows[:3] == [
        ["1", "Town hall", "5", "5", "manage closely"],
        ["2", "Seniors&#x27; club", "2", "5", "keep informed"],
        ["3", "Local fund", "4", "2", "keep satisfied"],
    ]
    # Power 9 is off the scale: listed, not drawn.
    assert "not placed" in table


def test_theory_of_change_is_drawn_by_the_shared_graph_renderer(client):
    project = team_project()
    canvas = _canvas(project, "theory-of-change", CHANGE)
    client.force_login(member_of(project))
    html = client.get(
        reverse("studio:canvas", args=[canvas.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    svg = _svgs(html)[0]
    assert svg.startswith('<svg role="img" aria-label="Theory of change"')
    assert "<desc>3 elements and 2 links" in svg
    assert svg.count('class="node"') == 3 and svg.count('class="edge"') == 2
    assert "Seniors trust" in svg
    # The link to element 7 is not drawn and the table says why.
    assert "not drawn: the element is not found" in html
    assert re.search(r"Weekly rides</th>\s*<td data-user-text>Fewer missed visits", html)


def test_other_tools_have_no_drawing_and_strangers_see_none(client):
    project = team_project()
    canvas = _canvas(project, "persona", {"name": "Anna"})
    client.force_login(member_of(project))
    assert (
        "canvas-drawing"
        not in client.get(reverse("studio:canvas", args=[canvas.pk])).content.decode()
    )
    drawn = _canvas(project, "stakeholder-map", STAKEHOLDERS)
    client.force_login(UserFactory())
    assert client.get(reverse("studio:canvas", args=[drawn.pk])).status_code == 404
    assert client.get(reverse("studio:canvas-export", args=[drawn.pk, "pdf"])).status_code == 404


def test_the_canvas_pdf_carries_the_drawing_and_its_table(client):
    project = team_project()
    canvas = _canvas(project, "theory-of-change", CHANGE)
    client.force_login(member_of(project))
    response = client.get(
        reverse("studio:canvas-export", args=[canvas.pk, "pdf"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
    assert "Links of the theory of change" in text
    # The graph's own text is real text in the PDF (drawn, not a picture).
    assert text.count("Weekly rides") >= 3
