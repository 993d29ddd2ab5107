"""The canvas and project PDFs (with the drawings) keep their text inside their pages, in Polish
and English; the project's JSON carries every canvas in the import format; permissions as the
project's page. Pages are written as PNGs to SIB_PDF_SHOTS for a person to look at."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sib.studio import demo, services
from sib.studio.models import Canvas, Indicator, Measurement, Milestone
from tests.factories import UserFactory
from tests.pdfcheck import boxes_outside, save_pngs, words_outside
from tests.studio.factories import member_of, team_project

pytestmark = pytest.mark.django_db
SHOTS = Path(os.environ.get("SIB_PDF_SHOTS", "/tmp/shots-figures"))  # noqa: S108


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    from weasyprint import HTML

    found: list[Any] = []
    original = HTML.write_pdf

    def checked(self: Any, target: Any = None, **options: Any) -> Any:
        found.extend(boxes_outside(self.render()))
        return original(self, target, **options)

    monkeypatch.setattr(HTML, "write_pdf", checked)
    return found


def _demo_project():
    project = team_project(title_pl="Bus dla Seniora", title_en="A Bus for Seniors")
    author = member_of(project)
    demo._canvases(project, None, author)
    indicator = Indicator.objects.create(
        project=project,
        name_pl="Przejazdy seniorów",
        name_en="Rides of seniors",
        unit="rides",
        baseline=Decimal(0),
        target=Decimal(120),
    )
    Measurement.objects.create(
        indicator=indicator, value=Decimal(45), measured_on=dt.date(2024, 5, 1)
    )
    Milestone.objects.create(
        project=project, title="Pierwszy kurs busa", due_on=dt.date(2024, 3, 1)
    )
    return project


def _text(content: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()


def test_canvas_and_project_pdfs_fit_their_pages(client, laid_out):
    project = _demo_project()
    client.force_login(member_of(project))
    pdfs = {}
    for language in ("pl", "en"):
        for canvas in Canvas.objects.filter(
            template__key__in=["stakeholder-map", "theory-of-change", "journey-map"]
        ):
            response = client.get(
                reverse("studio:canvas-export", args=[canvas.pk, "pdf"]),
                HTTP_ACCEPT_LANGUAGE=language,
            )
            assert response.status_code == 200
            pdfs[f"canvas-{canvas.template.key}-{language}"] = response.content
        response = client.get(
            reverse("studio:project-export", args=[project.pk, "pdf"]),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdfs[f"project-{language}"] = response.content
    text = _text(pdfs["project-en"])
    for words in ("Pierwszy kurs busa", "Rides of seniors", "Links of the theory of change"):
        assert words in text
    problems = {
        name: [str(p) for p in words_outside(content)[:5]] for name, content in pdfs.items()
    }
    for name, content in pdfs.items():
        save_pngs(content, SHOTS / "studio", name, resolution=60)
    assert {k: v for k, v in problems.items() if v} == {}
    assert [str(p) for p in laid_out[:5]] == []


def test_project_json_carries_every_canvas_in_the_import_format(client):
    project = _demo_project()
    client.force_login(member_of(project))
    data = json.loads(
        client.get(reverse("studio:project-export", args=[project.pk, "json"])).content
    )
    assert data["format"] == "sib-project/1"
    assert data["title"] == {"pl": "Bus dla Seniora", "en": "A Bus for Seniors"}
    assert len(data["canvases"]) == project.canvases.count() == 5
    other = team_project()
    copy = services.canvas_import(actor=member_of(other), project=other, data=data["canvases"][0])
    first = project.canvases.order_by("pk").first()
    assert copy.content == first.content


def test_strangers_get_404_for_an_unpublished_projects_export(client):
    project = _demo_project()
    client.force_login(member_of(team_project()))
    for fmt in ("pdf", "json"):
        assert (
            client.get(reverse("studio:project-export", args=[project.pk, fmt])).status_code == 404
        )
    client.force_login(UserFactory())
    assert client.get(reverse("studio:project-export", args=[project.pk, "xml"])).status_code == 404
