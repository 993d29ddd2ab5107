from modeltranslation.translator import TranslationOptions, register

from sib.academy.models import (
    ApplicationCall,
    Competence,
    ConsentText,
    Edition,
    LearningOutcome,
    Module,
    Programme,
    Session,
)


@register(Competence)
class CompetenceTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "summary", "audience")


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("title", "description")


@register(LearningOutcome)
class LearningOutcomeTranslation(TranslationOptions):
    fields = ("text",)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title",)


@register(ApplicationCall)
class ApplicationCallTranslation(TranslationOptions):
    fields = ("intro",)


@register(ConsentText)
class ConsentTextTranslation(TranslationOptions):
    fields = ("text",)
