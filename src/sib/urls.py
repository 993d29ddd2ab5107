from django.contrib import admin
from django.urls import include, path

from sib.accounts.views import set_language
from sib.api.api import api
from sib.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("language/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("sib.accounts.urls")),
    path("academy/", include("sib.academy.urls")),
    path("surveys/", include("sib.surveys.urls")),
    path("events/", include("sib.events.urls")),
    path("reports/", include("sib.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
