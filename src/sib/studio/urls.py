from django.urls import path

from sib.studio import views

app_name = "studio"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("new/", views.project_create, name="project-create"),
    path(
        "from-challenge/<int:challenge_id>/",
        views.project_from_challenge,
        name="project-from-challenge",
    ),
    path("<int:project_id>/", views.project_detail, name="project"),
    path("<int:project_id>/edit/", views.project_edit, name="project-edit"),
    path("<int:project_id>/stage/", views.project_stage, name="project-stage"),
    path("<int:project_id>/publish/", views.project_publish, name="project-publish"),
    path("<int:project_id>/consent/", views.name_consent, name="name-consent"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_create, name="template-create"),
    path("templates/<int:template_id>/", views.template_detail, name="template"),
    path("templates/<int:template_id>/revise/", views.template_revise, name="template-revise"),
]
