"""The statistics summary (``AwardCount``): awards per year and award type, kept equal to the register.

``refresh_award_counts(keys)`` recounts the given (year, award type) pairs, or whole years given as plain
years, from the register (each pair one count on the award type + year index) and writes them with one upsert.
Every path that creates, deletes, revokes or moves awards calls it with the pairs it touched: the decision and
upward services and the importer after their bulk writes, the past-award services; single saves and deletes
of an ``Award`` (the admin, the tests' factories) reach it through the signal in ``awards.apps``.
"""

from django.db.models import Count

from .models import Award, AwardCount


def refresh_award_counts(keys):
    """Recount ``keys``: (year, award_type_id) pairs, or years (every award type of that year)."""
    pairs = {(int(k[0]), int(k[1])) for k in keys if isinstance(k, tuple) and k[0] and k[1]}
    years = {int(k) for k in keys if not isinstance(k, tuple) and k}
    counted = {}
    if years:
        for year, type_id, n in (Award.objects.filter(year__in=years, revoked=False).order_by()
                                 .values_list("year", "award_type_id").annotate(n=Count("pk"))):
            counted[(year, type_id)] = n
        pairs |= set(AwardCount.objects.filter(year__in=years).values_list("year", "award_type_id"))
    for year, type_id in pairs - counted.keys():
        counted[(year, type_id)] = Award.objects.filter(year=year, award_type_id=type_id, revoked=False).count()
    if counted:
        AwardCount.objects.bulk_create(
            [AwardCount(year=y, award_type_id=t, count=n) for (y, t), n in counted.items()],
            update_conflicts=True, unique_fields=["year", "award_type"], update_fields=["count"])


def award_keys(awards):
    """The (year, award type) pairs of ``awards`` (instances)."""
    return {(a.year, a.award_type_id) for a in awards}


def bulk_create_awards(awards, **kwargs):
    """``Award.objects.bulk_create`` with what it skips: it calls no ``save()`` and sends no signal, so each
    award's register sort keys are filled first (``Award.fill_sort_keys``; the awards are built with their award
    type and recipient) and the statistics summary is recounted for their years and award types after."""
    for award in awards:
        award.fill_sort_keys()
    created = Award.objects.bulk_create(awards, **kwargs)
    refresh_award_counts(award_keys(awards))
    return created


def summary_counts():
    """The summary as ``award_counts_by_year`` reads rows: (year, type id, type name, type order, n)."""
    return list(AwardCount.objects.filter(count__gt=0).values_list(
        "year", "award_type_id", "award_type__name", "award_type__order", "count"))
