# State only: the upload check and the random stored name live in Python, not in the database.

import emulation.uploads
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_import_run_job_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='importrun',
                    name='file',
                    field=models.FileField(max_length=255, upload_to=emulation.uploads.RandomName('imports'), validators=[emulation.uploads.UploadValidator('spreadsheet', 52428800)], verbose_name='file'),
                ),
            ],
        ),
    ]
