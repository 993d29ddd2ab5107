"""A project's files: the list with the upload form, downloads after the policy check, delete."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.core.forms import apply_validation_error
from sib.studio import files, policies, selectors
from sib.studio.forms_team import ProjectFileForm
from sib.studio.models import ProjectFile


def _file(request: HttpRequest, file_id: int) -> ProjectFile:
    """The file if its project is readable (else 404) and its files are (else 403)."""
    record = ProjectFile.objects.select_related("project").filter(pk=file_id).first()
    if record is None or not policies.can_view(request.user, record.project):
        raise Http404
    if not policies.can_read_files(request.user, record.project):
        raise PermissionDenied
    return record


@login_required
def file_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    if not policies.can_read_files(request.user, project):
        raise PermissionDenied
    can_manage = policies.can_manage_files(request.user, project)
    form = ProjectFileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                files.file_add(
                    actor=request.user,
                    project=project,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The file is saved."))
                return redirect("studio:files", project.pk)
        status = 400
    return render(
        request,
        "studio/project_files.html",
        {
            "project": project,
            "files": selectors.project_files(project),
            "form": form if can_manage else None,
            "max_mb": settings.SIB_PROJECT_FILE_MAX_MB,
        },
        status=status,
    )


def file_download(request: HttpRequest, file_id: int) -> FileResponse:
    """Always as an attachment, with the type found in its content and never cached publicly."""
    record = _file(request, file_id)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=record.filename, content_type=record.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def file_delete(request: HttpRequest, file_id: int) -> HttpResponse:
    record = _file(request, file_id)
    project_id = record.project_id
    files.file_delete(actor=request.user, record=record)
    messages.success(request, _("The file is deleted."))
    return redirect("studio:files", project_id)
