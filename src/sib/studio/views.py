"""Pages of the studio: thin, the rules live in services, policies and selectors."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.accounts.choices import Voivodeship
from sib.accounts.http import AuthenticatedHttpRequest
from sib.accounts.policies import is_coordinator
from sib.brokerage import selectors as brokerage_selectors
from sib.core.charts import chart_batch
from sib.core.forms import apply_validation_error
from sib.core.models import SdgGoal
from sib.core.panels import page_sections
from sib.core.pdf import pdf_response, render_pdf
from sib.studio import cards, forms, policies, selectors, services
from sib.studio import charts as studio_charts
from sib.studio.drawings import canvas_drawings
from sib.studio.models import (
    AgreedAction,
    Canvas,
    CanvasTemplate,
    Indicator,
    Measurement,
    Milestone,
    Project,
)

PAGE_SIZE = 25


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """The projects a person may see: their teams', their mentees', the published ones."""
    page = Paginator(selectors.project_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "studio/project_list.html",
        {
            "page": page,
            "cards": cards.team_project_cards(page),
            "can_create": policies.can_create(request.user),
        },
    )


def _tags(form: forms.ProjectForm) -> dict:
    return {"themes": form.cleaned_data["themes"], "sdgs": form.cleaned_data["sdgs"]}


@login_required
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.can_create(request.user):
        raise PermissionDenied
    form = forms.NewProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                data=form.data_for_service(),
                team=form.cleaned_data["team"],
                **_tags(form),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project is open."))
            return redirect("studio:project", project.pk)
    return render(request, "studio/form.html", {"form": form, "title": _("New project")})


@login_required
@require_POST
def project_from_challenge(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = brokerage_selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    if not policies.can_open_from_challenge(request.user, challenge):
        raise PermissionDenied
    project = services.project_open_from_challenge(actor=request.user, challenge=challenge)
    messages.success(request, _("The project is open. Invite your team and start a canvas."))
    return redirect("studio:project", project.pk)


def _get(request: HttpRequest, project_id: int) -> Project:
    return selectors.project_get(actor=request.user, project_id=project_id)


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    user = request.user
    can_edit = policies.can_edit(user, project)
    member = (
        policies.added_member(user.pk, project)
        if user.is_authenticated and policies.is_member(user, project)
        else None
    )
    return render(
        request,
        "studio/project_detail.html",
        {
            "project": project,
            "people": selectors.team_people(project)
            if can_edit or policies.is_mentor(user, project)
            else [],
            "mentors": list(project.team.mentors.all()) if project.team else [],
            "can_edit": can_edit,
            "is_member": policies.is_member(user, project),
            "name_public": bool(member and member.name_public),
            "stage_form": forms.StageForm(initial={"stage": project.stage}),
            "canvases": project.canvases.select_related("template", "latest__saved_by"),
            "can_canvas": policies.can_work_on_canvases(user, project),
            # The form lists the tools' titles only: no blocks, no second query at rendering.
            "canvas_form": forms.NewCanvasForm(
                templates=selectors.current_templates(blocks=False), listed=True
            ),
            "import_form": forms.ImportCanvasForm(),
            "sections": page_sections(request, page="project", obj=project),
            **_files_context(user, project),
            "indicators": studio_charts.with_charts(selectors.indicator_progress(project)),
            "milestones": selectors.milestones(project),
        },
    )


def _files_context(user: Any, project: Project) -> dict[str, Any]:
    """The project page's list of files, for those who may download them."""
    can_files = policies.can_read_files(user, project)
    return {
        "can_files": can_files,
        "files": list(selectors.project_files(project)) if can_files else [],
    }


@login_required
def project_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    initial = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    initial.update(themes=project.themes.all(), sdgs=project.sdgs.all(), team=project.team)
    form = forms.ProjectEditForm(
        request.POST or None,
        initial=initial,
        project=project,
        may_set_team=policies.can_set_team(request.user),
    )
    if request.method == "POST" and form.is_valid():
        extra = {"team": form.cleaned_data["team"]} if "team" in form.fields else {}
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.data_for_service(),
                **_tags(form),
                **extra,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("studio:project", project.pk)
    return render(
        request,
        "studio/form.html",
        {"form": form, "title": _("Edit the project"), "project": project},
    )


