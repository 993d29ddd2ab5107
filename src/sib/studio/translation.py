from modeltranslation.translator import TranslationOptions, register

from sib.studio.models import CanvasTemplate, Indicator, Milestone, Project, TemplateBlock


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(CanvasTemplate)
class CanvasTemplateTranslation(TranslationOptions):
    fields = ("title", "description")


@register(TemplateBlock)
class TemplateBlockTranslation(TranslationOptions):
    fields = ("label", "prompt")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")
