from modeltranslation.translator import TranslationOptions, register

from sib.credentials.models import Achievement


@register(Achievement)
class AchievementTranslation(TranslationOptions):
    fields = ("name", "description", "criteria", "assessment", "participation", "quality_assurance")
