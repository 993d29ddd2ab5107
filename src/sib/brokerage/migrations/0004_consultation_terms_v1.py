from django.db import migrations

from sib.brokerage.migrations._consent_consultation import create, remove

__all__ = ["create", "remove"]


class Migration(migrations.Migration):
    dependencies = [
        ("brokerage", "0003_comment_by_resident"),
        ("academy", "0012_merge_20261203_1616"),
    ]

    operations = [migrations.RunPython(create, remove)]
