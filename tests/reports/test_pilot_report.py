"""The pilot's report, from `sib demo`: the published figures, computed, and the same everywhere —
selectors, indicators, the HTML, the PDF, the XLSX, the CSV, the API and the command line."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from sib.academy import selectors as academy
from sib.academy.demo import PILOT_CODE
from sib.academy.models import Edition
from sib.accounts.models import User
from sib.surveys import selectors as surveys
from sib.surveys.models import InstrumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(settings) -> dict:  # noqa: ANN001
    call_command("demo", stdout=io.StringIO())
    coordinator = User.objects.get(email="coordinator@demo.sib.example")
    client = Client()
    client.force_login(coordinator)
    return {
        "coordinator": coordinator,
        "edition": Edition.objects.get(code=PILOT_CODE),
        "client": client,
    }


EXPECTED = {
    "programme_hours": 100.0,
    "participants_target": 50,
    "participants_enrolled": 72,
    "participants_completed": 33,
    "participants_certified": 28,
    "certification_rate": 0.3889,
    "survey_responses": 25,
    "survey_mean": 4.36,
    "survey_scale_means": {"S": 4.25, "U": 4.47},
}


def test_indicators_are_the_published_figures_and_equal_the_selectors(pilot: dict) -> None:
    client, edition, coordinator = pilot["client"], pilot["edition"], pilot["coordinator"]
    for url in ("/api/v1/reports/indicators", f"/api/v1/reports/indicators?edition={edition.pk}"):
        data = client.get(url).json()
        assert {key: data[key] for key in EXPECTED} == EXPECTED
        assert "applicants" in data
    # the same numbers from the apps' own selectors
    counts = academy.completion_counts(actor=coordinator, edition=edition)
    assert data["participants_enrolled"] == counts.total
    assert data["participants_certified"] == counts["eligible"]
    assert data["participants_completed"] == counts["eligible"] + counts["completed"]
    evaluation = surveys.instrument_list(actor=coordinator).get(kind=InstrumentKind.EVALUATION)
    results = surveys.instrument_results(actor=coordinator, instrument=evaluation)
    assert data["survey_responses"] == results.submitted == 25
    assert data["survey_mean"] == round(results.overall.mean, 4)
    assert results.overall.total == 872 and results.overall.n == 200
    assert {s.code: round(s.summary.mean, 2) for s in results.scales} == {"S": 4.25, "U": 4.47}
    # the command line prints the same object
    out = io.StringIO()
    call_command(
        "report", "indicators", "--edition", str(edition.pk), "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue()) == data


def test_the_html_report_defines_every_indicator(pilot: dict) -> None:
    edition = pilot["edition"]
    page = pilot["client"].get(f"/reports/editions/{edition.pk}/report/").content.decode()
    for key in EXPECTED:
        assert f'id="indicator-{key}"' in page
    assert "pooled (not a mean of means)" in page
    assert "4.36" in page and "0.39" in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_reads_back_the_key_figures_with_charts_embedded(pilot: dict, tmp_path: Path) -> None:
    response = pilot["client"].get(f"/reports/editions/{pilot['edition'].pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Pilot Implementation Report" in text
    for figure in ("Participants enrolled", "72", "50", "33", "28", "4.36", "4.25", "4.47"):
        assert figure in text, figure
    # the SVG charts are drawn as vectors with real text: their labels are in the PDF too
    assert "Mean rating by scale, 1 to 5" not in text  # the aria-label is not printed...
    assert text.count("mean (1–5)") >= 2  # ...but the axis labels of the charts are


def test_pdf_in_polish(pilot: dict, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    client = pilot["client"]
    client.cookies["sib_language"] = "pl"
    response = client.get(
        f"/reports/editions/{pilot['edition'].pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="pl"
    )
    pdf = tmp_path / "raport.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert "Raport z wdrożenia pilotażu" in words
    assert "Zapisani uczestnicy" in words and "Średnia ocena ewaluacji" in words
    assert "4,36" in words and "4,25" in words and "4,47" in words  # Polish decimal commas


def test_xlsx_has_a_sheet_per_section_and_the_key_figures(pilot: dict) -> None:
    from openpyxl import load_workbook

    response = pilot["client"].get(f"/reports/editions/{pilot['edition'].pk}/report.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Indicators",
        "Targets and actuals",
        "Hours delivered",
        "Participants",
        "Satisfaction",
        "Competence self-assessment",
        "Events",
    ]
    values = {
        row[0]: row[3] for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)
    }
    assert values["participants_enrolled"] == 72
    assert values["participants_target"] == 50
    assert values["participants_completed"] == 33
    assert values["participants_certified"] == 28
    assert values["survey_responses"] == 25
    assert values["survey_mean"] == pytest.approx(4.36)
    # The events' provider (sib.events.reporting): the pilot's conferences and showcases.
    assert (
        values["events"],
        values["showcases"],
        values["event_participants"],
        values["speakers"],
        values["lectures_and_panels"],
        values["workshops"],
    ) == (2, 2, 284, 52, 40, 5)
    satisfaction = list(workbook["Satisfaction"].iter_rows(values_only=True))
    overall = next(row for row in satisfaction if row and row[0] == "All items")
    assert overall[1:3] == (200, 4.36)


def test_csv_lists_the_indicators(pilot: dict) -> None:
    response = pilot["client"].get(f"/reports/editions/{pilot['edition'].pk}/report.csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Key,Indicator,Category,Value,Target")
    assert "participants_certified,Participants certified,Outcomes,28," in text


def test_dashboard_shows_each_chart_with_its_table(pilot: dict) -> None:
    page = pilot["client"].get(f"/reports/editions/{pilot['edition'].pk}/").content.decode()
    charts = page.count('<svg role="img"')
    assert charts >= 10
    assert page.count('<figure class="chart report-chart">') == charts
    assert "< 5" in page or "&lt; 5" in page  # small groups suppressed (8 on the English track)
