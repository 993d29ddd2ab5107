"""The first version of the consent text every application records (its exact version is kept)."""

from django.db import migrations

from sib.academy.migrations._consent_v1 import PUBLISHED_AT, TEXT_EN, TEXT_PL

KEY = "academy.application"

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


class Migration(migrations.Migration):
    dependencies = [("academy", "0003_applications")]

    operations = [migrations.RunPython(create, remove)]
