from django.urls import path

from sib.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", views.my_data, name="my-data"),
    path("data/download/", views.my_data_download, name="my-data-download"),
    path("data/erasure/", views.my_erasure_request, name="my-erasure-request"),
    path("people/", views.people_privacy, name="people-privacy"),
    path("people/<int:person_id>/", views.person_privacy, name="person-privacy"),
    path("people/<int:person_id>/export/", views.person_export, name="person-export"),
    path("people/<int:person_id>/erase/", views.person_erase, name="person-erase"),
    path(
        "people/<int:person_id>/erasure-request/",
        views.person_erasure_record,
        name="person-erasure-record",
    ),
    path("erasure-requests/", views.erasure_requests, name="erasure-requests"),
    path(
        "erasure-requests/<int:request_id>/",
        views.erasure_request_detail,
        name="erasure-request",
    ),
    path(
        "erasure-requests/<int:request_id>/erase/",
        views.erasure_request_complete,
        name="erasure-request-complete",
    ),
    path(
        "erasure-requests/<int:request_id>/refuse/",
        views.erasure_request_refuse,
        name="erasure-request-refuse",
    ),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
