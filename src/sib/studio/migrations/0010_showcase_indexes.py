"""The showcase's state and order read from indexes (decision 0724)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('studio', '0009_project_files_and_member_role'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['published_at', 'updated_at'], name='studio_showcase_state'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['-published_at', 'id'], name='studio_showcase_order'),
        ),
    ]
