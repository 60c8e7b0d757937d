"""The register's sort keys stored on each award (``Award.type_order``, ``Award.recipient_key``, see
``awards.sortkeys``), filled from the award types, people and units in one UPDATE, and the index of the
register's default order (newest year, catalogue order, name) over the awards not revoked; on PostgreSQL a
trigram index of the stored name, which the tra cứu's name search reads (as emulation 0009 does for people)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    AwardType = apps.get_model("awards", "AwardType")
    Person = apps.get_model("emulation", "Person")
    Unit = apps.get_model("emulation", "Unit")
    Award.objects.update(
        type_order=Subquery(AwardType.objects.filter(pk=OuterRef("award_type_id")).values("order")[:1]),
        recipient_key=Coalesce(Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("search_name")[:1]),
                               Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("search_name")[:1])))


TRGM = "awards_award_recipient_trgm"


def create_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TRGM} ON awards_award USING gin (recipient_key gin_trgm_ops)")


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM}")


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0015_award_count"),
        ("campaigns", "0004_updated_at"),
        ("emulation", "0010_person_name_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="recipient_key",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="recipient's sort name"),
        ),
        migrations.AddField(
            model_name="award",
            name="type_order",
            field=models.PositiveSmallIntegerField(default=0, editable=False,
                                                   verbose_name="award type's display order"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="award",
            index=models.Index(condition=models.Q(("revoked", False)), fields=["-year", "type_order", "recipient_key"],
                               name="award_register_order"),
        ),
        migrations.RunPython(create_trigram, drop_trigram, elidable=False),
    ]
