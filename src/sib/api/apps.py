from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sib.api"
    label = "api"
    verbose_name = "API"
