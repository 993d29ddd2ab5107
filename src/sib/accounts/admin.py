from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sib.accounts.models import ApiToken, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_staff", "partner_for", "is_active"]
    list_filter = ["is_staff", "is_active", "sector", "voivodeship", "gender"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "preferred_language")}),
        (
            _("Profile"),
            {"fields": ("gender", "birth_year", "voivodeship", "sector", "organisation")},
        ),
        (
            _("Roles"),
            {"fields": ("is_active", "is_staff", "is_superuser", "partner_for", "groups")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "country"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["user__email", "prefix"]
