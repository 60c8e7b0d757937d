"""The register orders recipients by their name as written, in the Vietnamese collation (D before Đ, a before ă
before â), as the people and units lists do, instead of by the search form of the name (no diacritics, where
"Đặng" fell between "Dao" and "Dung"). ``Award.recipient_name`` stores that name (the person's full name, or the
collective's name; kept with the other sort keys by ``awards.sortkeys``), filled here in one UPDATE.

On PostgreSQL the default order (newest year, catalogue order, name in "vi") is the index
``award_register_order_vi``, which replaces ``award_register_order`` (on the search form). SQLite's "vi" collation
is a Python function registered per connection, which an index must not depend on: there the index covers the year
and the type order, and the names of a year are sorted.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

VI_INDEX = "award_register_order_vi"


def backfill(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Person = apps.get_model("emulation", "Person")
    Unit = apps.get_model("emulation", "Unit")
    Award.objects.update(recipient_name=Coalesce(
        Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("full_name")[:1]),
        Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("name")[:1])))


def create_vi_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {VI_INDEX} ON awards_award '
                          f'(year DESC, type_order, recipient_name COLLATE "vi") WHERE NOT revoked')


def drop_vi_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {VI_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0017_nomination_item_due"),
        ("emulation", "0010_person_name_order_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="award",
            name="award_register_order",
        ),
        migrations.AddField(
            model_name="award",
            name="recipient_name",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="recipient's name"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="award",
            index=models.Index(condition=models.Q(("revoked", False)), fields=["-year", "type_order"],
                               name="award_register_year_type"),
        ),
        migrations.RunPython(create_vi_index, drop_vi_index, elidable=False),
    ]
