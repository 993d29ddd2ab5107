from django.contrib import admin
from django.urls import include, path, re_path

from sib.accounts.views import set_language
from sib.api import views as api_views
from sib.api.api import api
from sib.core import views as core_views
from sib.core.favicon import favicon
from sib.credentials import views as credential_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
    path("language/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("sib.accounts.urls")),
    path("academy/", include("sib.academy.urls")),
    path("credentials/", include("sib.credentials.urls")),
    path("c/<str:credential_uuid>/", credential_views.verify_page, name="credential-verify"),
    path(".well-known/did.json", credential_views.did_document, name="did-document"),
    path("surveys/", include("sib.surveys.urls")),
    path("knowledge/", include("sib.knowledge.urls")),
    path("brokerage/", include("sib.brokerage.urls")),
    path("studio/", include("sib.studio.urls")),
    path("projects/", include("sib.studio.showcase")),
    path("events/", include("sib.events.urls")),
    path("reports/", include("sib.reports.urls")),
    path("outbox/", include("sib.core.urls")),
    path("audit/", core_views.audit_trail, name="audit-trail"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_views.not_found),
    path("admin/", admin.site.urls),
]

# A database outage answers 503 (try again), never a traceback.
handler500 = "sib.core.views.server_error"
