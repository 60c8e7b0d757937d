"""Name search on PostgreSQL through trigram indexes (``pg_trgm``).

``search_by_name`` asks for ``search_name LIKE '% word%'`` on the stored search keys (lower case, diacritics
removed: the key already does what ``unaccent`` would), which a B-tree cannot serve: on 50,000 people every
search read the whole table. A GIN trigram index serves it. Creating the extension needs a superuser or the
database owner with ``pg_trgm`` trusted (PostgreSQL 13+); docs/operations.md gives the DBA's step when the
app's role may not. SQLite keeps its plain scan (nothing to do here).
"""

from django.db import migrations

INDEXES = [("emulation_person", "emulation_person_search_trgm"), ("emulation_unit", "emulation_unit_search_trgm")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("emulation", "0008_merge_0006_reforms_units_0007_yearnav_vi_ordering")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
