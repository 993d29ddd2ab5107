from django.urls import path

from sib.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.instrument_list, name="instrument-list"),
    path("new/", views.instrument_create, name="instrument-create"),
    path("templates/new/", views.template_edit, name="template-create"),
    path("templates/<int:template_id>/edit/", views.template_edit, name="template-edit"),
    path(
        "templates/<int:template_id>/questions/new/",
        views.question_edit,
        name="question-create",
    ),
    path("questions/<int:item_id>/edit/", views.question_edit, name="question-edit"),
    path("mine/", views.my_surveys, name="my-surveys"),
    path("compare/", views.comparison, name="comparison"),
    path("<int:instrument_id>/", views.instrument_detail, name="instrument-detail"),
    path("<int:instrument_id>/send/", views.instrument_send, name="instrument-send"),
    path("<int:instrument_id>/remind/", views.instrument_remind, name="instrument-remind"),
    path("<int:instrument_id>/answer/", views.answer, name="answer"),
    path("<int:instrument_id>/answer/save/", views.answer_autosave, name="answer-save"),
]
