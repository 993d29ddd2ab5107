from django.urls import path

from sib.academy import views

app_name = "academy"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme-detail"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("programmes/new/", views.programme_edit, name="programme-create"),
    path("programmes/<int:programme_id>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:programme_id>/modules/new/", views.module_edit, name="module-create"),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module-edit"),
    path("modules/<int:module_id>/outcomes/new/", views.outcome_edit, name="outcome-create"),
    path("outcomes/<int:outcome_id>/edit/", views.outcome_edit, name="outcome-edit"),
    path("competences/", views.competence_list, name="competence-list"),
    path("competences/new/", views.competence_edit, name="competence-create"),
    path("competences/<int:competence_id>/edit/", views.competence_edit, name="competence-edit"),
    path("editions/", views.edition_list, name="edition-list"),
    path("editions/new/", views.edition_create, name="edition-create"),
    path("editions/<int:edition_id>/", views.edition_detail, name="edition-detail"),
    path("editions/<int:edition_id>/edit/", views.edition_update, name="edition-update"),
    path(
        "editions/<int:edition_id>/participants/",
        views.edition_participants,
        name="edition-participants",
    ),
    path("editions/<int:edition_id>/enrol/", views.enrolment_create, name="enrolment-create"),
    path("editions/<int:edition_id>/sessions/new/", views.session_create, name="session-create"),
    path("editions/<int:edition_id>/groups/new/", views.group_create, name="group-create"),
    path("progress/", views.my_progress, name="my-progress"),
    path("consents/<str:key>/give/", views.consent_give, name="consent-give"),
    path("consents/<int:record_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("enrolments/<int:enrolment_id>/", views.enrolment_detail, name="enrolment-detail"),
    path(
        "enrolments/<int:enrolment_id>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment-withdraw",
    ),
    path("enrolments/<int:enrolment_id>/assess/", views.enrolment_assess, name="enrolment-assess"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<int:session_id>/attendance/<int:enrolment_id>/",
        views.attendance_mark,
        name="attendance-mark",
    ),
    path(
        "editions/<int:edition_id>/import/",
        views.participants_import,
        name="participants-import",
    ),
    path("editions/<int:edition_id>/calendar/", views.edition_calendar, name="edition-calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>/sessions.ics", views.calendar_feed, name="calendar-feed"),
    path(
        "calendar/<str:token>/editions/<int:edition_id>.ics",
        views.calendar_edition_feed,
        name="calendar-edition-feed",
    ),
    path("call/<int:edition_id>/", views.call, name="call"),
    path("guardian/<str:token>/", views.guardian_consent, name="guardian-consent"),
    path("call/<int:edition_id>/apply/", views.application_form, name="application-form"),
    path(
        "call/<int:edition_id>/apply/confirm/<str:token>/",
        views.application_confirm,
        name="application-confirm",
    ),
    path(
        "call/<int:edition_id>/apply/resend/", views.application_resend, name="application-resend"
    ),
    path("editions/<int:edition_id>/call/", views.call_edit, name="call-edit"),
    path(
        "editions/<int:edition_id>/applications/",
        views.edition_applications,
        name="edition-applications",
    ),
    path("applications/<int:application_id>/", views.application_detail, name="application-detail"),
    path(
        "applications/<int:application_id>/decide/",
        views.application_decide,
        name="application-decide",
    ),
]
