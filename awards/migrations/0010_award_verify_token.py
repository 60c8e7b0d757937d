"""Each register entry gets an unguessable verification token (the public QR link).

Three steps so that a register of 200,000 rows migrates quickly: the column is added nullable and without
its unique index, filled in batches of 2,000 rows (one ``bulk_update`` per batch, a few hundred statements in
all), then made NOT NULL and unique (the index is built once, over the filled column).
"""

import secrets

from django.db import migrations, models

import awards.models.register

BATCH = 2000


def fill_tokens(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    pks = list(Award.objects.filter(verify_token__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = [Award(pk=pk, verify_token=secrets.token_urlsafe(16)) for pk in pks[start:start + BATCH]]
        Award.objects.bulk_update(rows, ["verify_token"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0009_uploads_checked_random_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="verify_token",
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name="verification token"),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="award",
            name="verify_token",
            field=models.CharField(default=awards.models.register.new_verify_token, editable=False,
                                   help_text="The unguessable part of the public verification link (QR code).",
                                   max_length=32, unique=True, verbose_name="verification token"),
        ),
    ]
