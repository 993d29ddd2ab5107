from modeltranslation.translator import TranslationOptions, register

from sib.core.models import SdgGoal, SdgTarget, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(SdgGoal)
class SdgGoalTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("title",)
