from modeltranslation.translator import TranslationOptions, register

from sib.surveys.models import Instrument, Item, Option, Scale


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Scale)
class ScaleTranslation(TranslationOptions):
    fields = ("title",)


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
