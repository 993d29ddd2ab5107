from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0008_reference_sdg_targets")]

    operations = [
        migrations.CreateModel(
            name="TableGeneration",
            fields=[
                (
                    "name",
                    models.CharField(
                        max_length=100, primary_key=True, serialize=False, verbose_name="table"
                    ),
                ),
                ("generation", models.BigIntegerField(default=0, verbose_name="generation")),
            ],
            options={"verbose_name": "table generation", "verbose_name_plural": "table generations"},
        ),
    ]
