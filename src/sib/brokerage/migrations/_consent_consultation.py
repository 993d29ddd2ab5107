"""Version 1 of the terms a resident without an account agrees to before commenting on a
consultation (decision 0606)."""

import datetime as dt

KEY = "brokerage.consultation"
PUBLISHED_AT = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
TEXT_PL = (
    "Biorę udział w konsultacji jako mieszkanka lub mieszkaniec bez konta. Mój komentarz zostanie "
    "opublikowany z podanym imieniem (lub pseudonimem) dopiero po potwierdzeniu adresu e-mail "
    "linkiem z wiadomości. Adres e-mail służy tylko do tego potwierdzenia i do informacji od "
    "moderatora; nie jest pokazywany i zostaje usunięty w ciągu 180 dni od zamknięcia konsultacji "
    "(komentarz niepotwierdzony w ciągu 7 dni jest usuwany). Komentarze naruszające zasady "
    "kulturalnej dyskusji mogą zostać ukryte. Mogę poprosić o wgląd w moje dane lub ich usunięcie."
)
TEXT_EN = (
    "I take part in the consultation as a resident without an account. My comment is published "
    "with the name (or pseudonym) I give only after I confirm my e-mail address with the link in "
    "the message. The address is used only for that confirmation and for messages from a "
    "moderator; it is not shown and is removed within 180 days after the consultation closes (a "
    "comment not confirmed within 7 days is deleted). Comments that break the rules of a civil "
    "discussion may be hidden. I may ask to see my data or to have it removed."
)


def create(apps, schema_editor):
    ConsentText = apps.get_model("academy", "ConsentText")
    ConsentText.objects.get_or_create(
        key=KEY,
        version=1,
        defaults={
            "text": TEXT_PL,
            "text_pl": TEXT_PL,
            "text_en": TEXT_EN,
            "published_at": PUBLISHED_AT,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("academy", "ConsentText").objects.filter(key=KEY, version=1).delete()