@login_required
@require_POST
def project_stage(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    form = forms.StageForm(request.POST)
    if form.is_valid():
        try:
            services.project_set_stage(
                actor=request.user,
                project=project,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The stage is changed."))
    else:
        messages.error(request, _("Choose a stage and say why."))
    return redirect("studio:project", project.pk)


@login_required
@require_POST
def project_publish(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    published = request.POST.get("published") == "1"
    services.project_publish(actor=request.user, project=project, published=published)
    messages.success(
        request,
        _("The project is in the showcase.") if published else _("The project is withdrawn."),
    )
    return redirect("studio:project", project.pk)


@login_required
@require_POST
def name_consent(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.is_member(request.user, project):
        raise PermissionDenied
    services.name_consent(
        actor=request.user, project=project, public=request.POST.get("public") == "1"
    )
    messages.success(request, _("Your choice is saved."))
    if request.POST.get("back") == "team":
        return redirect("studio:team", project.pk)
    return redirect("studio:project", project.pk)


# --- canvas templates (coordinators) -------------------------------------------------------------


def _coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """The toolkit: the latest version of each tool; anyone signed in may read it."""
    return render(
        request,
        "studio/template_list.html",
        {"templates": selectors.current_templates(), "can_manage": is_coordinator(request.user)},
    )


@login_required
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    template = selectors.template_get(template_id=template_id)
    return render(
        request,
        "studio/template_detail.html",
        {
            "template": template,
            "versions": selectors.template_versions(key=template.key),
            "can_manage": is_coordinator(request.user),
        },
    )


def _template_form(
    request: AuthenticatedHttpRequest, template: CanvasTemplate | None
) -> HttpResponse:
    _coordinator(request)
    if template is None:
        form: forms.TemplateForm = forms.NewTemplateForm(request.POST or None)
        blocks = forms.BlockFormSet(request.POST or None, prefix="blocks")
        title = _("New canvas template")
    else:
        form = forms.TemplateForm(
            request.POST or None,
            initial={
                name: getattr(template, name)
                for name in (
                    "title_pl",
                    "title_en",
                    "description_pl",
                    "description_en",
                    "source",
                    "licence",
                )
            },
        )
        blocks = forms.BlockFormSet(
            request.POST or None,
            prefix="blocks",
            initial=[forms.BlockForm.initial_for(block) for block in template.blocks.all()],
        )
        title = _("Revise the template")
    if request.method == "POST" and form.is_valid() and blocks.is_valid():
        try:
            if template is None:
                saved = services.template_create(
                    actor=request.user,
                    key=form.cleaned_data["key"],
                    data=form.cleaned_data,
                    blocks=forms.blocks_from(blocks),
                )
            else:
                saved = services.template_revise(
                    actor=request.user,
                    template=template,
                    data=form.cleaned_data,
                    blocks=forms.blocks_from(blocks),
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("studio:template", saved.pk)
    return render(
        request,
        "studio/template_form.html",
        {"form": form, "blocks": blocks, "title": title, "template": template},
    )


@login_required
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _template_form(request, None)


@login_required
def template_revise(request: AuthenticatedHttpRequest, template_id: int) -> HttpResponse:
    return _template_form(request, selectors.template_get(template_id=template_id))


# --- canvases ------------------------------------------------------------------------------------


@login_required
@require_POST
def canvas_create(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_work_on_canvases(request.user, project):
        raise PermissionDenied
    form = forms.NewCanvasForm(request.POST, templates=selectors.current_templates())
    if not form.is_valid():
        messages.error(request, _("Choose a tool."))
        return redirect("studio:project", project.pk)
    canvas = services.canvas_create(
        actor=request.user,
        project=project,
        template=form.cleaned_data["template"],
        title=form.cleaned_data["title"],
    )
    return redirect("studio:canvas", canvas.pk)


@login_required
@require_POST
def canvas_import(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_work_on_canvases(request.user, project):
        raise PermissionDenied
    form = forms.ImportCanvasForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a file."))
        upload = form.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise ValidationError(_("The file is too large."))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValidationError(_("This is not a canvas export.")) from None
        canvas = services.canvas_import(actor=request.user, project=project, data=data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("studio:project", project.pk)
    messages.success(request, _("The canvas is imported."))
    return redirect("studio:canvas", canvas.pk)


def _canvas_context(request: HttpRequest, canvas: Canvas) -> dict[str, Any]:
    user = request.user
    blocks = list(canvas.template.blocks.all())
    return {
        "canvas": canvas,
        "project": canvas.project,
        "blocks": blocks,
        "content": canvas.content,
        "drawings": canvas_drawings(blocks, canvas.content),
        "comments": selectors.canvas_comments(canvas),
        "versions": selectors.canvas_versions(canvas),
        "can_save": policies.can_work_on_canvases(user, canvas.project),
        "can_comment": policies.can_comment(user, canvas.project),
    }


def canvas_detail(request: HttpRequest, canvas_id: int) -> HttpResponse:
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    return render(request, "studio/canvas_detail.html", _canvas_context(request, canvas))


@login_required
@require_POST
def canvas_save(request: AuthenticatedHttpRequest, canvas_id: int) -> HttpResponse:
    """The editor's save (also its autosave through htmx): a new version, or both contents when
    someone saved in between."""
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    if not policies.can_work_on_canvases(request.user, canvas.project):
        raise PermissionDenied
    content = forms.content_from_post(canvas.template, request.POST)
    try:
        based_on = int(request.POST.get("version", ""))
    except ValueError:
        based_on = -1
    try:
        version = services.canvas_save(
            actor=request.user, canvas=canvas, content=content, based_on=based_on
        )
    except services.CanvasConflict as conflict:
        context = {
            "canvas": canvas,
            "conflict": conflict,
            "rows": selectors.compare(canvas.template, conflict.latest.content, content),
        }
        if request.htmx:
            return render(request, "studio/partials/canvas_status.html", context)
        return render(request, "studio/canvas_conflict.html", context, status=409)
    except ValidationError as error:
        if request.htmx:
            return render(
                request,
                "studio/partials/canvas_status.html",
                {"canvas": canvas, "errors": error.messages},
            )
        for message in error.messages:
            messages.error(request, message)
        return redirect("studio:canvas", canvas.pk)
    if request.htmx:
        return render(
            request,
            "studio/partials/canvas_status.html",
            {
                "canvas": canvas,
                "saved": version,
                "grow": forms.grids_to_grow(canvas.template, request.POST),
            },
        )
    messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
    return redirect("studio:canvas", canvas.pk)


@login_required
@require_POST
def canvas_comment(
    request: AuthenticatedHttpRequest, canvas_id: int, block_key: str
) -> HttpResponse:
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    if not policies.can_comment(request.user, canvas.project):
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.canvas_comment(
                actor=request.user,
                canvas=canvas,
                block_key=block_key,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your comment is saved."))
    return redirect(f"{reverse('studio:canvas', args=[canvas.pk])}#block-{block_key}")


def canvas_compare(request: HttpRequest, canvas_id: int) -> HttpResponse:
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    try:
        a, b = int(request.GET.get("a", 1)), int(request.GET.get("b", canvas.version))
    except ValueError:
        raise Http404 from None
    old, new = selectors.canvas_version(canvas, a), selectors.canvas_version(canvas, b)
    return render(
        request,
        "studio/canvas_compare.html",
        {
            "canvas": canvas,
            "old": old,
            "new": new,
            "rows": selectors.compare(canvas.template, old.content, new.content),
            "versions": selectors.canvas_versions(canvas),
        },
    )


def canvas_export(request: HttpRequest, canvas_id: int, fmt: str) -> HttpResponse:
    canvas = selectors.canvas_get(actor=request.user, canvas_id=canvas_id)
    name = f"canvas-{canvas.pk}-v{canvas.version}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(services.canvas_export(canvas), ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt == "pdf":
        return pdf_response(
            render_pdf("studio/canvas_pdf.html", _canvas_context(request, canvas), request),
            f"{name}.pdf",
        )
    raise Http404


# --- milestones ----------------------------------------------------------------------------------


def _milestone_form(
    request: AuthenticatedHttpRequest, project: Project, milestone: Milestone | None
) -> HttpResponse:
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    initial = (
        {name: getattr(milestone, name) for name in services.MILESTONE_FIELDS} if milestone else {}
    )
    form = forms.MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                actor=request.user, project=project, data=form.cleaned_data, milestone=milestone
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(reverse("studio:project", args=[project.pk]) + "#milestones-heading")
    title = _("Edit the milestone") if milestone else _("New milestone")
    return render(request, "studio/form.html", {"form": form, "title": title, "project": project})


@login_required
def milestone_create(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    return _milestone_form(request, _get(request, project_id), None)


@login_required
def milestone_edit(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.milestone_get(actor=request.user, milestone_id=milestone_id)
    return _milestone_form(request, milestone.project, milestone)


@login_required
@require_POST
def milestone_done(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.milestone_get(actor=request.user, milestone_id=milestone_id)
    if not policies.can_edit(request.user, milestone.project):
        raise PermissionDenied
    services.milestone_done(
        actor=request.user, milestone=milestone, done=request.POST.get("done") != "0"
    )
    messages.success(request, _("The milestone is saved."))
    return redirect(reverse("studio:project", args=[milestone.project_id]) + "#milestones-heading")


# --- impact indicators ---------------------------------------------------------------------------


def _indicator_form(
    request: AuthenticatedHttpRequest, project: Project, indicator: Indicator | None
) -> HttpResponse:
    if not policies.can_edit(request.user, project):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if indicator is not None:
        initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
        initial["sdg_targets"] = ", ".join(t.code for t in indicator.sdg_targets.all())
    form = forms.IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                actor=request.user,
                project=project,
                data=form.cleaned_data,
                indicator=indicator,
                sdg_targets=form.target_codes(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("studio:indicator", saved.pk)
    title = _("Edit the indicator") if indicator else _("New impact indicator")
    return render(request, "studio/form.html", {"form": form, "title": title, "project": project})


@login_required
def indicator_create(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    return _indicator_form(request, _get(request, project_id), None)


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    return _indicator_form(request, indicator.project, indicator)


def indicator_detail(request: AuthenticatedHttpRequest, indicator_id: int) -> HttpResponse:
    """An indicator's progress chart, its measurements and (for the team) the form to record
    one; a bad measurement re-displays here with what was typed."""
    indicator = selectors.indicator_get(actor=request.user, indicator_id=indicator_id)
    project = indicator.project
    can_edit = policies.can_edit(request.user, project)
    form = forms.MeasurementForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.measurement_add(
                    actor=request.user, indicator=indicator, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The measurement is recorded."))
                return redirect("studio:indicator", indicator.pk)
    values = list(selectors.measurements(indicator))
    latest = values[-1] if values else None
    row = {
        "indicator": indicator,
        "measurements": values,
        "latest": latest,
        "percent": selectors.progress_percent(indicator, latest.value if latest else None),
    }
    studio_charts.with_charts([row])
    return render(
        request,
        "studio/indicator_detail.html",
        {"project": project, "row": row, "can_edit": can_edit, "form": form},
    )


@login_required
@require_POST
def measurement_delete(request: AuthenticatedHttpRequest, measurement_id: int) -> HttpResponse:
    measurement = (
        Measurement.objects.select_related("indicator__project").filter(pk=measurement_id).first()
    )
    if measurement is None or not policies.can_view(request.user, measurement.indicator.project):
        raise Http404
    if not policies.can_edit(request.user, measurement.indicator.project):
        raise PermissionDenied
    services.measurement_delete(actor=request.user, measurement=measurement)
    messages.success(request, _("The measurement is deleted."))
    return redirect("studio:indicator", measurement.indicator_id)


@login_required
def impact(request: HttpRequest) -> HttpResponse:
    """Coordinators: indicators and projects rolled up by region and by SDG."""
    _coordinator(request)
    rollups = selectors.impact_rollups(actor=request.user)
    regions = dict(Voivodeship.choices)
    goals = {goal.number: goal for goal in SdgGoal.objects.all()}
    for row in rollups["regions"]:
        row["label"] = regions.get(row["key"], row["key"])
    for row in rollups["goals"]:
        row["label"] = str(goals[row["key"]]) if row["key"] in goals else row["key"]
    with chart_batch():
        charts = {
            "regions": studio_charts.rollup_chart(
                rollups["regions"], label=_("Mean progress of impact indicators by region")
            ),
            "goals": studio_charts.rollup_chart(
                rollups["goals"], label=_("Mean progress of impact indicators by SDG")
            ),
        }
    return render(request, "studio/impact.html", {"rollups": rollups, "charts": charts})


# --- mentoring -----------------------------------------------------------------------------------


def _people(project: Project) -> list[Any]:
    return [
        *selectors.team_people(project),
        *(project.team.mentors.all() if project.team else []),
    ]


@login_required
def mentoring(request: HttpRequest, project_id: int) -> HttpResponse:
    """The team's mentoring log: the group's mentoring sessions with notes and agreed actions."""
    project = _get(request, project_id)
    if not (policies.can_edit(request.user, project) or policies.is_mentor(request.user, project)):
        raise Http404
    people = _people(project)
    return render(
        request,
        "studio/mentoring.html",
        {
            "project": project,
            "log": selectors.mentoring_log(project),
            "actions": project.actions.select_related("owner", "note__session"),
            "can_write": policies.can_work_on_canvases(request.user, project),
            "note_form": forms.MentoringNoteForm(),
            "action_form": forms.ActionForm(people=people),
        },
    )


@login_required
@require_POST
def mentoring_note(
    request: AuthenticatedHttpRequest, project_id: int, session_id: int
) -> HttpResponse:
    project = _get(request, project_id)
    if not policies.can_work_on_canvases(request.user, project):
        raise PermissionDenied
    session = services.mentoring_sessions(project).filter(pk=session_id).first()
    if session is None:
        raise Http404
    form = forms.MentoringNoteForm(request.POST)
    if form.is_valid():
        note = services.mentoring_note_save(
            actor=request.user,
            project=project,
            session=session,
            notes=form.cleaned_data["notes"],
            next_meeting=form.cleaned_data["next_meeting"],
        )
        if request.POST.get("action"):
            action_form = forms.ActionForm(
                {
                    "text": request.POST["action"],
                    "owner": request.POST.get("owner"),
                    "due_on": request.POST.get("due_on"),
                },
                people=_people(project),
            )
            if action_form.is_valid():
                services.action_add(
                    actor=request.user, project=project, note=note, **action_form.cleaned_data
                )
            else:
                messages.error(request, _("The action was not added: check its owner and date."))
        messages.success(request, _("The notes are saved."))
    else:
        messages.error(request, _("Check the date of the next meeting."))
    return redirect("studio:mentoring", project.pk)


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    action = AgreedAction.objects.select_related("project").filter(pk=action_id).first()
    if action is None or not policies.can_view(request.user, action.project):
        raise Http404
    if not policies.can_work_on_canvases(request.user, action.project):
        raise PermissionDenied
    services.action_done(actor=request.user, action=action, done=request.POST.get("done") != "0")
    return redirect(
        request.POST.get("next") or reverse("studio:mentoring", args=[action.project_id])
    )


@login_required
def mentor_overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.mentor_overview(actor=request.user)
    return render(request, "studio/mentor_overview.html", {"rows": rows})
