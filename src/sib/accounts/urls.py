from django.urls import path

from sib.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", views.my_data, name="my-data"),
    path("data/download/", views.my_data_download, name="my-data-download"),
    path("people/", views.people_privacy, name="people-privacy"),
    path("people/<int:person_id>/", views.person_privacy, name="person-privacy"),
    path("people/<int:person_id>/export/", views.person_export, name="person-export"),
    path("people/<int:person_id>/erase/", views.person_erase, name="person-erase"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
