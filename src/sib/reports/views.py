"""Thin views: the reports index, the live dashboard, and the report in HTML, PDF, XLSX and CSV."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from sib.academy.models import Programme
from sib.accounts.http import HtmxHttpRequest
from sib.core.exports import csv_response, xlsx_response
from sib.core.pdf import pdf_response, render_pdf
from sib.core.reporting import ReportScope
from sib.reports import policies, selectors, services
from sib.reports.exports import indicator_rows, workbook_sheets
from sib.reports.models import ExportStatus


def _scope(request: HttpRequest, kind: str, pk: int | None) -> ReportScope:
    return services.scope_for(actor=request.user, kind=kind, pk=pk)


def _links(kind: str, pk: int | None) -> dict[str, str]:
    from django.urls import reverse

    args = [pk] if pk is not None else []
    return {
        name: reverse(f"reports:{kind}-{name}", args=args)
        for name in ("dashboard", "report", "pdf", "xlsx", "csv", "export")
    }


def _filename(scope: ReportScope, extension: str) -> str:
    return selectors.report_filename(scope, extension)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not policies.can_view_reports(request.user):
        raise PermissionDenied
    editions = policies.editions_reportable(request.user).select_related("programme")
    return render(
        request,
        "reports/index.html",
        {
            "editions": editions.order_by("-starts_on"),
            "programmes": Programme.objects.filter(editions__isnull=False).distinct()
            if policies.can_report_on_all(request.user)
            else [],
            "can_all": policies.can_report_on_all(request.user),
        },
    )


def _cycle_collection_paused(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Building and rendering a report at scale L makes some 200,000 small objects (rows,
    records, progress) that live until the page is rendered; each burst of them set off a full
    garbage collection over the whole heap, a third of the time. They make no reference cycles,
    so reference counting frees them when the view returns, and only then does the cycle
    collector resume, with little left to look at."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> HttpResponse:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return view(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


def _context(request: HttpRequest, kind: str, pk: int | None) -> dict[str, Any]:
    scope = _scope(request, kind, pk)
    report = selectors.report_build(actor=request.user, scope=scope)
    return {"report": report, "scope": scope, "links": _links(kind, pk), "kind": kind}


@login_required
@_cycle_collection_paused
def dashboard(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    return render(request, "reports/dashboard.html", _context(request, kind, pk))


@login_required
@_cycle_collection_paused
def report(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    return render(request, "reports/report.html", _context(request, kind, pk))


@login_required
@_cycle_collection_paused
def report_pdf(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    context["generated"] = timezone.now()
    content = render_pdf("reports/report_pdf.html", context, request=request)
    return pdf_response(content, _filename(context["scope"], "pdf"))


@login_required
@_cycle_collection_paused
def report_xlsx(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    return xlsx_response(_filename(context["scope"], "xlsx"), workbook_sheets(context["report"]))


@login_required
@_cycle_collection_paused
def report_csv(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    header, rows = indicator_rows(context["report"])
    return csv_response(_filename(context["scope"], "csv"), header, rows)


@login_required
@require_POST
def report_export(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Queue the PDF or XLSX; the next page shows its progress and then the download."""
    fmt = request.POST.get("format", "pdf")
    if fmt not in services.FORMATS:
        raise Http404
    export = services.report_export_request(
        actor=request.user, kind=kind, pk=pk, fmt=fmt, language=get_language() or "pl"
    )
    return redirect("reports:export", export_id=export.pk)


@login_required
def export_status(request: HtmxHttpRequest, export_id: str) -> HttpResponse:
    export = selectors.export_get(actor=request.user, export_id=export_id)
    template = "reports/partials/export_state.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": export, "statuses": ExportStatus})


@login_required
def export_file(request: HttpRequest, export_id: str) -> HttpResponse:
    export = selectors.export_get(actor=request.user, export_id=export_id)
    if export.status != ExportStatus.DONE:
        raise Http404
    if not export.file:
        raise Http404
    with export.file.open("rb") as handle:
        content = handle.read()
    if export.format == "pdf":
        return pdf_response(content, export.filename)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
