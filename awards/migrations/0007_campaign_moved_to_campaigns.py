"""The campaign models moved from ``emulation`` to ``campaigns`` with their tables unchanged: the foreign keys
now name ``campaigns.Campaign`` in Django's state; the database (same table, same constraint) is untouched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0006_nomination_item_return_note'),
        ('campaigns', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='award',
                    name='campaign',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='awards', to='campaigns.campaign', verbose_name='campaign'),
                ),
                migrations.AlterField(
                    model_name='nomination',
                    name='campaign',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='campaigns.campaign', verbose_name='campaign'),
                ),
            ],
        ),
    ]
