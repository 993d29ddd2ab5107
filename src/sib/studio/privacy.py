"""The studio's part of a person's data: team memberships and name consent, what they saved,
commented and noted on projects, the actions they own and the work they did as staff."""

from __future__ import annotations

from typing import Any

from sib.accounts.models import User
from sib.brokerage.privacy import REMOVED
from sib.core.privacy import PersonalData, plain, rows
from sib.studio.models import (
    AgreedAction,
    Canvas,
    CanvasComment,
    CanvasTemplate,
    CanvasVersion,
    Measurement,
    MentoringNote,
    Milestone,
    Project,
    ProjectFile,
    ProjectMember,
    StageChange,
)


def export(*, person: User) -> dict[str, Any]:
    return plain(
        {
            "project_memberships": [
                {
                    "project": m.project.title,
                    "name_public": m.name_public,
                    "role": m.role,
                    "added_at": plain(m.added_at),
                }
                for m in ProjectMember.objects.filter(user=person).select_related("project")
            ],
            "projects_led_or_created": [
                {"id": p.pk, "title": p.title, "lead_broker": p.lead_broker_id == person.pk}
                for p in Project.objects.filter(lead_broker=person)
                | Project.objects.filter(created_by=person)
            ],
            "stage_changes": rows(
                StageChange.objects.filter(changed_by=person).order_by("id"), exclude={"changed_by"}
            ),
            "canvases_started": list(
                Canvas.objects.filter(created_by=person).order_by("id").values("id", "project_id")
            ),
            "canvas_versions_saved": list(
                CanvasVersion.objects.filter(saved_by=person)
                .order_by("id")
                .values("canvas_id", "number", "saved_at")
            ),
            "canvas_comments": rows(
                CanvasComment.objects.filter(author=person).order_by("id"), exclude={"author"}
            ),
            "canvas_templates_made": list(
                CanvasTemplate.objects.filter(created_by=person)
                .order_by("id")
                .values("id", "key", "version")
            ),
            "mentoring_notes_written": rows(
                MentoringNote.objects.filter(written_by=person).order_by("id"),
                exclude={"written_by"},
            ),
            "actions_you_own": rows(
                AgreedAction.objects.filter(owner=person).order_by("id"), exclude={"owner"}
            ),
            "project_files_uploaded": list(
                ProjectFile.objects.filter(uploaded_by=person)
                .order_by("id")
                .values("id", "project_id", "title", "filename", "size", "uploaded_at")
            ),
            "measurements_recorded": list(
                Measurement.objects.filter(recorded_by=person)
                .order_by("id")
                .values("id", "indicator_id", "measured_on")
            ),
            "milestones_added": list(
                Milestone.objects.filter(created_by=person)
                .order_by("id")
                .values("id", "project_id", "due_on")
            ),
        }
    )


def erase(*, person: User) -> None:
    """The person's name leaves public project pages (the name consent is withdrawn); their
    canvas comments keep their place and count and lose their text; their mentoring notes lose
    the text (meetings, dates and agreed actions stay for the team). Canvases, versions, stage
    history, milestones, indicators, project files and templates are the team's or the
    organisation's work: they stay, credited to the anonymised account (which shows no name)."""
    ProjectMember.objects.filter(user=person).update(name_public=False)
    CanvasComment.objects.filter(author=person).update(text=REMOVED)
    MentoringNote.objects.filter(written_by=person).update(notes="")


PERSONAL_DATA = PersonalData(
    app="studio",
    covers=(
        "studio.project",
        "studio.projectmember",
        "studio.stagechange",
        "studio.canvastemplate",
        "studio.canvas",
        "studio.canvasversion",
        "studio.canvascomment",
        "studio.mentoringnote",
        "studio.agreedaction",
        "studio.measurement",
        "studio.projectfile",
        "studio.milestone",
    ),
    export=export,
    erase=erase,
)
