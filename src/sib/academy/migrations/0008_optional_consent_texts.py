import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from sib.academy.migrations._consent_optional import PUBLISHED_AT, TEXTS


def create(apps, schema_editor):
    ConsentText = apps.get_model("academy", "ConsentText")
    for key, (text_pl, text_en) in TEXTS.items():
        ConsentText.objects.get_or_create(
            key=key,
            version=1,
            defaults={
                "text": text_pl,
                "text_pl": text_pl,
                "text_en": text_en,
                "published_at": PUBLISHED_AT,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("academy", "ConsentText").objects.filter(key__in=TEXTS, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0007_application_email_confirmation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create, remove)]
