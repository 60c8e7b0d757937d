# The dossier and signed-decision files are checked by the one upload validator and stored under random names
# (emulation.uploads). Validators and upload_to live in Python only: state-only, no SQL (on SQLite a plain
# AlterField would rebuild both tables for nothing). Files already stored keep their names.

import emulation.uploads
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_merge_20261203_0435'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='decision',
                    name='signed_file',
                    field=models.FileField(blank=True, max_length=255, upload_to=emulation.uploads.RandomName('decisions'), validators=[emulation.uploads.UploadValidator('document')], verbose_name='signed file'),
                ),
                migrations.AlterField(
                    model_name='nominationdocument',
                    name='file',
                    field=models.FileField(max_length=255, upload_to=emulation.uploads.RandomName('nominations'), validators=[emulation.uploads.UploadValidator('document')], verbose_name='file'),
                ),
            ],
            database_operations=[],
        ),
    ]
