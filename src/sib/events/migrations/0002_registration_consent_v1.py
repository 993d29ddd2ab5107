"""The first version of the consent text every event registration records."""

import datetime as dt

from django.db import migrations

KEY = "events.registration"

TEXT_PL = (
    "Wyrażam zgodę na przetwarzanie moich danych osobowych podanych w tym formularzu przez "
    "organizatora programu Brokerzy Innowacji Społecznych w celu obsługi mojej rejestracji na "
    "wydarzenie: wysłania biletu i informacji organizacyjnych, kontroli wejścia oraz "
    "sporządzenia listy obecności. Płeć i województwo podaję dobrowolnie; służą wyłącznie do "
    "zbiorczych, anonimowych statystyk w sprawozdaniach programu. Zgodę mogę w każdej chwili "
    "wycofać, anulując rejestrację przez link w wiadomości z biletem."
)
TEXT_EN = (
    "I agree that the organiser of the Social Innovation Brokers programme processes the personal "
    "data in this form to handle my registration for the event: to send my ticket and practical "
    "information, check me in at the entrance and keep the attendance list. Gender and "
    "voivodeship are optional and used only for aggregate, anonymous statistics in the "
    "programme's reports. I may withdraw this consent at any time by cancelling the registration "
    "through the link in my ticket e-mail."
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
            "published_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        },
    )


def remove(apps, schema_editor):
    apps.get_model("academy", "ConsentText").objects.filter(key=KEY, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("academy", "0004_application_consent_v1")]

    operations = [migrations.RunPython(create, remove)]
