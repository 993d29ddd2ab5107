from modeltranslation.translator import TranslationOptions, register

from sib.knowledge.models import Document, Material, Term


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)


@register(Term)
class TermTranslation(TranslationOptions):
    fields = (
        "label",
        "alt_labels",
        "hidden_labels",
        "definition",
        "examples",
        "didactic_issues",
        "country_context",
    )
