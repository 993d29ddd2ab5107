from modeltranslation.translator import TranslationOptions, register

from sib.studio.models import Project


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
