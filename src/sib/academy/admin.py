from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from sib.academy.models import (
    Attendance,
    Competence,
    Edition,
    EditionStaff,
    Enrolment,
    Group,
    LearningOutcome,
    Module,
    Programme,
    Session,
)


@admin.register(Competence)
class CompetenceAdmin(TranslationAdmin):
    list_display = ["code", "name", "position"]


class ModuleInline(TranslationTabularInline):
    model = Module
    extra = 0
    fields = [
        "position",
        "code",
        "title",
        "lecture_minutes",
        "workshop_minutes",
        "mentoring_minutes",
    ]


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = [
        "code",
        "title",
        "kind",
        "min_total_minutes",
        "min_mentoring_minutes",
        "pass_mark_percent",
    ]
    inlines = [ModuleInline]


class OutcomeInline(TranslationTabularInline):
    model = LearningOutcome
    extra = 0


@admin.register(Module)
class ModuleAdmin(TranslationAdmin):
    list_display = [
        "code",
        "title",
        "programme",
        "lecture_minutes",
        "workshop_minutes",
        "mentoring_minutes",
    ]
    list_filter = ["programme"]
    filter_horizontal = ["competences"]
    inlines = [OutcomeInline]


class StaffInline(admin.TabularInline):
    model = EditionStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = ["code", "title", "programme", "starts_on", "status", "target"]
    list_filter = ["status", "programme"]
    inlines = [StaffInline]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "edition"]
    list_filter = ["edition"]
    filter_horizontal = ["mentors"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "edition", "group", "final_project_score", "withdrawn_on"]
    list_filter = ["edition", "group"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(Session)
class SessionAdmin(TranslationAdmin):
    list_display = ["starts_at", "module", "format", "group", "duration_minutes", "leader"]
    list_filter = ["edition", "format"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "enrolment", "status", "minutes_missed"]
    list_filter = ["status", "session__edition"]
