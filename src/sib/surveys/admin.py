from django.contrib import admin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from sib.surveys.models import Instrument, Item, Option, Scale


class ScaleInline(TranslationTabularInline):
    model = Scale
    extra = 0


class ItemInline(TranslationStackedInline):
    model = Item
    extra = 0
    fields = ["position", "code", "kind", "scale", "text", "help_text", "required"]


@admin.register(Instrument)
class InstrumentAdmin(TranslationAdmin):
    """Templates (and their questions) are written here; surveys are made from them on the site."""

    list_display = ["title", "code", "kind", "is_template", "edition", "opens_at", "closes_at"]
    list_filter = ["is_template", "kind"]
    search_fields = ["code", "title_pl", "title_en"]
    inlines = [ScaleInline, ItemInline]
    readonly_fields = ["sent_at", "created_by"]


class OptionInline(TranslationTabularInline):
    model = Option
    extra = 0


@admin.register(Item)
class ItemAdmin(TranslationAdmin):
    list_display = ["code", "text", "kind", "instrument"]
    list_filter = ["kind"]
    inlines = [OptionInline]
