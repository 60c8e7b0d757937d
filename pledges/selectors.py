"""Reads for pledges: who sees which pledge, who signed, and the fulfilment by unit and commitment."""

from django.db.models import Count, Prefetch, Q

from blocs.models import BlocMembership, BlocYear
from emulation.roles import roles_of

from .enums import PledgeState, ReportState
from .models import FulfilmentLine, FulfilmentReport, Pledge, Signature


def pledges_for_user(user):
    """Board, council and administrators see every pledge; a clerk the pledges of the bloc years their
    units (or units below them) belong to or head."""
    qs = Pledge.objects.select_related("bloc_year__bloc", "bloc_year__head_unit", "bloc_year__deputy_unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    if not r.is_clerk:
        return qs.none()
    units = set(r.scope_unit_ids)
    member_of = BlocMembership.objects.filter(unit_id__in=units).values("bloc_year_id")
    return qs.filter(Q(bloc_year_id__in=member_of) | Q(bloc_year__head_unit_id__in=units))


def with_signature_counts(qs):
    return qs.annotate(
        member_count=Count("bloc_year__memberships", distinct=True),
        signed_count=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True), distinct=True),
    )


def bloc_years_to_draw_up(user, year=None):
    """Bloc years without a pledge that the user may draw one up for (as board or bloc leader)."""
    r = roles_of(user)
    qs = BlocYear.objects.filter(pledge__isnull=True).select_related("bloc").order_by("-year", "bloc__code")
    if year is not None:
        qs = qs.filter(year=year)
    if r.manages_everything:
        return qs
    return qs.filter(head_unit_id__in=r.clerk_unit_ids)


def pledge_for_detail(user, pk):
    """The pledge with what its page needs, prefetched (members, live signatures, commitments)."""
    from emulation.access import get_for_user_or_404

    qs = pledges_for_user(user).prefetch_related(
        Prefetch("bloc_year__memberships", queryset=BlocMembership.objects.select_related("unit")
                 .order_by("unit__name")),
        "commitments",
    )
    return get_for_user_or_404(qs, pk=pk)


def signature_overview(pledge):
    """``[(unit, live signature or None)]`` for every member unit, by unit name: who signed, who has not."""
    live = {
        s.unit_id: s
        for s in pledge.signatures.filter(withdrawn_at__isnull=True).select_related("signed_by")
    }
    return [(m.unit, live.get(m.unit_id)) for m in pledge.bloc_year.memberships.all()]


def withdrawn_signatures(pledge):
    return pledge.signatures.filter(withdrawn_at__isnull=False).select_related("unit", "withdrawn_by")


def reports_by_unit(pledge):
    reports = pledge.reports.select_related("submitted_by", "confirmed_by").prefetch_related(
        Prefetch("lines", queryset=FulfilmentLine.objects.select_related("commitment"))
    )
    return {r.unit_id: r for r in reports}


def fulfilment_matrix(pledge, commitments, members):
    """Rows ``(unit, report or None, [line or None per commitment])`` for the pledge page."""
    reports = reports_by_unit(pledge)
    rows = []
    for unit in members:
        report = reports.get(unit.pk)
        lines = {line.commitment_id: line for line in report.lines.all()} if report else {}
        rows.append((unit, report, [lines.get(c.pk) for c in commitments]))
    return rows


def unit_fulfilment(bloc_year, unit):
    """The unit's report on its bloc year's pledge (with lines), or None: shown beside its scorecard."""
    if bloc_year is None or unit is None:
        return None, None
    pledge = Pledge.objects.filter(bloc_year=bloc_year).first()
    if pledge is None:
        return None, None
    report = (
        FulfilmentReport.objects.filter(pledge=pledge, unit=unit)
        .select_related("confirmed_by")
        .prefetch_related(Prefetch("lines", queryset=FulfilmentLine.objects.select_related("commitment")))
        .first()
    )
    return pledge, report


def pledges_to_sign(user):
    """Open pledges in which one of the clerk's own units has not signed yet: ``[(pledge, [units])]``."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    out = []
    qs = Pledge.objects.filter(state=PledgeState.OPEN, bloc_year__memberships__unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year__bloc").distinct()
    for pledge in qs:
        signed = set(
            Signature.objects.filter(pledge=pledge, withdrawn_at__isnull=True).values_list("unit_id", flat=True)
        )
        units = [m.unit for m in pledge.bloc_year.memberships.select_related("unit")
                 if m.unit_id in r.clerk_unit_ids and m.unit_id not in signed]
        if units:
            out.append((pledge, units))
    return out


def pledges_missing_signatures(user):
    """For bloc leaders: the open pledges of the bloc years they head, with the units still to sign."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    out = []
    qs = Pledge.objects.filter(state=PledgeState.OPEN, bloc_year__head_unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year__bloc")
    for pledge in qs:
        signed = set(
            Signature.objects.filter(pledge=pledge, withdrawn_at__isnull=True).values_list("unit_id", flat=True)
        )
        missing = [m.unit for m in pledge.bloc_year.memberships.select_related("unit").order_by("unit__name")
                   if m.unit_id not in signed]
        out.append((pledge, missing))
    return out


def reports_to_confirm(user):
    r = roles_of(user)
    qs = FulfilmentReport.objects.filter(state=ReportState.SUBMITTED, pledge__state=PledgeState.SIGNED) \
        .select_related("pledge", "unit")
    if r.manages_everything:
        return qs
    return qs.filter(pledge__bloc_year__head_unit_id__in=r.clerk_unit_ids).exclude(submitted_by=user)


def reports_to_write(user):
    """Signed pledges where one of the clerk's units has not submitted (or must correct) its report."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    out = []
    qs = Pledge.objects.filter(state=PledgeState.SIGNED, bloc_year__memberships__unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year").distinct()
    for pledge in qs:
        done = set(pledge.reports.filter(state__in=[ReportState.SUBMITTED, ReportState.CONFIRMED])
                   .values_list("unit_id", flat=True))
        for m in pledge.bloc_year.memberships.select_related("unit"):
            if m.unit_id in r.clerk_unit_ids and m.unit_id not in done:
                out.append((pledge, m.unit))
    return out
