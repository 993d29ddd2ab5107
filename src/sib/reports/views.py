"""Thin views: the reports index, the live dashboard, and the report in HTML, PDF, XLSX and CSV."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from sib.academy.models import Programme
from sib.core.exports import csv_response, xlsx_response
from sib.core.pdf import pdf_response, render_pdf
from sib.core.reporting import ReportScope
from sib.reports import policies, selectors
from sib.reports.exports import indicator_rows, workbook_sheets


def _scope(request: HttpRequest, kind: str, pk: int | None) -> ReportScope:
    if kind == "edition":
        return selectors.scope_edition(actor=request.user, edition_id=pk)  # type: ignore[arg-type]
    if kind == "programme":
        return selectors.scope_programme(actor=request.user, programme_id=pk)  # type: ignore[arg-type]
    return selectors.scope_all(actor=request.user)


def _links(kind: str, pk: int | None) -> dict[str, str]:
    from django.urls import reverse

    args = [pk] if pk is not None else []
    return {
        name: reverse(f"reports:{kind}-{name}", args=args)
        for name in ("dashboard", "report", "pdf", "xlsx", "csv")
    }


def _filename(scope: ReportScope, extension: str) -> str:
    return f"sib-report-{slugify(scope.label) or 'all'}-{timezone.localdate():%Y%m%d}.{extension}"


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


def _context(request: HttpRequest, kind: str, pk: int | None) -> dict[str, Any]:
    scope = _scope(request, kind, pk)
    report = selectors.report_build(actor=request.user, scope=scope)
    return {"report": report, "scope": scope, "links": _links(kind, pk), "kind": kind}


@login_required
def dashboard(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    return render(request, "reports/dashboard.html", _context(request, kind, pk))


@login_required
def report(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    return render(request, "reports/report.html", _context(request, kind, pk))


@login_required
def report_pdf(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    context["generated"] = timezone.now()
    content = render_pdf("reports/report_pdf.html", context, request=request)
    return pdf_response(content, _filename(context["scope"], "pdf"))


@login_required
def report_xlsx(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    return xlsx_response(_filename(context["scope"], "xlsx"), workbook_sheets(context["report"]))


@login_required
def report_csv(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    context = _context(request, kind, pk)
    header, rows = indicator_rows(context["report"])
    return csv_response(_filename(context["scope"], "csv"), header, rows)
