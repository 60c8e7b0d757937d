"""Reads of the blocs app. Views fetch objects only through these, so what lies outside a user's
scope is a 404."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from emulation.roles import roles_of
from emulation.selectors import in_force

from .enums import AWAITING_REVIEW, SCORECARD_OPEN_STATES, UNIT_TO_ACT, BlocYearState, ScorecardState
from .models import (
    Bloc,
    BlocMembership,
    BlocYear,
    BlocYearAssessment,
    CriteriaSet,
    Criterion,
    Proposal,
    Scorecard,
    ScoreEntry,
    Vote,
    VoteThreshold,
)
from .scoring import CriteriaTree, RankedRow, rank

DEFAULT_VOTE_THRESHOLD = 50


def _member_bloc_year_ids(unit_ids):
    return BlocMembership.objects.filter(unit_id__in=list(unit_ids)).values("bloc_year_id")


def bloc_years_for_user(user):
    """Board, council and administrators: every bloc year. A clerk: the bloc years their unit
    belongs to, heads or deputises."""
    qs = BlocYear.objects.select_related("bloc", "head_unit", "deputy_unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    ids = list(r.clerk_unit_ids)
    return qs.filter(Q(pk__in=_member_bloc_year_ids(ids)) | Q(head_unit_id__in=ids) | Q(deputy_unit_id__in=ids))


def blocs_for_user(user):
    r = roles_of(user)
    qs = Bloc.objects.all()
    if r.sees_everything:
        return qs
    return qs.filter(pk__in=bloc_years_for_user(user).values("bloc_id"))


def scorecards_for_user(user):
    """Board, council and administrators: all. A clerk: their own units' scorecards; the bloc leader
    also every scorecard of the bloc year they head, the deputy the head unit's; other members'
    scorecards only once finalised and the bloc year has reached the vote."""
    qs = Scorecard.objects.select_related("bloc_year__bloc", "bloc_year__head_unit", "bloc_year__deputy_unit",
                                          "unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    ids = list(r.clerk_unit_ids)
    return qs.filter(
        Q(unit_id__in=ids)
        | Q(bloc_year__head_unit_id__in=ids)
        | Q(bloc_year__deputy_unit_id__in=ids, unit_id=F("bloc_year__head_unit_id"))
        | Q(state=ScorecardState.FINALISED,
            bloc_year__state__in=[BlocYearState.VOTING, BlocYearState.CLOSED],
            bloc_year_id__in=_member_bloc_year_ids(ids))
    )


def criteria_tree(bloc_year):
    """The criteria tree of a bloc year (2 queries), creating the empty set when missing."""
    cs, _created = CriteriaSet.objects.get_or_create(bloc_year=bloc_year)
    return CriteriaTree(cs, list(Criterion.objects.filter(criteria_set=cs)))


def entries_by_criterion(scorecard):
    return {e.criterion_id: e for e in scorecard.entries.all()}


def scoreboard(bloc_year, basis="final", finalised_only=False):
    """Ranked rows for every scorecard of the bloc year, with totals on ``basis`` (4 queries). Scorecards the
    board closed out (not submitted) are not ranked: ``not_submitted(bloc_year)`` lists them."""
    tree = criteria_tree(bloc_year)
    qs = (Scorecard.objects.filter(bloc_year=bloc_year).exclude(state=ScorecardState.NOT_SUBMITTED)
          .select_related("unit")).prefetch_related(
        Prefetch("entries", queryset=ScoreEntry.objects.only(
            "scorecard_id", "criterion_id", "self_points", "reviewed_points", "final_points")))
    if finalised_only:
        qs = qs.filter(state=ScorecardState.FINALISED)
    rows = [RankedRow(sc, tree.totals(entries_by_criterion(sc), basis)) for sc in qs]
    return tree, rank(rows)


def missing_scorecards(bloc_year):
    """The scorecards of units that have not submitted yet (drafts), by unit name."""
    return list(Scorecard.objects.filter(bloc_year=bloc_year, state=ScorecardState.DRAFT)
                .select_related("unit").order_by("unit__name"))


def reviewed_scorecards(bloc_year):
    """The scorecards of a bloc year waiting for the board to lock them (reviewed), by unit name."""
    return list(Scorecard.objects.filter(bloc_year=bloc_year, state=ScorecardState.REVIEWED)
                .select_related("unit").order_by("unit__name"))


def self_scoring_over(bloc_year, today=None):
    """True once the self-scoring deadline has passed, or self-scoring was closed (the review started)."""
    today = today or timezone.localdate()
    deadline = bloc_year.self_scoring_deadline
    return bloc_year.state == BlocYearState.REVIEWING or (deadline is not None and today > deadline)


def closed_out_reopenable(bloc_year):
    """True while a closed-out scorecard of this bloc year may be reopened: self-scoring or the review is
    under way and the bloc's vote has not been recorded (after it, the ranking it rested on stands)."""
    return bloc_year.state in SCORECARD_OPEN_STATES and not Vote.objects.filter(bloc_year=bloc_year).exists()


