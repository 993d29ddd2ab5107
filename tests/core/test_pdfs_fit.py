"""Every table and every line of text of every PDF the platform makes stays inside its pages
(issue 12, item 6): the demo's reports (Polish and English, platform-wide and per edition), the
pilot's certificates, the events' programmes and badges, and the knowledge manuals.

Each PDF is checked twice: by poppler (`pdftotext -bbox`, the words' boxes in the file) and by
WeasyPrint's own layout (text boxes wholly outside a page, which poppler drops). The pages are
also written as PNGs to SIB_PDF_SHOTS (default /tmp/shots-figures) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from sib.academy.demo import PILOT_CODE
from sib.academy.models import Edition
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.credentials.certificate import certificate_pdf
from sib.credentials.models import Credential
from sib.events.models import Event
from sib.knowledge.models import Document
from tests.pdfcheck import Outside, boxes_outside, save_pngs, words_outside

SHOTS = Path(os.environ.get("SIB_PDF_SHOTS", "/tmp/shots-figures"))  # noqa: S108


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[list[Outside]]:
    """Each PDF WeasyPrint writes is also laid out here and its text boxes checked."""
    from weasyprint import HTML

    found: list[list[Outside]] = []
    original = HTML.write_pdf

    def checked(self: Any, target: Any = None, **options: Any) -> Any:
        layout = {key: options[key] for key in ("stylesheets", "font_config") if key in options}
        found.append(boxes_outside(self.render(**layout)))
        return original(self, target, **options)

    monkeypatch.setattr(HTML, "write_pdf", checked)
    return found


@pytest.mark.django_db
def test_every_pdf_of_the_demo_keeps_its_text_inside_its_pages(client, laid_out) -> None:  # noqa: ANN001
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    coordinator = User.objects.get(email=demo_email("coordinator"))
    pilot = Edition.objects.get(code=PILOT_CODE)
    pdfs: dict[str, bytes] = {}

    def get(name: str, url: str) -> None:
        before = len(laid_out)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf", url
        pdfs[name] = response.content
        problems[name] = [p for found in laid_out[before:] for p in found]

    problems: dict[str, list[Outside]] = {}
    for language in ("pl", "en"):
        coordinator.preferred_language = language
        coordinator.save(update_fields=["preferred_language"])
        client.force_login(coordinator)
        get(f"report-all-{language}", reverse("reports:all-pdf"))
        get(f"report-pilot-{language}", reverse("reports:edition-pdf", args=[pilot.pk]))
        for event in Event.objects.all():
            get(
                f"programme-{event.pk}-{language}",
                reverse("events:programme", args=[event.pk]) + "?format=pdf",
            )
        for document in Document.objects.all():
            get(
                f"manual-{document.key}-{language}",
                reverse("knowledge:document-pdf", args=[document.key, language]),
            )
    for event in Event.objects.all():
        get(f"badges-{event.pk}", reverse("events:badges", args=[event.pk]))
    for language in ("pl", "en"):
        credential = Credential.objects.filter(language=language).first()
        assert credential is not None
        before = len(laid_out)
        pdfs[f"certificate-{language}"] = certificate_pdf(credential)
        problems[f"certificate-{language}"] = [p for f in laid_out[before:] for p in f]

    for name, content in pdfs.items():
        problems[name] = problems.get(name, []) + words_outside(content)
        save_pngs(content, SHOTS, name)
    assert len(pdfs) >= 8
    found = {name: [str(p) for p in found[:5]] for name, found in problems.items() if found}
    assert found == {}
