"""The campaign models' content types follow them from ``emulation`` to ``campaigns``.

Activity-log entries point to the object they are about through a content type: renaming the rows (rather
than letting Django create new ones) keeps every campaign's history and the permissions attached to them.
On a new database there is nothing to rename yet.
"""

from django.db import migrations

MODELS = ["campaign", "campaigndocument", "campaignregistration", "campaignreview"]


def move(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ActivityLog = apps.get_model("emulation", "ActivityLog")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
        else:  # both exist (e.g. created by a run of the new code before this migration): keep the new one
            ActivityLog.objects.filter(content_type=old).update(content_type=new)
            old.delete()


def forwards(apps, schema_editor):
    move(apps, schema_editor, "emulation", "campaigns")


def backwards(apps, schema_editor):
    move(apps, schema_editor, "campaigns", "emulation")


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("emulation", "0004_campaigns_moved_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
