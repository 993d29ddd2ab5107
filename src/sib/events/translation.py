from modeltranslation.translator import TranslationOptions, register

from sib.events.models import (
    AgendaItem,
    Event,
    Presentation,
    RegistrationQuestion,
    Room,
    Speaker,
)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "bio")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")


@register(Presentation)
class PresentationTranslation(TranslationOptions):
    fields = ("project_title", "summary")
