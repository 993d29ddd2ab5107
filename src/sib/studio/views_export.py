"""A whole project exported as PDF (facts, stage history, milestones, indicators, files, every
canvas with its drawings) or JSON (the project's facts and each canvas in the canvas export
format, which `canvas_import` reads back)."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from sib.core.pdf import pdf_response, render_pdf
from sib.studio import policies, selectors, services
from sib.studio.drawings import canvas_drawings
from sib.studio.models import Canvas, Project

PROJECT_EXPORT_FORMAT = "sib-project/1"


def _canvases(project: Project) -> list[Canvas]:
    """Every canvas with its latest content and template blocks (three queries)."""
    return list(
        project.canvases.select_related("template", "latest", "latest__saved_by").prefetch_related(
            "template__blocks"
        )
    )


def _json(project: Project, canvases: list[Canvas]) -> dict[str, Any]:
    return {
        "format": PROJECT_EXPORT_FORMAT,
        "id": project.pk,
        "title": {"pl": project.title_pl, "en": project.title_en},
        "summary": {"pl": project.summary_pl, "en": project.summary_en},  # type: ignore[attr-defined]
        "stage": project.stage,
        "voivodeship": project.voivodeship,
        "themes": [theme.key for theme in project.themes.all()],
        "sdgs": [goal.number for goal in project.sdgs.all()],
        "stage_history": [
            {"stage": step.stage, "date": step.changed_on.isoformat(), "reason": step.reason}
            for step in project.stage_history.all()
        ],
        "canvases": [services.canvas_export(canvas) for canvas in canvases],
    }


def project_export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    canvases = _canvases(project)
    name = f"project-{project.pk}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(_json(project, canvases), ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt != "pdf":
        raise Http404
    user = request.user
    insider = policies.can_edit(user, project) or policies.is_mentor(user, project)
    items = []
    for canvas in canvases:
        blocks = list(canvas.template.blocks.all())
        items.append(
            {
                "canvas": canvas,
                "blocks": blocks,
                "content": canvas.content,
                "drawings": canvas_drawings(blocks, canvas.content),
            }
        )
    context = {
        "project": project,
        "people": selectors.team_people(project) if insider else [],
        "mentors": list(project.team.mentors.all()) if project.team else [],
        "milestones": selectors.milestones(project),
        "indicators": selectors.indicator_progress(project),
        "files": list(selectors.project_files(project))
        if policies.can_read_files(user, project)
        else [],
        "canvases": items,
        "generated": timezone.now(),
    }
    return pdf_response(render_pdf("studio/project_pdf.html", context, request), f"{name}.pdf")
