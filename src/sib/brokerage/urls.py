from django.urls import path

from sib.brokerage import views

app_name = "brokerage"

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/export.<str:fmt>", views.challenge_export, name="challenges-export"),
    path("challenges/new/", views.challenge_create, name="challenge-create"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:challenge_id>/edit/", views.challenge_edit, name="challenge-edit"),
    path("challenges/<int:challenge_id>/submit/", views.challenge_submit, name="challenge-submit"),
    path(
        "challenges/<int:challenge_id>/publish/", views.challenge_publish, name="challenge-publish"
    ),
    path("challenges/<int:challenge_id>/return/", views.challenge_return, name="challenge-return"),
    path("challenges/<int:challenge_id>/status/", views.challenge_status, name="challenge-status"),
    path(
        "challenges/<int:challenge_id>/propose/<int:broker_id>/",
        views.introduction_propose,
        name="propose",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/consent/", views.consent, name="consent"),
    path("introductions/", views.introduction_list, name="introductions"),
    path("introductions/<int:introduction_id>/", views.introduction_detail, name="introduction"),
    path(
        "introductions/<int:introduction_id>/accept/",
        views.introduction_accept,
        name="introduction-accept",
    ),
    path(
        "introductions/<int:introduction_id>/decline/",
        views.introduction_decline,
        name="introduction-decline",
    ),
    path(
        "introductions/<int:introduction_id>/outcome/",
        views.introduction_outcome,
        name="introduction-outcome",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("matching/", views.match_runs, name="runs"),
    path("matching/weights/", views.weights, name="weights"),
    path("matching/weights/history/", views.weights_history, name="weights-history"),
    path("matching/<int:run_id>/", views.match_run, name="run"),
    path("matching/<int:run_id>/propose/", views.match_run_propose, name="run-propose"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation-create"),
    path("resources/", views.resource_list, name="resources"),
    path("resources/new/", views.resource_create, name="resource-create"),
    path("resources/<int:resource_id>/", views.resource_edit, name="resource-edit"),
    path("consultations/<int:consultation_id>/", views.consultation_detail, name="consultation"),
    path("consultations/confirm/<str:token>/", views.comment_confirm, name="comment-confirm"),
    path(
        "consultations/<int:consultation_id>/synthesis/",
        views.consultation_synthesis,
        name="consultation-synthesis",
    ),
    path(
        "consultations/<int:consultation_id>/answer/",
        views.consultation_answer,
        name="consultation-answer",
    ),
    path(
        "consultations/<int:consultation_id>/meetings/",
        views.consultation_meeting,
        name="consultation-meeting",
    ),
    path("comments/<int:comment_id>/support/", views.comment_support, name="comment-support"),
    path("comments/<int:comment_id>/report/", views.comment_report, name="comment-report"),
    path("comments/<int:comment_id>/hide/", views.comment_hide, name="comment-hide"),
]
