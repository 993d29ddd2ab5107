from modeltranslation.translator import TranslationOptions, register

from sib.brokerage.models import Challenge, Consultation, Resource


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("title", "summary", "affected", "evidence", "causes", "existing")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "description", "eligibility")


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "description")
