"""The campaign models moved to the ``campaigns`` app with their tables unchanged (``db_table``): drop them
from this app's state only, after ``campaigns`` has taken them over and every foreign key points there."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("emulation", "0003_campaigns"),
        ("campaigns", "0001_initial"),
        ("awards", "0007_campaign_moved_to_campaigns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="CampaignDocument"),
                migrations.DeleteModel(name="CampaignRegistration"),
                migrations.DeleteModel(name="CampaignReview"),
                migrations.DeleteModel(name="Campaign"),
            ],
        ),
    ]
