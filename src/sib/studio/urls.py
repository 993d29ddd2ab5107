from django.urls import path

from sib.studio import views, views_export, views_files, views_team

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
    path("<int:project_id>/canvases/new/", views.canvas_create, name="canvas-create"),
    path("<int:project_id>/canvases/import/", views.canvas_import, name="canvas-import"),
    path("canvases/<int:canvas_id>/", views.canvas_detail, name="canvas"),
    path("canvases/<int:canvas_id>/save/", views.canvas_save, name="canvas-save"),
    path(
        "canvases/<int:canvas_id>/comment/<slug:block_key>/",
        views.canvas_comment,
        name="canvas-comment",
    ),
    path("canvases/<int:canvas_id>/compare/", views.canvas_compare, name="canvas-compare"),
    path("canvases/<int:canvas_id>/export.<str:fmt>", views.canvas_export, name="canvas-export"),
    path("<int:project_id>/mentoring/", views.mentoring, name="mentoring"),
    path(
        "<int:project_id>/mentoring/<int:session_id>/",
        views.mentoring_note,
        name="mentoring-note",
    ),
    path("actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("mentoring/", views.mentor_overview, name="mentor-overview"),
    path("<int:project_id>/files/", views_files.file_list, name="files"),
    path("files/<int:file_id>/", views_files.file_download, name="file"),
    path("files/<int:file_id>/delete/", views_files.file_delete, name="file-delete"),
    path("<int:project_id>/export.<str:fmt>", views_export.project_export, name="project-export"),
    path("<int:project_id>/team/", views_team.team_page, name="team"),
    path("<int:project_id>/team/add/", views_team.member_add, name="team-add"),
    path("<int:project_id>/team/<int:user_id>/role/", views_team.member_role, name="team-role"),
    path(
        "<int:project_id>/team/<int:user_id>/remove/", views_team.member_remove, name="team-remove"
    ),
    path("<int:project_id>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("milestones/<int:milestone_id>/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone-done"),
    path("<int:project_id>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator-edit"),
    path(
        "measurements/<int:measurement_id>/delete/",
        views.measurement_delete,
        name="measurement-delete",
    ),
    path("impact/", views.impact, name="impact"),
]
