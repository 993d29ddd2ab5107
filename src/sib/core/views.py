from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.core import readiness
from sib.core.logs import current_request_id
from sib.core.plugins import contributions
from sib.core.problems import problem_response

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 15


def home(request: HttpRequest) -> HttpResponse:
    """Each person's home: the panels every app offers for their roles, what needs them first.

    Anonymous visitors get the front door instead (`SIB_FRONT_DOOR`): what each app offers the
    public right now (open calls, upcoming events, how to verify a credential), one click away."""
    panels = []
    setting = "SIB_HOME_PANELS" if request.user.is_authenticated else "SIB_FRONT_DOOR"
    for provider in contributions(setting):
        panels.extend(provider(request))
    panels.sort(key=lambda panel: panel.order)
    return render(request, "core/home.html", {"panels": panels})


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: may this process take traffic, and is the rest healthy?

    503 when the database or the cache fails or migrations are missing (do not send traffic);
    200 with status "degraded" when only the task worker is silent or jobs wait too long.
    """
    report = readiness.report()
    status = 503 if report["status"] == readiness.UNAVAILABLE else 200
    response = JsonResponse(report, status=status)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 while the database is away: no traceback, rendered without touching the database."""
    if request.path.startswith("/api/"):
        response = problem_response(
            503,
            _("Service unavailable"),
            _("The platform cannot reach its database right now. Try again in a moment."),
        )
    else:
        page = render_to_string(
            "core/unavailable.html",
            {
                "title": _("Service unavailable"),
                "explanation": _(
                    "The platform cannot reach its database right now. If you sent a form, "
                    "it may not have been saved: try again in a moment."
                ),
                "path": request.path,
                "request_id": current_request_id(),
            },
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage answers 503 (try again); anything else a plain 500 page."""
    if readiness.is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    page = render_to_string(
        "500.html",
        {
            "status": 500,
            "title": _("Server error"),
            "explanation": _("Something went wrong on our side. It has been logged."),
            "path": request.path,
            "request_id": current_request_id(),
        },
    )
    return HttpResponse(page, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a sent form whose security token is missing or old (a page left open
    for long, blocked cookies) — the site's layout and what to do, never Django's debug text."""
    page = render_to_string(
        "403_csrf.html",
        {
            "status": 403,
            "title": _("The form could not be sent"),
            "explanation": _(
                "The page was open for too long or your browser blocked cookies. Go back, "
                "reload the page and send the form again."
            ),
            "request_id": current_request_id(),
        },
    )
    return HttpResponse(page, status=403)


# --- the mail outbox (coordinators) -----------------------------------------------------------


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Every message the platform sends, failures first, with a button to send one again."""
    from django.core.paginator import Paginator

    from sib.core import selectors
    from sib.core.models import EmailState

    state = request.GET.get("state", "")
    purpose = request.GET.get("purpose", "")
    q = request.GET.get("q", "")[:100]
    messages_page = Paginator(
        selectors.outbox_list(actor=request.user, state=state, purpose=purpose, q=q), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "core/outbox.html",
        {
            "page": messages_page,
            "state": state,
            "purpose": purpose,
            "q": q,
            "states": EmailState.choices,
            "purposes": selectors.outbox_purposes(actor=request.user),
            "counts": selectors.outbox_counts(actor=request.user),
        },
    )


@login_required
@require_POST
def outbox_resend(request: HttpRequest, email_id: int) -> HttpResponse:
    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import gettext as _

    from sib.core import mail
    from sib.core.models import OutboundEmail
    from sib.core.policies import can_see_outbox

    if not can_see_outbox(request.user):
        raise PermissionDenied
    email = get_object_or_404(OutboundEmail, pk=email_id)
    mail.resend(actor=request.user, email=email)
    messages.success(
        request, _("The message to %(to)s is queued again.") % {"to": ", ".join(email.to)}
    )
    target = request.POST.get("next", "")
    if not target.startswith("/outbox/"):
        target = "/outbox/"
    return redirect(target)


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who did what, when, from which address: coordinators search it (fixed query count)."""
    from django.core.paginator import Paginator

    from sib.core import selectors
    from sib.core.forms import AuditFilterForm
    from sib.core.policies import can_see_audit

    if not can_see_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        )
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(selectors.audit_entries(actor=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "actions": selectors.audit_actions(actor=request.user),
        },
    )
