from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models
import django.db.models.deletion


def create_cache_table(apps, schema_editor):
    # The database cache holds login throttling and chart caches; it must exist before first use.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(db_index=True, max_length=80, verbose_name="action")),
                ("object_type", models.CharField(max_length=80, verbose_name="object type")),
                ("object_id", models.CharField(max_length=64, verbose_name="object id")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="data")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["object_type", "object_id"], name="core_audite_object__83eb8a_idx")],
            },
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
