"""Reads for pledges: who sees which pledge, who signed, and the fulfilment by unit and commitment."""

from django.db.models import Count, Prefetch, Q

from blocs.models import BlocMembership, BlocYear
from emulation.access import get_for_user_or_404
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


def _live_signatures():
    live = Signature.objects.filter(withdrawn_at__isnull=True).only("pledge_id", "unit_id")
    return Prefetch("signatures", queryset=live, to_attr="live_signatures")


def _members():
    members = BlocMembership.objects.select_related("unit").order_by("unit__name")
    return Prefetch("bloc_year__memberships", queryset=members)


def pledges_to_sign(user):
    """Open pledges in which one of the clerk's own units has not signed yet: ``[(pledge, [units])]``.
    Three queries, whatever the number of pledges."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    out = []
    qs = Pledge.objects.filter(state=PledgeState.OPEN, bloc_year__memberships__unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year__bloc").distinct().prefetch_related(_live_signatures(), _members())
    for pledge in qs:
        signed = {sig.unit_id for sig in pledge.live_signatures}
        units = [m.unit for m in pledge.bloc_year.memberships.all()
                 if m.unit_id in r.clerk_unit_ids and m.unit_id not in signed]
        if units:
            out.append((pledge, units))
    return out


def pledges_missing_signatures(user):
    """For bloc leaders: the open pledges of the bloc years they head, with the units still to sign.
    Three queries, whatever the number of pledges."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    qs = Pledge.objects.filter(state=PledgeState.OPEN, bloc_year__head_unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year__bloc").prefetch_related(_live_signatures(), _members())
    out = []
    for pledge in qs:
        signed = {sig.unit_id for sig in pledge.live_signatures}
        out.append((pledge, [m.unit for m in pledge.bloc_year.memberships.all() if m.unit_id not in signed]))
    return out


def reports_to_confirm(user):
    r = roles_of(user)
    qs = FulfilmentReport.objects.filter(state=ReportState.SUBMITTED, pledge__state=PledgeState.SIGNED) \
        .select_related("pledge", "unit")
    if r.manages_everything:
        return qs
    return qs.filter(pledge__bloc_year__head_unit_id__in=r.clerk_unit_ids).exclude(submitted_by=user)


def reports_to_write(user):
    """Signed pledges where one of the clerk's units has not submitted (or must correct) its report.
    Three queries, whatever the number of pledges."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    done_reports = Prefetch("reports", to_attr="done_reports", queryset=FulfilmentReport.objects.filter(
        state__in=[ReportState.SUBMITTED, ReportState.CONFIRMED]).only("pledge_id", "unit_id"))
    qs = Pledge.objects.filter(state=PledgeState.SIGNED, bloc_year__memberships__unit_id__in=r.clerk_unit_ids) \
        .select_related("bloc_year").distinct().prefetch_related(done_reports, _members())
    out = []
    for pledge in qs:
        done = {report.unit_id for report in pledge.done_reports}
        for m in pledge.bloc_year.memberships.all():
            if m.unit_id in r.clerk_unit_ids and m.unit_id not in done:
                out.append((pledge, m.unit))
    return out
