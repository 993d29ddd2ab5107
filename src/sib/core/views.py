from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
