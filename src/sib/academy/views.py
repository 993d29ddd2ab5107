"""Thin views: parse, authorise (through selectors and services), call, render."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sib.academy import policies, selectors, services, tables
from sib.academy.completion import CompletionStatus
from sib.academy.exports import (
    edition_progress_csv,
    edition_progress_xlsx,
    session_attendance_export,
)
from sib.academy.forms import (
    ApplicationForm,
    AssessmentForm,
    CallForm,
    CompetenceForm,
    EditionForm,
    EnrolmentForm,
    GroupForm,
    ImportForm,
    ModuleForm,
    OutcomeForm,
    ProgrammeForm,
    ReviewForm,
    SessionForm,
    WithdrawalForm,
)
from sib.academy.models import ApplicationStatus, AttendanceStatus, StaffRole
from sib.academy.services import Mark
from sib.accounts.http import AuthenticatedHttpRequest, HtmxHttpRequest
from sib.core import ratelimit
from sib.core.forms import apply_validation_error
from sib.core.panels import page_sections
from sib.core.textlinks import text_linker


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "academy/programme_list.html",
        {
            "programmes": selectors.programme_list(actor=request.user),
            "calls": selectors.open_calls_by_programme(),
            "can_manage": policies.can_manage_programmes(request.user),
        },
    )


def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_detail(actor=request.user, programme_id=programme_id)
    # Descriptions as paragraphs, with the links later apps add (knowledge: terms of its map).
    describe = text_linker(language=get_language() or "pl")
    descriptions = {m.pk: describe(m.description) for m in programme.modules.all() if m.description}
    return render(
        request,
        "academy/programme_detail.html",
        {
            "programme": programme,
            "calls": selectors.open_calls_by_programme().get(programme.pk, []),
            "can_manage": policies.can_manage_programmes(request.user),
            "descriptions": descriptions,
            # No heading over an empty list: a programme without outcomes has no such section.
            "has_outcomes": bool(descriptions)
            or any(module.outcomes.all() for module in programme.modules.all()),
            "sections": page_sections(request, page="programme", obj=programme),
        },
    )


# --- the catalogue: coordinators edit programmes, modules, outcomes and competences ------------------


def _require_catalogue(request: HttpRequest) -> None:
    """The catalogue is public to read; only coordinators change it (403 for everyone else)."""
    if not policies.can_manage_programmes(request.user):
        raise PermissionDenied


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The coordinator's entry to the catalogue: every programme with its modules, the
    competences, and the survey templates (which the surveys app keeps)."""
    _require_catalogue(request)
    return render(
        request,
        "academy/catalogue.html",
        {
            "programmes": selectors.programme_list(actor=request.user),
            "competence_count": selectors.competence_list(actor=request.user).count(),
            "extra_links": page_sections(request, page="catalogue", obj=None),
        },
    )


@login_required
def programme_edit(request: HttpRequest, programme_id: int | None = None) -> HttpResponse:
    """Create or change a programme and its completion rule; its modules are listed below."""
    _require_catalogue(request)
    programme = (
        selectors.programme_detail(actor=request.user, programme_id=programme_id)
        if programme_id
        else None
    )
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.programme_save(
                actor=request.user,
                programme=selectors.programme_detail(actor=request.user, programme_id=programme_id)
                if programme_id
                else None,
                **form.programme_fields(),
            )
        except ValidationError as error:
            apply_validation_error(
                form, error, {f"{n}_minutes": f"{n}_hours" for n in form.hours_fields}
            )
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("academy:programme-edit", programme_id=saved.pk)
    return render(request, "academy/programme_form.html", {"form": form, "programme": programme})


@login_required
def module_edit(
    request: HttpRequest, programme_id: int | None = None, module_id: int | None = None
) -> HttpResponse:
    """Add a module to a programme, or change one with its learning outcomes listed below."""
    _require_catalogue(request)
    if module_id is not None:
        module = selectors.module_get(actor=request.user, module_id=module_id)
        programme = module.programme
    else:
        module = None
        assert programme_id is not None  # the URL for a new module names its programme
        programme = selectors.programme_detail(actor=request.user, programme_id=programme_id)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        fields = form.module_fields()
        try:
            saved = services.module_save(
                actor=request.user,
                programme=programme,
                module=selectors.module_get(actor=request.user, module_id=module_id)
                if module_id
                else None,
                competences=form.cleaned_data["competences"],
                **fields,
            )
        except ValidationError as error:
            apply_validation_error(
                form, error, {f"{n}_minutes": f"{n}_hours" for n in form.hours_fields}
            )
        else:
            messages.success(request, _("The module was saved."))
            if module_id is None:
                return redirect("academy:programme-edit", programme_id=programme.pk)
            return redirect("academy:module-edit", module_id=saved.pk)
    return render(
        request,
        "academy/module_form.html",
        {"form": form, "module": module, "programme": programme},
    )


