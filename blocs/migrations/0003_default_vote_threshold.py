import datetime
from decimal import Decimal

from django.db import migrations


def add_default(apps, schema_editor):
    VoteThreshold = apps.get_model("blocs", "VoteThreshold")
    if not VoteThreshold.objects.exists():
        VoteThreshold.objects.create(
            percent=Decimal("50"), valid_from=datetime.date(2000, 1, 1),
            basis="Mặc định: quá bán số người dự họp (cấu hình được theo quy chế hoạt động của khối)",
        )


class Migration(migrations.Migration):
    dependencies = [("blocs", "0002_criteria_scorecards_votes")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
