from django.urls import path

from sib.credentials import views

app_name = "credentials"

urlpatterns = [
    path("", views.my_credentials, name="mine"),
    path("check/", views.check, name="check"),
    path("home-panel/", views.home_panel, name="home-panel"),
    path("issuer/", views.issuer_profile, name="issuer"),
    path("programmes/<int:programme_id>/achievement/", views.achievement_edit, name="achievement"),
    path("editions/<int:edition_id>/", views.edition_credentials, name="edition"),
    path("editions/<int:edition_id>/issue/", views.edition_issue_all, name="edition-issue"),
    path("enrolments/<int:enrolment_id>/issue/", views.enrolment_issue, name="enrolment-issue"),
    path("jobs/<int:job_id>/", views.job_progress, name="job"),
    path("status/<str:list_uuid>", views.status_list, name="status-list"),
    path("<str:credential_uuid>/manage/", views.credential_manage, name="manage"),
    path("<str:credential_uuid>/visibility/", views.visibility, name="visibility"),
    path(
        "<str:credential_uuid>/download/<str:kind>/",
        views.download,
        name="download",
    ),
]
