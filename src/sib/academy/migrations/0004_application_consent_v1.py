"""The first version of the consent text every application records (its exact version is kept)."""

import datetime as dt

from django.db import migrations

KEY = "academy.application"

TEXT_PL = (
    "Wyrażam zgodę na przetwarzanie moich danych osobowych podanych w tym zgłoszeniu przez "
    "organizatora programu Brokerzy Innowacji Społecznych w celu przeprowadzenia rekrutacji, "
    "a w razie przyjęcia — udziału w kursie i wydania poświadczenia. Dane profilowe (płeć, rok "
    "urodzenia, województwo, sektor) są dobrowolne i służą wyłącznie do zbiorczych, "
    "anonimowych statystyk w sprawozdaniach programu. Zgodę mogę w każdej chwili wycofać; "
    "zgłoszenia nieprzyjęte są usuwane po zakończeniu okresu przechowywania."
)
TEXT_EN = (
    "I agree that the organiser of the Social Innovation Brokers programme processes the personal "
    "data in this application to run the selection and, if I am accepted, my participation in "
    "the course and the issuing of my credential. The profile data (gender, year of birth, "
    "voivodeship, sector) are optional and used only for aggregate, anonymous statistics in the "
    "programme's reports. I may withdraw this consent at any time; applications that are not "
    "accepted are deleted when the retention period ends."
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
            "published_at": dt.datetime(2023, 9, 1, tzinfo=dt.UTC),
        },
    )


def remove(apps, schema_editor):
    apps.get_model("academy", "ConsentText").objects.filter(key=KEY, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("academy", "0003_applications")]

    operations = [migrations.RunPython(create, remove)]
