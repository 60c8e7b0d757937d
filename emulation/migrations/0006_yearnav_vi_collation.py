"""The ICU collation ``vi`` used to sort names in Vietnamese order on PostgreSQL (SQLite registers a
collation function of the same name on each connection: ``emulation.collation``)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE COLLATION IF NOT EXISTS vi (provider = icu, locale = 'vi-x-icu')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS vi")


class Migration(migrations.Migration):
    dependencies = [("emulation", "0005_updated_at")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
