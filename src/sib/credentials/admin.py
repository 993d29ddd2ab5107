from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from sib.credentials.models import (
    Achievement,
    Credential,
    IssuanceJob,
    Issuer,
    IssuerKey,
    StatusList,
)


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ("name", "did", "country_code")
    readonly_fields = ("did", "base_url")


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ("verification_method", "created_at", "retired_at")
    readonly_fields = ("issuer", "public_key_multibase", "verification_method", "retired_at")


@admin.register(Achievement)
class AchievementAdmin(TranslationAdmin):
    list_display = ("name", "programme", "achievement_type")


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    """Read-only: issuing, revoking and suspending go through the services (audit trail)."""

    list_display = ("serial", "holder_name", "state", "issued_at", "hidden")
    list_filter = ("state",)
    search_fields = ("serial", "holder_name", "uuid")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(StatusList)
class StatusListAdmin(admin.ModelAdmin):
    list_display = ("url", "version", "size")
    readonly_fields = ("url", "version", "size", "signed_version")


@admin.register(IssuanceJob)
class IssuanceJobAdmin(admin.ModelAdmin):
    list_display = ("edition", "state", "done", "total", "issued", "skipped", "created_at")
