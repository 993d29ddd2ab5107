from django.urls import path

from sib.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("desk/", views.desk, name="desk"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.event_create, name="create"),
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/new/", views.speaker_form, name="speaker-create"),
    path("speakers/<int:speaker_id>/edit/", views.speaker_form, name="speaker-edit"),
    path("speakers/<int:speaker_id>/photo", views.speaker_photo, name="speaker-photo"),
    path("tickets/<str:token>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/cancel/", views.ticket_cancel, name="ticket-cancel"),
    path(
        "tickets/<str:token>/workshops/<int:item_id>/",
        views.ticket_workshop,
        name="ticket-workshop",
    ),
    path("groups/<str:token>/", views.group_page, name="group"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/register/sent/", views.register_sent, name="register-sent"),
    path("<int:event_id>/programme/", views.programme, name="programme"),
    path("<int:event_id>/calendar.ics", views.event_calendar, name="ics"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/manage/", views.manage, name="manage"),
    path("<int:event_id>/agenda/new/", views.item_form, name="item-create"),
    path("<int:event_id>/agenda/<int:item_id>/edit/", views.item_form, name="item-edit"),
    path("<int:event_id>/agenda/<int:item_id>/delete/", views.item_delete, name="item-delete"),
    path(
        "<int:event_id>/agenda/<int:item_id>/attendance/",
        views.item_attendance,
        name="item-attendance",
    ),
    path("<int:event_id>/rooms/new/", views.room_form, name="room-create"),
    path("<int:event_id>/questions/new/", views.question_form, name="question-create"),
    path(
        "<int:event_id>/questions/<int:question_id>/edit/",
        views.question_form,
        name="question-edit",
    ),
    path("<int:event_id>/presentations/new/", views.presentation_form, name="presentation-create"),
    path(
        "<int:event_id>/presentations/<int:presentation_id>/edit/",
        views.presentation_form,
        name="presentation-edit",
    ),
    path("<int:event_id>/registrations/", views.registrations, name="registrations"),
    path(
        "<int:event_id>/registrations/<int:registration_id>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("<int:event_id>/badges.pdf", views.badges, name="badges"),
    path("<int:event_id>/stats/", views.stats, name="stats"),
    path("<int:event_id>/feedback/", views.feedback, name="feedback"),
    path("<int:event_id>/check-in/", views.checkin, name="checkin"),
    path("<int:event_id>/check-in/scan/", views.checkin_scan, name="checkin-scan"),
    path(
        "<int:event_id>/check-in/people/<int:registration_id>/",
        views.checkin_do,
        name="checkin-do",
    ),
    path("<int:event_id>/check-in/<str:code>/", views.checkin_code, name="checkin-code"),
]
