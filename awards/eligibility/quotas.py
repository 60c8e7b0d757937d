"""Provincial quota settings (``QuotaSetting``), checked after a batch as warnings, never as refusals.

For each unit of the batch: the people who already hold the award for the year plus the eligible
candidates of the batch, against ``max_percent`` % of the holders of ``relative_to`` in the same unit
and year (or of the unit's active people). A fixed number of queries whatever the batch size.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from emulation.models import Person, Unit

from ..models import Award, QuotaSetting


def _holders(award_type_id, year, unit_ids):
    out = defaultdict(set)
    rows = Award.objects.filter(award_type_id=award_type_id, year=year, unit_id__in=unit_ids, revoked=False,
                                person__isnull=False).values_list("unit_id", "person_id")
    for unit_id, person_id in rows:
        out[unit_id].add(person_id)
    return out


def apply_quotas(ctx, verdicts):
    settings = ctx.get(("quotas", ctx.award_type.pk, ctx.ref_date), lambda: list(
        QuotaSetting.objects.filter(award_type=ctx.award_type).in_force(ctx.ref_date).select_related("relative_to")))
    if not settings:
        return
    people = [r for r in ctx.recipients if r._meta.model_name == "person"]
    candidates = defaultdict(set)
    for p in people:
        if verdicts[p.pk].eligible:
            candidates[p.unit_id].add(p.pk)
    if not candidates:
        return
    unit_ids = list(candidates)
    holders = _holders(ctx.award_type.pk, ctx.year, unit_ids)
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    for setting in settings:
        if setting.relative_to_id:
            base = {uid: len(ids) for uid, ids in _holders(setting.relative_to_id, ctx.year, unit_ids).items()}
            relative = setting.relative_to.name
        else:
            base = dict(Person.objects.filter(unit_id__in=unit_ids, is_active=True).values("unit_id")
                        .annotate(n=Count("pk")).values_list("unit_id", "n"))
            relative = _("people of the unit")
        for unit_id, ids in candidates.items():
            count = len(holders[unit_id] | ids)
            base_count = base.get(unit_id, 0)
            if base_count == 0:
                message = _("The provincial quota at %(unit)s for %(year)s cannot be checked yet: no %(relative)s "
                            "recorded") % {"unit": names.get(unit_id, ""), "year": ctx.year, "relative": relative}
                for pid in ids - holders[unit_id]:
                    verdicts[pid].warnings.append(message)
                continue
            if Decimal(count) * 100 <= Decimal(setting.max_percent) * base_count:
                continue
            percent = f"{Decimal(setting.max_percent).normalize():f}".replace(".", ",")
            message = _("Above the provincial quota at %(unit)s for %(year)s: %(count)s %(title)s against "
                        "%(base)s %(relative)s (at most %(percent)s%%)") % {
                "unit": names.get(unit_id, ""), "year": ctx.year, "count": count, "title": ctx.award_type.name,
                "base": base_count, "relative": relative, "percent": percent}
            for pid in ids - holders[unit_id]:
                verdicts[pid].warnings.append(message)
