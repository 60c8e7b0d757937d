"""Reads for campaigns: who sees which campaign, which units a campaign reaches, its registrations
and the awards given under it (khen thưởng theo chuyên đề)."""

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q

from blocs.models import BlocMembership, BlocYear
from emulation.models import Unit
from emulation.roles import roles_of
from emulation.selectors import subtree_unit_ids, units_with_lines

from .enums import CampaignScope, CampaignState, RegistrationState
from .models import Campaign, CampaignRegistration

# The awards app sits above this one (its awards and nominations point to a campaign), so campaigns read
# awards through the ORM and the app registry, never by importing them.
THEMATIC = "thematic"  # awards.enums.AwardMethod.THEMATIC


def _ancestor_ids(unit_ids):
    """The units themselves and every unit above them (``units_with_lines``: one query for a shallow tree)."""
    return set().union(set(unit_ids), *(u["line"] for u in units_with_lines(unit_ids)))


def campaigns_for_user(user):
    """Campaigns the user may see.

    Board, council and administrators see all. A clerk sees the campaigns their unit launched
    (planned ones too) and the launched campaigns whose scope reaches their units: the whole
    province, a bloc their units belong to, or a unit above or within their units.
    """
    qs = Campaign.objects.select_related("launching_unit", "scope_unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    if not r.is_clerk:
        return qs.none()
    units = set(r.scope_unit_ids)
    through = Campaign.scope_blocs.through
    in_blocs = through.objects.filter(bloc__years__memberships__unit_id__in=units).values("campaign_id")
    reaches = (
        Q(scope=CampaignScope.PROVINCE)
        | Q(scope=CampaignScope.UNIT, scope_unit_id__in=_ancestor_ids(r.clerk_unit_ids) | units)
        | Q(scope=CampaignScope.BLOCS, pk__in=in_blocs)
    )
    return qs.filter(Q(launching_unit_id__in=r.clerk_unit_ids) | (~Q(state=CampaignState.PLANNED) & reaches))


def with_award_counts(qs):
    """Annotate ``award_count`` (awards not revoked) and ``thematic_count`` (khen thưởng theo chuyên đề)."""
    return qs.annotate(
        award_count=Count("awards", filter=Q(awards__revoked=False), distinct=True),
        thematic_count=Count("awards", filter=Q(awards__revoked=False, awards__method=THEMATIC), distinct=True),
    )


def thematic_award_counts(year=None):
    """``{campaign_id: count}`` of thematic awards (not revoked) given under each campaign."""
    Award = apps.get_model("awards", "Award")
    qs = Award.objects.filter(campaign__isnull=False, method=THEMATIC, revoked=False)
    if year is not None:
        qs = qs.filter(year=year)
    return dict(qs.values_list("campaign_id").annotate(n=Count("pk")).values_list("campaign_id", "n"))


def unit_ids_in_scope(campaign):
    """The ids of the active units the campaign reaches.

    Blocs: the members of the blocs' years that fall within the campaign's period (every year when the
    period is open), or of each bloc's latest year when none does.
    """
    if campaign.scope == CampaignScope.PROVINCE:
        return set(Unit.objects.filter(is_active=True).values_list("pk", flat=True))
    if campaign.scope == CampaignScope.UNIT:
        if campaign.scope_unit_id is None:
            return set()
        ids = subtree_unit_ids(campaign.scope_unit_id)
        return set(Unit.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    bloc_ids = list(campaign.scope_blocs.values_list("pk", flat=True))
    years = BlocYear.objects.filter(bloc_id__in=bloc_ids)
    if campaign.start_date:
        years = years.filter(year__gte=campaign.start_date.year)
    if campaign.end_date:
        years = years.filter(year__lte=campaign.end_date.year)
    year_ids = set(years.values_list("pk", flat=True))
    if not year_ids:
        for bloc_id in bloc_ids:
            latest = BlocYear.objects.filter(bloc_id=bloc_id).order_by("-year").values_list("pk", flat=True).first()
            if latest:
                year_ids.add(latest)
    return set(
        BlocMembership.objects.filter(bloc_year_id__in=year_ids, unit__is_active=True).values_list("unit_id", flat=True)
    )


def registration_overview(campaign):
    """Every unit in scope with its registration (or None): who registered and who did not."""
    regs = {r.unit_id: r for r in campaign.registrations.select_related("submitted_by")}
    units = Unit.objects.filter(pk__in=unit_ids_in_scope(campaign) | set(regs)).order_by("name")
    return [(u, regs.get(u.pk)) for u in units]


def registration_counts(rows):
    counts = {"units": len(rows), "registered": 0, "missing": 0, "returned": 0}
    for _unit, reg in rows:
        if reg is None:
            counts["missing"] += 1
        elif reg.state == RegistrationState.RETURNED:
            counts["returned"] += 1
        else:
            counts["registered"] += 1
    return counts


def registrations_of_units(campaign, unit_ids):
    return CampaignRegistration.objects.filter(campaign=campaign, unit_id__in=unit_ids).select_related("unit")


def campaign_results(campaign):
    """The units and people commended under the campaign (awards register rows pointing to it)."""
    return campaign.awards.filter(revoked=False).select_related("award_type", "unit", "person").order_by(
        "year", "decision_date", "pk"
    )


def units_reached(campaigns, unit_ids, units=None):
    """``{campaign.pk: ids}``: which of ``unit_ids`` each campaign reaches, the same as
    ``unit_ids_in_scope(campaign) & unit_ids`` but for many campaigns at once, in a fixed number of
    queries (the units with the units above them, ``units_with_lines``, unless given as ``units``; three
    more for the blocs) instead of a few per campaign."""
    if units is None:
        units = units_with_lines(unit_ids)
    lines = {u["pk"]: u["line"] for u in units if u["is_active"] and u["pk"] in unit_ids}
    active = set(lines)
    bloc_campaign_ids = [c.pk for c in campaigns if c.scope == CampaignScope.BLOCS]
    blocs_of, years, members = {}, [], {}
    if bloc_campaign_ids and active:
        through = Campaign.scope_blocs.through
        found = set()  # each bloc with its years (none when it has none yet), in one query
        for campaign_id, bloc_id, year_id, year in through.objects.filter(
                campaign_id__in=bloc_campaign_ids).values_list("campaign_id", "bloc_id", "bloc__years__pk",
                                                               "bloc__years__year"):
            blocs_of.setdefault(campaign_id, set()).add(bloc_id)
            if year_id is not None and year_id not in found:
                found.add(year_id)
                years.append((year_id, bloc_id, year))
        for year_id, unit_id in BlocMembership.objects.filter(
                bloc_year_id__in=[y[0] for y in years], unit_id__in=active).values_list("bloc_year_id", "unit_id"):
            members.setdefault(year_id, set()).add(unit_id)

    out = {}
    for c in campaigns:
        if c.scope == CampaignScope.PROVINCE:
            out[c.pk] = set(active)
        elif c.scope == CampaignScope.UNIT:
            out[c.pk] = {u for u in active if c.scope_unit_id in lines[u]} if c.scope_unit_id else set()
        else:
            bloc_ids = blocs_of.get(c.pk, set())
            mine = [y for y in years if y[1] in bloc_ids]
            chosen = [y[0] for y in mine if (not c.start_date or y[2] >= c.start_date.year)
                      and (not c.end_date or y[2] <= c.end_date.year)]
            if not chosen:  # none in the period: each bloc's latest year
                latest = {}
                for year_id, bloc_id, year in mine:
                    if bloc_id not in latest or year > latest[bloc_id][1]:
                        latest[bloc_id] = (year_id, year)
                chosen = [year_id for year_id, _year in latest.values()]
            out[c.pk] = set().union(*(members.get(y, set()) for y in chosen)) if chosen else set()
    return out


OPEN_FOR_REGISTRATION = [CampaignState.LAUNCHED, CampaignState.UNDER_WAY, CampaignState.MID_TERM]


def open_campaigns_to_register(user, units=None):
    """For a clerk's dashboard: campaigns open for registration that reach their units and that
    their units have not registered for yet (or that were returned for correction), with their title only.

    ``units``: the clerk's units as ``emulation.selectors.units_with_lines`` gives them, when the caller has
    them already. One query for the campaigns (which of the clerk's units registered is worked out in it),
    one for the units unless given, three more when a bloc-wide campaign is among them, whatever the number
    of campaigns. A campaign that reaches one of the clerk's units is one the clerk sees
    (``campaigns_for_user``), so that scope needs no query of its own."""
    r = roles_of(user)
    if not r.is_clerk:
        return []
    if units is None:
        units = units_with_lines(r.clerk_unit_ids)
    active = [u["pk"] for u in units if u["is_active"]]
    if not active:
        return []
    above = set().union(*(u["line"] for u in units if u["is_active"]))
    done = {f"done_{pk}": Exists(CampaignRegistration.objects.filter(campaign=OuterRef("pk"), unit_id=pk)
                                 .exclude(state=RegistrationState.RETURNED)) for pk in active}
    pending = Q()
    for key in done:
        pending |= Q(**{key: False})
    campaigns = list(
        Campaign.objects.filter(state__in=OPEN_FOR_REGISTRATION)
        .filter(Q(scope=CampaignScope.PROVINCE) | Q(scope=CampaignScope.UNIT, scope_unit_id__in=above)
                | Q(scope=CampaignScope.BLOCS))
        .annotate(**done).filter(pending)
        .only("title", "scope", "scope_unit_id", "start_date", "end_date")
    )
    reached = units_reached(campaigns, set(active), units)
    return [c for c in campaigns if any(pk in reached[c.pk] and not getattr(c, f"done_{pk}") for pk in active)]