@login_required
def outcome_edit(
    request: HttpRequest, module_id: int | None = None, outcome_id: int | None = None
) -> HttpResponse:
    _require_catalogue(request)
    if outcome_id is not None:
        outcome = selectors.outcome_get(actor=request.user, outcome_id=outcome_id)
        module = outcome.module
    else:
        outcome = None
        assert module_id is not None  # the URL for a new outcome names its module
        module = selectors.module_get(actor=request.user, module_id=module_id)
    form = OutcomeForm(request.POST or None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(
                actor=request.user,
                module=module,
                outcome=selectors.outcome_get(actor=request.user, outcome_id=outcome_id)
                if outcome_id
                else None,
                competences=form.cleaned_data["competences"],
                **form.outcome_fields(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The learning outcome was saved."))
            return redirect("academy:module-edit", module_id=module.pk)
    return render(
        request,
        "academy/outcome_form.html",
        {"form": form, "outcome": outcome, "module": module},
    )


@login_required
def competence_list(request: HttpRequest) -> HttpResponse:
    _require_catalogue(request)
    return render(
        request,
        "academy/competence_list.html",
        {"competences": selectors.competence_list(actor=request.user)},
    )


@login_required
def competence_edit(request: HttpRequest, competence_id: int | None = None) -> HttpResponse:
    _require_catalogue(request)
    competence = (
        selectors.competence_get(actor=request.user, competence_id=competence_id)
        if competence_id
        else None
    )
    form = CompetenceForm(request.POST or None, instance=competence)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_save(
                actor=request.user,
                competence=selectors.competence_get(actor=request.user, competence_id=competence_id)
                if competence_id
                else None,
                **form.competence_fields(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The competence was saved."))
            return redirect("academy:competence-list")
    return render(request, "academy/competence_form.html", {"form": form, "competence": competence})


@login_required
def edition_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "academy/edition_list.html",
        {
            "editions": selectors.edition_list(actor=request.user),
            "can_create": policies.can_manage_edition(request.user),
        },
    )


@login_required
def edition_detail(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    can_view_participants = policies.can_view_participants(request.user, edition)
    sessions = list(selectors.edition_sessions(actor=request.user, edition=edition))
    counts = (
        selectors.completion_counts(actor=request.user, edition=edition)
        if can_view_participants
        else None
    )
    markable = {s.pk for s in sessions if policies.can_record_attendance(request.user, s)}
    return render(
        request,
        "academy/edition_detail.html",
        {
            "edition": edition,
            "staff": selectors.edition_staff(edition=edition),
            "sessions": sessions,
            "markable": markable,
            "session_rows": tables.session_rows(sessions, markable),
            "counts": counts,
            "seats": counts.seats(edition) if counts else None,
            "can_manage": policies.can_manage_edition(request.user, edition),
            "can_view_participants": can_view_participants,
            "can_review_applications": policies.can_review_applications(request.user, edition),
            "groups": edition.groups.prefetch_related("mentors").all(),
        },
    )


def _edition_form_view(request: HttpRequest, edition_id: int | None) -> HttpResponse:
    edition = (
        selectors.edition_get(actor=request.user, edition_id=edition_id) if edition_id else None
    )
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    initial = {}
    if edition is None and request.GET.get("programme", "").isdigit():
        # "Open an edition" from a programme's page starts with that programme chosen.
        initial["programme"] = int(request.GET["programme"])
    form = EditionForm(request.POST or None, instance=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        staff: dict[str, Any] = {
            StaffRole.COORDINATOR: form.cleaned_data["coordinators"],
            StaffRole.TRAINER: form.cleaned_data["trainers"],
            StaffRole.MENTOR: form.cleaned_data["mentors"],
        }
        try:
            if edition is None:
                edition = services.edition_create(
                    actor=request.user,
                    programme=form.cleaned_data["programme"],
                    staff=staff,
                    **form.edition_fields(),
                )
            else:
                edition.refresh_from_db()
                services.edition_update(
                    actor=request.user, edition=edition, staff=staff, **form.edition_fields()
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The edition was saved."))
            return redirect("academy:edition-detail", edition_id=edition.pk)
    return render(request, "academy/edition_form.html", {"form": form, "edition": edition})


@login_required
def edition_create(request: HttpRequest) -> HttpResponse:
    return _edition_form_view(request, None)


@login_required
def edition_update(request: HttpRequest, edition_id: int) -> HttpResponse:
    return _edition_form_view(request, edition_id)


@login_required
def edition_participants(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The edition table: everyone's hours, status and score; sortable, filterable, exportable."""
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    sort = request.GET.get("sort", "name")
    status = request.GET.get("status") or None
    if status not in {None, *CompletionStatus}:
        status = None
    search = request.GET.get("q", "")[:100]
    group = request.GET.get("group", "")
    group_id = int(group) if group.isdigit() else None
    rows = selectors.edition_progress(
        actor=request.user,
        edition=edition,
        sort=sort,
        status=status,
        search=search,
        group_id=group_id,
    )
    if request.GET.get("format") == "csv":
        return edition_progress_csv(edition, rows)
    if request.GET.get("format") == "xlsx":
        return edition_progress_xlsx(edition, rows)
    params = request.GET.copy()
    params.pop("format", None)
    return render(
        request,
        "academy/edition_participants.html",
        {
            "edition": edition,
            "rows": rows,
            "rows_html": tables.progress_rows(rows),
            "sort": sort,
            "status": status or "",
            "statuses": list(CompletionStatus),
            "can_manage": policies.can_manage_edition(request.user, edition),
            "search": search,
            "group_id": group_id,
            "groups": list(edition.groups.all()),
            "export_query": params.urlencode(),
        },
    )


@login_required
def enrolment_create(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    form = EnrolmentForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.participant_enrol(
                actor=request.user,
                edition=edition,
                email=data["email"],
                full_name=data["full_name"],
                language_track=data["language_track"],
                group=data["group"],
                enrolled_on=data["enrolled_on"],
                over_capacity=data.get("over_capacity", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error, field_map={"user": "email"})
        else:
            messages.success(
                request, _("%(name)s was enrolled.") % {"name": enrolment.user.full_name}
            )
            return redirect("academy:edition-participants", edition_id=edition.pk)
    return render(
        request,
        "academy/enrolment_form.html",
        {"form": form, "edition": edition, "seats": form.seats},
    )


@login_required
def enrolment_detail(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """A person's progress and ledger; the participant's own page, or staff looking at one person."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    detail = selectors.enrolment_progress(actor=request.user, enrolment=enrolment)
    return render(
        request,
        "academy/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "detail": detail,
            "row": detail.row,
            "is_self": enrolment.user_id == request.user.pk,
            "can_manage": policies.can_manage_edition(request.user, enrolment.edition),
            "can_assess": policies.can_assess(request.user, enrolment),
            "sections": page_sections(request, page="enrolment", obj=enrolment),
        },
    )


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    enrolment = selectors.my_enrolments(actor=request.user).order_by("-edition__starts_on").first()
    if enrolment is None:
        messages.info(request, _("You are not enrolled in any edition yet."))
        return redirect("academy:programme-list")
    return redirect("academy:enrolment-detail", enrolment_id=enrolment.pk)


@login_required
def enrolment_withdraw(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    if not policies.can_manage_edition(request.user, enrolment.edition):
        raise PermissionDenied
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_withdraw(
                actor=request.user,
                enrolment=enrolment,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return redirect("academy:enrolment-detail", enrolment_id=enrolment.pk)
    return render(
        request, "academy/enrolment_withdraw.html", {"form": form, "enrolment": enrolment}
    )


@login_required
def enrolment_assess(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    if not policies.can_assess(request.user, enrolment):
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, initial={"score": enrolment.final_project_score})
    if request.method == "POST" and form.is_valid():
        services.final_project_assess(
            actor=request.user, enrolment=enrolment, score=form.cleaned_data["score"]
        )
        messages.success(request, _("The final-project score was saved."))
        return redirect("academy:enrolment-detail", enrolment_id=enrolment.pk)
    return render(request, "academy/enrolment_assess.html", {"form": form, "enrolment": enrolment})


@login_required
def session_create(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    form = SessionForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "module"}
        try:
            services.session_create(
                actor=request.user, edition=edition, module=form.cleaned_data["module"], **fields
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect("academy:edition-detail", edition_id=edition.pk)
    return render(request, "academy/session_form.html", {"form": form, "edition": edition})


@login_required
def group_create(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    form = GroupForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_create(
                actor=request.user,
                edition=edition,
                name=form.cleaned_data["name"],
                mentors=form.cleaned_data["mentors"],
                enrolments=form.cleaned_data["members"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The group was created."))
            return redirect("academy:edition-detail", edition_id=edition.pk)
    return render(request, "academy/group_form.html", {"form": form, "edition": edition})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """One session for the people it is for (and its staff), with what later apps add to it
    (knowledge: the session's and its module's materials)."""
    session = selectors.session_get(actor=request.user, session_id=session_id)
    return render(
        request,
        "academy/session_detail.html",
        {
            "session": session,
            "can_record": policies.can_record_attendance(request.user, session),
            "sections": page_sections(request, page="session", obj=session),
        },
    )


# --- attendance --------------------------------------------------------------------------------------


def _marks_from(
    post: dict[str, str], enrolment_ids: list[int]
) -> tuple[list[Mark], dict[int, str]]:
    """Read the grid's fields; rows left blank are not recorded. Returns marks and parse errors."""
    marks, errors = [], {}
    for pk in enrolment_ids:
        status = post.get(f"status-{pk}", "")
        if not status:
            continue
        raw = (post.get(f"missed-{pk}") or "").strip()
        missed = 0
        if status == AttendanceStatus.LATE:
            if not raw.isdigit():
                errors[pk] = _("Type the minutes missed as a whole number.")
                continue
            missed = int(raw)
        marks.append(Mark(enrolment_id=pk, status=status, minutes_missed=missed))
    return marks, errors


def _errors_by_row(error: ValidationError) -> dict[int, str]:
    """Map the service's `marks.<enrolment id>.<field>` errors to grid rows."""
    result: dict[int, str] = {}
    for key, problems in error.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit():
            pk = int(parts[1])
            result[pk] = " ".join(filter(None, [result.get(pk, ""), *problems]))
    return result


@login_required
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """The attendance grid: every participant × status, keyboard-first, saved per row with htmx.

    Without JavaScript the whole grid is one form with a save button.
    """
    session = selectors.session_get(actor=request.user, session_id=session_id)
    rows = selectors.attendance_grid(actor=request.user, session=session)
    if request.method == "GET" and request.GET.get("format") in {"csv", "xlsx"}:
        return session_attendance_export(session, rows, request.GET["format"])
    row_errors: dict[int, str] = {}
    if request.method == "POST":
        if request.POST.get("action") == "all-present":
            marks = [
                Mark(row.enrolment.pk, AttendanceStatus.PRESENT)
                for row in rows
                if not row.attendance
            ]
        else:
            marks, row_errors = _marks_from(request.POST, [row.enrolment.pk for row in rows])
        if not row_errors:
            try:
                services.attendance_record(actor=request.user, session=session, marks=marks)
            except ValidationError as error:
                row_errors = _errors_by_row(error)
        if not row_errors:
            messages.success(request, _("Attendance saved."))
            return redirect("academy:attendance", session_id=session.pk)
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
        for row in rows:
            row.typed_status = request.POST.get(f"status-{row.enrolment.pk}", "")
            row.typed_missed = request.POST.get(f"missed-{row.enrolment.pk}", "")
            row.error = row_errors.get(row.enrolment.pk, "")
    return render(
        request,
        "academy/attendance.html",
        {
            "session": session,
            "rows": rows,
            "rows_html": tables.attendance_rows(session, rows, AttendanceStatus.choices),
            "statuses": AttendanceStatus.choices,
        },
    )


@login_required
@require_POST
def attendance_mark(request: HttpRequest, session_id: int, enrolment_id: int) -> HttpResponse:
    """Save one row of the grid (htmx); answers with the row's save-state fragment."""
    session = selectors.session_get(actor=request.user, session_id=session_id)
    marks, errors = _marks_from(request.POST, [enrolment_id])
    message, ok = "", False
    if errors:
        message = errors[enrolment_id]
    elif not marks:
        message = _("Choose a status.")
    else:
        try:
            services.attendance_record(actor=request.user, session=session, marks=marks)
        except ValidationError as error:
            message = _errors_by_row(error).get(enrolment_id) or " ".join(error.messages)
        else:
            ok, message = True, _("Saved")
    return render(request, "academy/partials/save_state.html", {"ok": ok, "message": message})


# --- the public call and the application form ------------------------------------------------------

DRAFTS_SESSION_KEY = "academy_application_drafts"


def _own_application(request: HttpRequest, edition: Any) -> Any:
    """The visitor's application to this edition: by the token kept in their session, else (signed
    in) by their account."""
    token = request.session.get(DRAFTS_SESSION_KEY, {}).get(str(edition.pk), "")
    application = selectors.application_by_token(edition=edition, token=token)
    if application is None and request.user.is_authenticated:
        application = edition.applications.filter(applicant=request.user).first()
    return application


def _remember(request: HttpRequest, application: Any) -> None:
    drafts = dict(request.session.get(DRAFTS_SESSION_KEY, {}))
    drafts[str(application.edition_id)] = application.token
    request.session[DRAFTS_SESSION_KEY] = drafts


def call(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The public call page of an edition: what, when, for whom, and the way to apply."""
    call = selectors.call_public(edition_id=edition_id)
    edition = call.edition
    modules = list(edition.programme.modules.all())
    return render(
        request,
        "academy/call.html",
        {
            "call": call,
            "edition": edition,
            "modules": modules,
            "is_open": call.is_open(timezone.now()),
            "opens_later": call.published and call.opens_at > timezone.now(),
            "application": _own_application(request, edition),
        },
    )


def _limited(request: HttpRequest, action: str, email: str) -> int | None:
    """Seconds to wait when this client or this address asked too often (per-IP and per-address
    limits in the shared cache); None to go ahead."""
    limited = ratelimit.hit(request, action, keys=[email])
    return None if limited is None else limited.retry_after


def _too_many(request: HttpRequest, form: Any, retry_after: int) -> None:
    form.add_error(
        None,
        _(
            "Too many attempts from your network or for this e-mail address. Nothing was lost: "
            "please try again in %(minutes)s minutes."
        )
        % {"minutes": max(1, round(retry_after / 60))},
    )


# Each rendering carries its own random `form_key`: never a copy kept for the next visitor.
@never_cache
def application_form(request: HtmxHttpRequest, edition_id: int) -> HttpResponse:
    """Apply: saved as a draft as the person types (and with “Save draft”), submitted at the end.

    A draft can be continued later from the same browser, or anywhere from the private link that
    is e-mailed when the draft is first saved; that link also confirms the address, and only an
    application whose address is confirmed counts. Whatever address is typed, the page answers
    the same, so it tells nobody whether that address has applied. The form carries a random
    `form_key`, so an autosave and a submission that race each other land in one draft.
    """
    call = selectors.call_public(edition_id=edition_id)
    edition = call.edition
    if "draft" in request.GET:
        found = selectors.application_by_token(edition=edition, token=request.GET["draft"])
        if found is not None:
            _remember(request, found)
        else:
            messages.error(request, _("That link to an application is not valid."))
        return redirect("academy:application-form", edition_id=edition.pk)
    application = _own_application(request, edition)
    if application is not None and not application.is_draft:
        return render(
            request,
            "academy/application_submitted.html",
            {"edition": edition, "application": application},
        )
    if not call.is_open(timezone.now()):
        messages.info(request, _("Applications to this edition are closed."))
        return redirect("academy:call", edition_id=edition.pk)
    consent = selectors.consent_text_current()
    initial: dict[str, Any] = {
        "language": request.LANGUAGE_CODE,
        "language_track": request.LANGUAGE_CODE,
    }
    if request.user.is_authenticated and application is None:
        initial.update(
            full_name=request.user.full_name,
            email=request.user.email,
            gender=request.user.gender,
            birth_year=request.user.birth_year,
            voivodeship=request.user.voivodeship,
            sector=request.user.sector,
        )
    if edition.language in {"pl", "en"}:
        initial["language_track"] = edition.language
    form = ApplicationForm(
        request.POST or None,
        instance=application,
        edition=edition,
        user=request.user,
        initial={**initial, "consent_version": consent.version},
    )
    form_key = (request.POST.get("form_key") or "")[:64] or secrets.token_urlsafe(24)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        saved = None
        if form.is_valid():
            fields = form.application_fields()
            email = (fields.get("email") or "").strip().lower()
            starts = application is None and not services.draft_exists(
                edition=edition, form_key=form_key
            )
            wait = (
                _limited(request, "application_start", email)
                if email and (starts or (application is not None and email != application.email))
                else None
            )
            if wait is not None:
                _too_many(request, form, wait)
                status = 429
            else:
                try:
                    saved = services.application_save_draft(
                        actor=request.user,
                        edition=edition,
                        application=application,
                        form_key=form_key,
                        **fields,
                    )
                    _remember(request, saved)
                    if action == "submit":
                        services.application_submit(
                            actor=request.user,
                            application=saved,
                            consent_version=form.cleaned_data["consent_version"],
                            consent_given=form.cleaned_data["consent"],
                        )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    if request.htmx:
                        return render(
                            request,
                            "academy/partials/save_state.html",
                            {
                                "ok": True,
                                "message": _("Draft saved at %(time)s")
                                % {"time": timezone.localtime().strftime("%H:%M")},
                            },
                        )
                    if action == "submit":
                        return redirect("academy:application-form", edition_id=edition.pk)
                    messages.success(
                        request,
                        _(
                            "Your draft is saved. You can come back to it from this browser, or "
                            "from the link we are sending to your e-mail address."
                        ),
                    )
                    return redirect("academy:application-form", edition_id=edition.pk)
        if request.htmx:
            if status == 429:
                message = _("Not saved: too many attempts. Please try again later.")
            elif form.has_error("email"):
                message = _("Type your e-mail address to keep a draft.")
            else:
                message = _("Not saved: check the fields marked in red.")
            return render(
                request,
                "academy/partials/save_state.html",
                {"ok": False, "message": message},
                status=status,
            )
        if saved is not None and action == "submit":
            messages.warning(
                request, _("Your draft is saved, but it could not be submitted yet: see below.")
            )
    return render(
        request,
        "academy/application_form.html",
        {
            "call": call,
            "edition": edition,
            "form": form,
            "consent": consent,
            "application": application,
            "form_key": application.form_key if application and application.form_key else form_key,
        },
        status=status,
    )


def application_confirm(request: HttpRequest, edition_id: int, token: str) -> HttpResponse:
    """The e-mailed link: a page with one button (a GET never confirms, so a mail scanner that
    opens the link confirms nothing); the POST confirms the address and continues."""
    call = selectors.call_public(edition_id=edition_id)
    application = selectors.application_by_token(edition=call.edition, token=token)
    if application is None:
        raise Http404
    if request.method == "POST":
        try:
            outcome = services.application_confirm_email(application=application)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("academy:call", edition_id=call.edition_id)
        _remember(request, outcome.application)
        if outcome.duplicate:
            messages.info(
                request,
                _(
                    "This address has already applied to this edition: here is that application. "
                    "The other one was not counted."
                ),
            )
        elif outcome.application.is_draft:
            messages.success(
                request, _("Your e-mail address is confirmed. You can continue your application.")
            )
        else:
            messages.success(
                request, _("Your e-mail address is confirmed: your application counts now.")
            )
        return redirect("academy:application-form", edition_id=call.edition_id)
    return render(
        request,
        "academy/application_confirm.html",
        {"edition": call.edition, "application": application},
    )


@require_POST
def application_resend(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Send the confirmation link again to this browser's application (limited per client and
    per address)."""
    call = selectors.call_public(edition_id=edition_id)
    application = _own_application(request, call.edition)
    if application is None or application.email_confirmed_at is not None:
        return redirect("academy:application-form", edition_id=call.edition_id)
    limited = ratelimit.hit(request, "confirmation_resend", keys=[application.email])
    if limited is not None:
        messages.error(
            request,
            _("The link was sent a short while ago. Please check your inbox and spam folder."),
        )
    else:
        services.application_resend_confirmation(application=application)
        messages.success(request, _("We are sending the link again."))
    return redirect("academy:application-form", edition_id=call.edition_id)


# --- selection: the call, the applications list, review and decisions -------------------------------


@login_required
def call_edit(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    existing = getattr(edition, "call", None)
    form = CallForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_save(actor=request.user, edition=edition, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The call for applications was saved."))
            return redirect("academy:edition-applications", edition_id=edition.pk)
    return render(request, "academy/call_form.html", {"form": form, "edition": edition})


@login_required
def edition_applications(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Applications with their scores, filterable by status; each decided with one click."""
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    status = request.GET.get("status") or None
    if status not in {None, *ApplicationStatus.values} or status == ApplicationStatus.DRAFT:
        status = None
    sort = request.GET.get("sort", "submitted")
    applications = list(
        selectors.edition_applications(
            actor=request.user, edition=edition, status=status, sort=sort
        )
    )
    decision_choices = [(value, label) for value, label, _key in _decision_buttons()]
    return render(
        request,
        "academy/application_list.html",
        {
            "edition": edition,
            "applications": applications,
            "funnel": selectors.application_funnel(actor=request.user, editions=[edition]),
            "status": status or "",
            "sort": sort,
            "statuses": [s for s in ApplicationStatus if s != ApplicationStatus.DRAFT],
            "call": getattr(edition, "call", None),
            "can_manage": policies.can_manage_edition(request.user, edition),
            "decision_choices": decision_choices,
            "rows_html": tables.application_rows(request, applications, decision_choices),
        },
    )


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """One application: the answers, everyone's scores and notes, my review, the decision."""
    application = selectors.application_get(actor=request.user, application_id=application_id)
    mine = next((r for r in application.reviews.all() if r.reviewer_id == request.user.pk), None)
    form = ReviewForm(
        request.POST or None,
        initial={"score": mine.score, "note": mine.note} if mine else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_review(
                actor=request.user,
                application=application,
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your review was saved."))
            return redirect("academy:application-detail", application_id=application.pk)
    return render(
        request,
        "academy/application_detail.html",
        {
            "application": application,
            "edition": application.edition,
            "form": form,
            "next_pending": selectors.application_next_pending(
                actor=request.user, application=application
            ),
            "decisions": _decision_buttons(),
            "seats": selectors.edition_seats(edition=application.edition),
        },
    )


def _decision_buttons() -> list[tuple[str, str, str]]:
    """(decision, label, key) — the keys are the same in both languages."""
    return [
        (ApplicationStatus.ACCEPTED, _("Accept"), "A"),
        (ApplicationStatus.WAITLISTED, _("Waiting list"), "W"),
        (ApplicationStatus.REJECTED, _("Reject"), "R"),
    ]


@login_required
@require_POST
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=application_id)
    decision = request.POST.get("decision", "")
    try:
        services.application_decide(
            actor=request.user,
            application=application,
            decision=decision,
            over_capacity=request.POST.get("over_capacity") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("academy:application-detail", application_id=application.pk)
    messages.success(
        request,
        _("%(name)s: %(decision)s. The applicant has been e-mailed.")
        % {"name": application.full_name, "decision": application.get_status_display()},
    )
    if request.POST.get("then") == "next":
        following = selectors.application_next_pending(actor=request.user, application=application)
        if following is not None:
            return redirect("academy:application-detail", application_id=following.pk)
    return redirect(
        reverse("academy:edition-applications", args=[application.edition_id])
        + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    )


# --- import of participants -------------------------------------------------------------------------

IMPORT_SALT = "academy.participants-import"


def _stash_upload(data: bytes) -> str:
    """Keep the checked file on the shared media storage until the coordinator confirms."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    return default_storage.save(f"imports/{uuid.uuid4().hex}.upload", ContentFile(data))


@login_required
def participants_import(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Import a spreadsheet: a dry run lists every row (or every problem), then one click imports
    all rows or none."""
    from django.core import signing
    from django.core.files.storage import default_storage

    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    if not policies.can_manage_edition(request.user, edition):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result, token = None, ""
    if request.method == "POST" and request.POST.get("action") == "import":
        try:
            stash = signing.loads(request.POST.get("token", ""), salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The checked file has expired: choose it again."))
            return redirect("academy:participants-import", edition_id=edition.pk)
        if stash["edition"] != edition.pk or stash["user"] != request.user.pk:
            raise PermissionDenied
        with default_storage.open(stash["path"], "rb") as handle:
            data = handle.read()
        try:
            result = services.participants_import(
                actor=request.user,
                edition=edition,
                data=data,
                dry_run=False,
                encoding=stash.get("encoding", "auto"),
                over_capacity=request.POST.get("over_capacity") == "1",
            )
        except ValidationError as error:  # the edition filled up since the dry run
            messages.error(request, " ".join(error.messages))
            return redirect("academy:participants-import", edition_id=edition.pk)
        if result.needs_confirmation:
            messages.error(request, _("Confirm that you want to go beyond the capacity."))
            token = request.POST.get("token", "")
            return render(
                request,
                "academy/participants_import.html",
                {"edition": edition, "form": form, "result": result, "token": token},
            )
        default_storage.delete(stash["path"])
        if result.written:
            messages.success(
                request,
                _("%(count)d participants were enrolled.") % {"count": len(result.rows)},
            )
            return redirect("academy:edition-participants", edition_id=edition.pk)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        encoding = form.cleaned_data["encoding"] or "auto"
        result = services.participants_import(
            actor=request.user, edition=edition, data=data, dry_run=True, encoding=encoding
        )
        if result.ok:
            token = signing.dumps(
                {
                    "path": _stash_upload(data),
                    "edition": edition.pk,
                    "user": request.user.pk,
                    "encoding": encoding,
                },
                salt=IMPORT_SALT,
            )
    return render(
        request,
        "academy/participants_import.html",
        {"edition": edition, "form": form, "result": result, "token": token},
    )


# --- calendars ---------------------------------------------------------------------------------------


@login_required
def edition_calendar(request: AuthenticatedHttpRequest, edition_id: int) -> HttpResponse:
    """The edition's sessions by month, and the private addresses to subscribe to them."""
    edition = selectors.edition_get(actor=request.user, edition_id=edition_id)
    sessions = list(selectors.calendar_sessions(actor=request.user, edition=edition))
    months: dict[Any, list[Any]] = {}
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        months.setdefault(start.date().replace(day=1), []).append(session)
    token = services.calendar_token_for(user=request.user).token
    return render(
        request,
        "academy/edition_calendar.html",
        {
            "edition": edition,
            "months": sorted(months.items()),
            "count": len(sessions),
            "edition_feed": request.build_absolute_uri(
                reverse("academy:calendar-edition-feed", args=[token, edition.pk])
            ),
            "personal_feed": request.build_absolute_uri(
                reverse("academy:calendar-feed", args=[token])
            ),
        },
    )


def _ical_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Everything on the person's calendar, for calendar apps (the token is the credential)."""
    from sib.academy.calendars import sessions_ical

    owner = selectors.calendar_owner(token=token)
    sessions = selectors.calendar_sessions(actor=owner)
    return _ical_response(sessions_ical(sessions, name=_("SIB: my sessions")), "sib-sessions.ics")


def calendar_edition_feed(request: HttpRequest, token: str, edition_id: int) -> HttpResponse:
    from sib.academy.calendars import sessions_ical

    owner = selectors.calendar_owner(token=token)
    edition = selectors.edition_get(actor=owner, edition_id=edition_id)
    sessions = selectors.calendar_sessions(actor=owner, edition=edition)
    return _ical_response(
        sessions_ical(sessions, name=f"SIB: {edition.title}"), f"sib-edition-{edition.pk}.ics"
    )


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    services.calendar_token_reset(actor=request.user)
    messages.success(
        request,
        _("Your calendar addresses were changed. Subscribe again with the new address."),
    )
    target = request.POST.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("home")
    return redirect(target)


@login_required
@require_POST
def consent_give(request: HttpRequest, key: str) -> HttpResponse:
    from sib.academy import consents

    if key not in consents.OPTIONAL:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        consents.consent_give(actor=request.user, person=request.user, key=key, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent was recorded."))
    return redirect("accounts:my-data")


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, record_id: int) -> HttpResponse:
    from sib.academy import consents
    from sib.academy.models import ConsentRecord

    record = get_object_or_404(ConsentRecord, pk=record_id, user=request.user)
    if record.text.key not in consents.OPTIONAL:
        raise PermissionDenied
    consents.consent_withdraw(actor=request.user, record=record)
    messages.success(request, _("Your consent was withdrawn."))
    return redirect("accounts:my-data")


def guardian_consent(request: HttpRequest, token: str) -> HttpResponse:
    """A parent or guardian reads the consent text and confirms it (no account needed; the
    private link from their e-mail is the key)."""
    from sib.academy import guardians

    application = guardians.application_for_guardian(token)
    text = selectors.consent_text_current(guardians.GUARDIAN_CONSENT)
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            error = _("Tick the box to confirm your consent.")
        else:
            try:
                version = int(request.POST.get("version", ""))
            except ValueError:
                version = 0
            try:
                application = guardians.guardian_confirm(token=token, version=version)
            except ValidationError as problem:
                error = " ".join(problem.messages)
    response = render(
        request,
        "academy/guardian_consent.html",
        {"application": application, "text": text, "error": error},
        status=400 if error else 200,
    )
    response["Referrer-Policy"] = "no-referrer"
    return response
