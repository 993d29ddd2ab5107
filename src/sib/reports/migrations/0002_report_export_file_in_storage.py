"""Finished report exports move from a database column to the file storage (shared by hosts)."""

from django.core.files.base import ContentFile
from django.db import migrations, models


def content_to_storage(apps, schema_editor):
    ReportExport = apps.get_model("reports", "ReportExport")
    for export in ReportExport.objects.exclude(content=None).iterator():
        export.file.save(f"{export.pk}.{export.format}", ContentFile(bytes(export.content)), save=False)
        ReportExport.objects.filter(pk=export.pk).update(file=export.file.name)


def storage_to_content(apps, schema_editor):
    ReportExport = apps.get_model("reports", "ReportExport")
    for export in ReportExport.objects.exclude(file="").iterator():
        with export.file.open("rb") as handle:
            ReportExport.objects.filter(pk=export.pk).update(content=handle.read())


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="reportexport",
            name="file",
            field=models.FileField(blank=True, editable=False, upload_to="reports/exports/"),
        ),
        migrations.RunPython(content_to_storage, storage_to_content),
        migrations.RemoveField(model_name="reportexport", name="content"),
    ]
