"""Reads of the awards register. Every list and detail goes through a ``*_for_user`` queryset."""

from django.db.models import Count, Q

from emulation.reforms import unit_lineage
from emulation.selectors import search_by_name

from ..models import Award
from .common import _owned_by_scope


def awards_for_user(user):
    qs = Award.objects.select_related("award_type", "person", "person__unit", "unit", "campaign")
    return _owned_by_scope(qs, user)


def search_register(qs, *, text="", unit=None, year_from=None, year_to=None, award_type=None, method="",
                    recipient_kind="", include_revoked=False):
    """The tra cứu filters: name (diacritics ignored, every word starting a word of the person's or the
    collective's name) or CCCD, unit (and its sub-units' people), years,
    award type, method, recipient kind."""
    text = (text or "").strip()
    if text:
        if text.isdigit():
            qs = qs.filter(person__cccd=text)
        else:
            # the recipient's search name as stored on the award (awards.sortkeys): the person's, or the
            # collective's; no join, and the trigram index on PostgreSQL
            qs = search_by_name(qs, text, field="recipient_key")
    if unit is not None:
        # a successor unit's look-up shows its predecessors' awards too (the view marks them)
        line = [entry.unit_id for entry in unit_lineage(unit)]
        qs = qs.filter(Q(unit_id__in=line) | Q(person__unit=unit))
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    if award_type is not None:
        qs = qs.filter(award_type=award_type)
    if method:
        qs = qs.filter(method=method)
    if recipient_kind:
        qs = qs.filter(recipient_kind=recipient_kind)
    if not include_revoked:
        qs = qs.filter(revoked=False)
    return qs


def person_award_history(person):
    """Oldest to newest, with the decisions."""
    return Award.objects.filter(person=person).select_related("award_type", "unit").order_by(
        "year", "decision_date", "pk")


def unit_award_history(unit, unit_ids=None):
    """The collective's awards; with ``unit_ids`` (its line of succession, ``emulation.reforms.unit_lineage``)
    its predecessors' too. Each unit's name as it was on the decision date is read from ``unit.former_names``."""
    ids = unit_ids if unit_ids is not None else [unit.pk]
    return (Award.objects.filter(unit_id__in=ids, person__isnull=True).select_related("award_type", "unit")
            .prefetch_related("unit__former_names").order_by("year", "decision_date", "pk"))


def award_counts_by_year(qs, rows=None):
    """Awards per year and award type, for the statistics chart and its table, in one GROUP BY query.

    ``{"years": [2019, 2020, …], "types": [{"id", "name", "counts": [n per year], "total"}],
    "totals": [n per year], "total": n}``; every year between the first and the last is listed, empty
    years as zeros; award types in catalogue order, only those with at least one award. ``rows`` (year, award
    type id, name, order, n) given, e.g. from the summary (``awards.counts.summary_counts``), are used instead
    of counting ``qs``.
    """
    if rows is None:
        rows = list(qs.order_by().values_list("year", "award_type_id", "award_type__name", "award_type__order")
                    .annotate(n=Count("pk")))
    if not rows:
        return {"years": [], "types": [], "totals": [], "total": 0}
    first = min(r[0] for r in rows)
    last = max(r[0] for r in rows)
    years = list(range(first, last + 1))
    types = {}
    for year, type_id, name, order, n in rows:
        entry = types.setdefault(type_id, {"id": type_id, "name": name, "order": order, "counts": [0] * len(years)})
        entry["counts"][year - first] += n
    ordered = sorted(types.values(), key=lambda t: (t["order"], t["name"], t["id"]))
    for entry in ordered:
        del entry["order"]
        entry["total"] = sum(entry["counts"])
    totals = [sum(t["counts"][i] for t in ordered) for i in range(len(years))]
    return {"years": years, "types": ordered, "totals": totals, "total": sum(totals)}


def award_by_token(token):
    """The register entry a public verification link names, or None: one query on the unique index, whatever
    the token looks like (a malformed or guessed token runs the same lookup and finds nothing). Only the
    fields the public page prints are read: no CCCD, no date of birth."""
    return (Award.objects.filter(verify_token=str(token)[:64])
            .select_related("award_type", "person", "unit")
            .only("year", "revoked", "decision_number", "decision_date", "decision_authority", "recipient_kind",
                  "award_type__name", "person__full_name", "unit__name")
            .first())