def not_submitted(bloc_year):
    """The scorecards the board closed out as not submitted, with the reason, by unit name."""
    return list(Scorecard.objects.filter(bloc_year=bloc_year, state=ScorecardState.NOT_SUBMITTED)
                .select_related("unit").order_by("unit__name"))


def score_chart(tree, rows, basis="final", compare_self=False):
    """The scoreboard as chart data, from ranked rows already loaded (no query: the rows carry their
    entries). Units in rank order with their total on ``basis``; ``compare_self`` adds each unit's
    self-scored total beside it, to show what the review changed. ``max`` is the most a unit can score
    (standard points plus the bonus allowed)."""
    bonus_max = tree.bonus_max()
    cap = tree.criteria_set.bonus_cap
    best = tree.standard_max() + (min(bonus_max, cap) if cap is not None else bonus_max)
    data = {
        "units": [row.scorecard.unit.display_name for row in rows],
        "ranks": [row.rank for row in rows],
        "totals": [float(row.totals.total) for row in rows],
        "max": float(best),
    }
    if compare_self and basis != "self":
        data["self"] = [float(tree.totals(entries_by_criterion(row.scorecard), "self").total) for row in rows]
    return data


def year_overview(bloc_year):
    """Who has submitted, who is late, what awaits review: one row per scorecard."""
    today = timezone.localdate()
    deadline = bloc_year.self_scoring_deadline
    cards = list(Scorecard.objects.filter(bloc_year=bloc_year).select_related("unit").order_by("unit__name"))
    overdue = deadline is not None and today > deadline
    summary = {
        "total": len(cards),
        "submitted": sum(1 for c in cards if c.state != ScorecardState.DRAFT),
        "late": sum(1 for c in cards if c.is_late or (c.state == ScorecardState.DRAFT and overdue)),
        "awaiting_review": sum(1 for c in cards if c.state in AWAITING_REVIEW),
        "returned": sum(1 for c in cards if c.state == ScorecardState.RETURNED),
        "reviewed": sum(1 for c in cards if c.state == ScorecardState.REVIEWED),
        "finalised": sum(1 for c in cards if c.state == ScorecardState.FINALISED),
        "not_submitted": sum(1 for c in cards if c.state == ScorecardState.NOT_SUBMITTED),
    }
    for c in cards:
        c.overdue = c.state == ScorecardState.DRAFT and overdue
    return cards, summary


def led_bloc_years(unit_ids):
    """The bloc years the units head or deputise, newest first (as bloc years sort), as bloc years with the
    bloc's name only, and ``has_vote`` (the vote is recorded), ``has_assessment`` (the leaders' year-end texts
    are written) and ``pledge_state`` (the state of the bloc year's pledge, None without one; the pledges app
    hangs its pledge on the bloc year and is read here through the ORM, not imported). One query, none for no
    units: the home page reads it once for the bloc leader's panels of every app."""
    ids = list(unit_ids)
    if not ids:
        return []
    return list(
        BlocYear.objects.filter(Q(head_unit_id__in=ids) | Q(deputy_unit_id__in=ids))
        .select_related("bloc").only("year", "state", "head_unit_id", "deputy_unit_id", "bloc__name")
        .annotate(has_vote=Exists(Vote.objects.filter(bloc_year=OuterRef("pk"))),
                  has_assessment=Exists(BlocYearAssessment.objects.filter(bloc_year=OuterRef("pk"))),
                  pledge_state=F("pledge__state"))
        .order_by("-year", "bloc__code", "pk")
    )


