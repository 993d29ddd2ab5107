"""For operators: the knowledge tables in the admin (coordinators edit in the platform's pages)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from sib.knowledge.models import Document, Material, Relation, Term


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ["key", "title", "audience", "published", "version"]
    readonly_fields = ["version"]


@admin.register(Term)
class TermAdmin(TranslationAdmin):
    list_display = ["slug", "label", "published"]
    search_fields = ["slug", "label_pl", "label_en"]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]


@admin.register(Material)
class MaterialAdmin(TranslationAdmin):
    list_display = ["title", "kind", "public", "programme", "module", "session"]
    readonly_fields = ["file", "filename", "content_type", "size"]
