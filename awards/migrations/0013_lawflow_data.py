"""Existing register entries: the statistical category is taken from the person's current category (the best
known), and the entries revoked by a correction decision get their revocation record."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    AwardRevocation = apps.get_model("awards", "AwardRevocation")
    DecisionRevocation = apps.get_model("awards", "DecisionRevocation")
    Person = apps.get_model("emulation", "Person")
    category = Person.objects.filter(pk=OuterRef("person_id")).values("category")[:1]
    Award.objects.filter(person__isnull=False, person_category="").update(person_category=Subquery(category))
    for line in DecisionRevocation.objects.filter(decision__state="issued", award__revoked=True).select_related(
            "decision", "award"):
        if AwardRevocation.objects.filter(award_id=line.award_id).exists():
            continue
        AwardRevocation.objects.create(
            award_id=line.award_id, correction_id=line.pk, decision_number=line.decision.number,
            decision_date=line.decision.date, authority=line.decision.authority, reason=line.reason,
            amount_to_recover=line.award.amount or None)


class Migration(migrations.Migration):
    dependencies = [("awards", "0013_lawflow_models")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
