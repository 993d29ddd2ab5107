from django.urls import path

from sib.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("exports/<uuid:export_id>/", views.export_status, name="export"),
    path("exports/<uuid:export_id>/file", views.export_file, name="export-file"),
]
for prefix, kind in (
    ("all/", "all"),
    ("editions/<int:pk>/", "edition"),
    ("programmes/<int:pk>/", "programme"),
):
    urlpatterns += [
        path(prefix, views.dashboard, {"kind": kind}, name=f"{kind}-dashboard"),
        path(f"{prefix}report/", views.report, {"kind": kind}, name=f"{kind}-report"),
        path(f"{prefix}report.pdf", views.report_pdf, {"kind": kind}, name=f"{kind}-pdf"),
        path(f"{prefix}report.xlsx", views.report_xlsx, {"kind": kind}, name=f"{kind}-xlsx"),
        path(f"{prefix}report.csv", views.report_csv, {"kind": kind}, name=f"{kind}-csv"),
        path(f"{prefix}export/", views.report_export, {"kind": kind}, name=f"{kind}-export"),
    ]
