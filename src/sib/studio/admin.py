from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from sib.studio.models import CanvasTemplate, Project, ProjectMember, StageChange, TemplateBlock


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["title", "stage", "voivodeship", "team", "published_at"]
    list_filter = ["stage", "voivodeship"]
    search_fields = ["title_pl", "title_en"]
    raw_id_fields = ["team", "lead_broker", "challenge", "created_by"]
    inlines = [ProjectMemberInline, StageChangeInline]


class TemplateBlockInline(admin.TabularInline):
    model = TemplateBlock
    extra = 0


@admin.register(CanvasTemplate)
class CanvasTemplateAdmin(TranslationAdmin):
    """Read the versions here; revise a template on its page, which keeps the old version."""

    list_display = ["title", "key", "version", "created_at"]
    inlines = [TemplateBlockInline]
