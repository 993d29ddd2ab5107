"""A project's team page: members with roles and name consent; the team adds and removes people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.accounts.models import User
from sib.core.forms import apply_validation_error
from sib.studio import policies, selectors, team
from sib.studio.forms_team import MemberAddForm, MemberRoleForm
from sib.studio.models import Project


def _project(request: HttpRequest, project_id: int, *, change: bool = False) -> Project:
    project = selectors.project_get(actor=request.user, project_id=project_id)
    allowed = policies.can_edit(request.user, project) or (
        not change and policies.is_mentor(request.user, project)
    )
    if not allowed:
        raise PermissionDenied
    return project


def _page(
    request: HttpRequest, project: Project, add_form: MemberAddForm, status: int = 200
) -> HttpResponse:
    can_manage = policies.can_edit(request.user, project)
    rows = team.team_rows(project)
    return render(
        request,
        "studio/project_team.html",
        {
            "project": project,
            "rows": rows,
            "role_forms": {
                row.user.pk: MemberRoleForm(initial={"role": row.role}, prefix=f"m{row.user.pk}")
                for row in rows
            }
            if can_manage
            else {},
            "mentors": list(project.team.mentors.all()) if project.team else [],
            "can_manage": can_manage,
            "is_member": policies.is_member(request.user, project),
            "add_form": add_form,
        },
        status=status,
    )


@login_required
def team_page(request: HttpRequest, project_id: int) -> HttpResponse:
    return _page(request, _project(request, project_id), MemberAddForm())


@login_required
@require_POST
def member_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, change=True)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            member = team.member_invite(
                actor=request.user,
                project=project,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the team.") % {"name": member.user},
            )
            return redirect("studio:team", project.pk)
    return _page(request, project, form, status=400)


def _person(user_id: int) -> User:
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


@login_required
@require_POST
def member_role(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    project = _project(request, project_id, change=True)
    form = MemberRoleForm(request.POST, prefix=f"m{user_id}")
    if not form.is_valid():
        messages.error(request, _("A role is at most 100 characters."))
        return redirect("studio:team", project.pk)
    try:
        team.member_role(
            actor=request.user,
            project=project,
            user=_person(user_id),
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role is saved."))
    return redirect("studio:team", project.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    project = _project(request, project_id, change=True)
    try:
        team.member_remove(actor=request.user, project=project, user=_person(user_id))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("studio:team", project.pk)
    messages.success(request, _("The person is no longer on the team."))
    if policies.can_edit(request.user, project):
        return redirect("studio:team", project.pk)
    return redirect("studio:projects")
