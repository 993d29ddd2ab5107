from modeltranslation.translator import TranslationOptions, register

from sib.studio.models import CanvasTemplate, Project, TemplateBlock


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(CanvasTemplate)
class CanvasTemplateTranslation(TranslationOptions):
    fields = ("title", "description")


@register(TemplateBlock)
class TemplateBlockTranslation(TranslationOptions):
    fields = ("label", "prompt")
