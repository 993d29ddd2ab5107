from django.urls import path

from sib.core import views

app_name = "core"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:email_id>/resend/", views.outbox_resend, name="outbox-resend"),
]