def scorecards_to_fill(user):
    """The user's own units' scorecards the unit must act on (draft or returned), in open bloc years, as
    rows with what the home page shows: ``pk``, ``state``, ``deadline``, ``bloc_name``, ``year``."""
    r = roles_of(user)
    return (Scorecard.objects.filter(unit_id__in=list(r.clerk_unit_ids), state__in=list(UNIT_TO_ACT),
                                     bloc_year__state__in=list(SCORECARD_OPEN_STATES))
            .order_by("bloc_year__self_scoring_deadline", "pk")
            .values("pk", "state", deadline=F("bloc_year__self_scoring_deadline"), bloc_name=F("bloc_year__bloc__name"),
                    year=F("bloc_year__year")))


def scorecards_to_review(user):
    """Scorecards awaiting the user's review as bloc leader (or deputy, for the head's own), as rows:
    ``pk``, ``state``, ``unit_name``, ``bloc_name``, ``year``."""
    r = roles_of(user)
    ids = list(r.clerk_unit_ids)
    if not ids:
        return Scorecard.objects.none().values("pk")
    return (Scorecard.objects.filter(state__in=list(AWAITING_REVIEW))
            .filter(Q(bloc_year__head_unit_id__in=ids) & ~Q(unit_id__in=ids)
                    | Q(bloc_year__deputy_unit_id__in=ids, unit_id=F("bloc_year__head_unit_id")))
            .order_by("submitted_at", "pk")
            .values("pk", "state", unit_name=F("unit__name"), bloc_name=F("bloc_year__bloc__name"),
                    year=F("bloc_year__year")))


def scorecards_to_finalise():
    """Reviewed scorecards, as rows: ``pk``, ``unit_name``, ``bloc_name``, ``year``."""
    return (Scorecard.objects.filter(state=ScorecardState.REVIEWED).order_by("bloc_year", "unit__name")
            .values("pk", unit_name=F("unit__name"), bloc_name=F("bloc_year__bloc__name"), year=F("bloc_year__year")))


def votes_to_record(user, led=None):
    """Bloc years in the vote whose vote is not recorded: every one for the board, those the user's units
    head for a bloc leader (picked from ``led``, their ``led_bloc_years``, when given: no query)."""
    r = roles_of(user)
    if led is not None and not r.manages_everything:
        return [by for by in led if by.state == BlocYearState.VOTING and not by.has_vote
                and by.head_unit_id in r.clerk_unit_ids]
    qs = BlocYear.objects.filter(state=BlocYearState.VOTING, vote__isnull=True).select_related("bloc")
    if r.manages_everything:
        return qs
    return qs.filter(head_unit_id__in=list(r.clerk_unit_ids))


def vote_threshold_on(date):
    """The vote threshold (% of voters present) valid on ``date``; 50 when none is configured."""
    row = in_force(VoteThreshold.objects.all(), date).first()
    return row.percent if row is not None else DEFAULT_VOTE_THRESHOLD


def vote_of(bloc_year):
    return Vote.objects.filter(bloc_year=bloc_year).prefetch_related("results__unit").first()


def proposals_for_bloc_year(bloc_year):
    """The flag and Diploma of Merit proposals of a bloc year, for the awards work to pick up."""
    # "flag" sorts after "diploma": descending puts the flag first
    return (Proposal.objects.filter(bloc_year=bloc_year).select_related("unit", "bloc_year__bloc")
            .order_by("-kind", "-votes", "unit__name"))
