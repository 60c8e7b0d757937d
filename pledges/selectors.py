"""Reads for pledges: who sees which pledge, who signed, and the fulfilment by unit and commitment."""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

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


def _unit(row):
    return {"pk": row["unit_id"], "display_name": row["unit_short_name"] or row["unit_name"]}


def clerk_pledge_work(unit_ids):
    """For a clerk's home page, in one query: ``(to_sign, to_write)``.

    ``to_sign``: the open pledges in which one of the units has not signed yet, ``[(pledge, [units])]``;
    ``to_write``: the signed pledges on which one of them has not reported (or must correct its report),
    ``[(pledge, unit)]``. Pledges in their usual order, the units of each by name; a pledge is
    ``{"pk", "title"}`` and a unit ``{"pk", "display_name"}``, what the panels show."""
    ids = list(unit_ids)
    if not ids:
        return [], []
    pledge = OuterRef("bloc_year__pledge")
    signed = Signature.objects.filter(pledge=pledge, unit_id=OuterRef("unit_id"), withdrawn_at__isnull=True)
    reported = FulfilmentReport.objects.filter(pledge=pledge, unit_id=OuterRef("unit_id"),
                                               state__in=[ReportState.SUBMITTED, ReportState.CONFIRMED])
    rows = (BlocMembership.objects.filter(unit_id__in=ids)
            .filter(Q(bloc_year__pledge__state=PledgeState.OPEN) & ~Exists(signed)
                    | Q(bloc_year__pledge__state=PledgeState.SIGNED) & ~Exists(reported))
            .order_by("-bloc_year__year", "bloc_year__bloc__code", "unit__name", "unit_id")
            .values("unit_id", pledge_id=F("bloc_year__pledge__id"), pledge_title=F("bloc_year__pledge__title"),
                    pledge_state=F("bloc_year__pledge__state"), unit_name=F("unit__name"),
                    unit_short_name=F("unit__short_name")))
    to_sign, to_write = {}, []
    for row in rows:
        pledge = {"pk": row["pledge_id"], "title": row["pledge_title"]}
        if row["pledge_state"] == PledgeState.OPEN:
            to_sign.setdefault(row["pledge_id"], (pledge, []))[1].append(_unit(row))
        else:
            to_write.append((pledge, _unit(row)))
    return list(to_sign.values()), to_write


def pledges_missing_signatures(user, led=None):
    """For bloc leaders: the open pledges of the bloc years they head, with the units still to sign (by
    name; none when all signed): ``[(pledge, [units])]``, as ``clerk_pledge_work`` gives them. One query,
    none when ``led`` (the user's ``blocs.selectors.led_bloc_years``) holds no open pledge they head."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    if led is not None and not any(by.head_unit_id in r.clerk_unit_ids and by.pledge_state == PledgeState.OPEN
                                   for by in led):
        return []
    signed = Signature.objects.filter(pledge=OuterRef("pk"), unit_id=OuterRef("unit_id"), withdrawn_at__isnull=True)
    rows = (Pledge.objects.filter(state=PledgeState.OPEN, bloc_year__head_unit_id__in=list(r.clerk_unit_ids))
            .annotate(unit_id=F("bloc_year__memberships__unit_id"), unit_name=F("bloc_year__memberships__unit__name"),
                      unit_short_name=F("bloc_year__memberships__unit__short_name"))
            .annotate(signed=Exists(signed))
            .order_by("-bloc_year__year", "bloc_year__bloc__code", "pk", "unit_name", "unit_id")
            .values("pk", "title", "unit_id", "unit_name", "unit_short_name", "signed"))
    out = {}
    for row in rows:
        units = out.setdefault(row["pk"], ({"pk": row["pk"], "title": row["title"]}, []))[1]
        if row["unit_id"] is not None and not row["signed"]:
            units.append(_unit(row))
    return list(out.values())


def reports_to_confirm(user, led=None):
    """Submitted reports on signed pledges that the user confirms: every one for the board, those of the bloc
    years their units head (and not submitted by them) for a bloc leader; as rows ``pledge_id``, ``unit_id``,
    ``pledge_title``, ``unit_name``, ``unit_short_name``. No query for a bloc leader when ``led``
    (their ``blocs.selectors.led_bloc_years``) holds no signed pledge they head."""
    r = roles_of(user)
    qs = FulfilmentReport.objects.filter(state=ReportState.SUBMITTED, pledge__state=PledgeState.SIGNED)
    if not r.manages_everything:
        if led is not None and not any(by.head_unit_id in r.clerk_unit_ids and by.pledge_state == PledgeState.SIGNED
                                       for by in led):
            return []
        qs = qs.filter(pledge__bloc_year__head_unit_id__in=r.clerk_unit_ids).exclude(submitted_by=user)
    return qs.values("pledge_id", "unit_id", pledge_title=F("pledge__title"), unit_name=F("unit__name"),
                     unit_short_name=F("unit__short_name"))
