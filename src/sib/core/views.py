from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sib.core.plugins import contributions


def home(request: HttpRequest) -> HttpResponse:
    """Each person's home: the panels every app offers for their roles, what needs them first."""
    panels = []
    if request.user.is_authenticated:
        for provider in contributions("SIB_HOME_PANELS"):
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
