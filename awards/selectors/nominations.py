"""Reads for nominations and the council. Views fetch objects only through the ``*_for_user`` querysets."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from emulation.roles import roles_of

from ..enums import CLOCK_STATES, POSITIVE_OUTCOMES, AwardLevel, NominationState
from ..models import Award, CouncilMeeting, Nomination, NominationDocument, NominationItem, UpwardSubmission


def nominations_for_user(user):
    qs = Nomination.objects.select_related("unit", "campaign", "bloc_year__bloc", "submitted_by", "appraiser")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    return qs.filter(unit_id__in=r.scope_unit_ids)


def item_count(condition=None):
    """The number of the nomination's items (those meeting ``condition``) as a correlated subquery.

    Unlike ``Count("items")`` it needs no join and no GROUP BY over the whole list: PostgreSQL works it out
    only for the rows a page shows (after the sort and LIMIT), unless the list is sorted by it."""
    items = NominationItem.objects.filter(nomination=OuterRef("pk"))
    if condition is not None:
        items = items.filter(condition)
    return Subquery(items.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
                    output_field=IntegerField())


def with_counts(qs, today=None):
    """Item counts, items that fail the rules, and whether the board's appraisal time is over."""
    today = today or timezone.localdate()
    late_item = NominationItem.objects.filter(nomination=OuterRef("pk"), appraisal_due__lt=today)
    return qs.annotate(
        n_items=item_count(),
        n_ineligible=item_count(Q(verdict_eligible=False)),
        is_overdue=Case(
            When(Q(state__in=CLOCK_STATES) & Exists(late_item), then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        ),
    )


def overdue_q(today=None):
    today = today or timezone.localdate()
    return Q(state__in=CLOCK_STATES) & Exists(
        NominationItem.objects.filter(nomination=OuterRef("pk"), appraisal_due__lt=today))


def board_queue(user):
    """Everything sent to the board (drafts stay with the units): open before decided, overdue first, oldest first."""
    qs = with_counts(nominations_for_user(user).exclude(state=NominationState.DRAFT)).annotate(
        is_closed=Case(When(state=NominationState.DECIDED, then=Value(True)), default=Value(False),
                       output_field=BooleanField()))
    return qs.order_by("is_closed", "-is_overdue", "submitted_at", "pk")


# The board's pipeline in workflow order; returned dossiers are back with their units (drafts never came).
PIPELINE_STATES = [NominationState.SUBMITTED, NominationState.RECEIVED, NominationState.APPRAISING,
                   NominationState.AT_COUNCIL, NominationState.DECIDED, NominationState.RETURNED]


def pipeline(user, year, today=None):
    """Nominations sent to the board, counted by state with how many of them are overdue, in one GROUP BY
    query: ``[{"state", "label", "count", "overdue"}]`` in workflow order, zeros included. Decided ones
    count only when decided in ``year`` (the pipeline is the work under way, not the whole archive)."""
    late = Case(When(overdue_q(today), then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = (nominations_for_user(user).exclude(state=NominationState.DRAFT)
            .exclude(Q(state=NominationState.DECIDED) & ~Q(decided_at__year=year)).order_by()
            .annotate(late=late).values("state").annotate(n=Count("pk"), overdue=Sum("late")))
    found = {r["state"]: r for r in rows}
    return [{"state": state.value, "label": str(state.label), "count": found.get(state, {}).get("n", 0),
             "overdue": found.get(state, {}).get("overdue") or 0} for state in PIPELINE_STATES]


def items_of(nomination):
    return (nomination.items.select_related("award_type", "changed_award_type", "person", "unit",
                                            "outcome_by", "council_meeting", "decision", "award")
            .prefetch_related("documents", "posting_comments").order_by("award_type__order", "pk"))


def award_history(items):
    """``{(kind, pk): [Award, …]}`` for the nominees of these items, in one query."""
    person_ids = {i.person_id for i in items if i.person_id}
    unit_ids = {i.unit_id for i in items if not i.person_id}
    if not person_ids and not unit_ids:
        return {}
    out = {}
    rows = Award.objects.filter(Q(person_id__in=person_ids) | Q(person__isnull=True, unit_id__in=unit_ids)) \
        .select_related("award_type").order_by("-year", "pk")
    for award in rows:
        key = ("p", award.person_id) if award.person_id else ("u", award.unit_id)
        out.setdefault(key, []).append(award)
    return out


def history_key(item):
    return ("p", item.person_id) if item.person_id else ("u", item.unit_id)


def documents_for_user(user):
    return NominationDocument.objects.filter(nomination__in=nominations_for_user(user)).select_related("nomination")


def _needs_vote_q(prefix=""):
    return (Q(**{f"{prefix}changed_award_type__isnull": False, f"{prefix}changed_award_type__requires_council_vote":
                 True})
            | Q(**{f"{prefix}changed_award_type__isnull": True, f"{prefix}award_type__requires_council_vote": True}))


def _central_q(prefix=""):
    """Items whose final award type is conferred above the province (khen cao)."""
    return (Q(**{f"{prefix}changed_award_type__isnull": False, f"{prefix}changed_award_type__level": AwardLevel.STATE})
            | Q(**{f"{prefix}changed_award_type__isnull": True, f"{prefix}award_type__level": AwardLevel.STATE}))


def upward_candidates():
    """Items the board may put in a khen cao cover letter: passed by the provincial council (nomination at the
    council, eligible, ballot passed where one is needed), conferred above the province, not sent up yet."""
    return (NominationItem.objects.filter(nomination__state=NominationState.AT_COUNCIL,
                                          outcome__in=POSITIVE_OUTCOMES, award__isnull=True, decision__isnull=True,
                                          upward__isnull=True)
            .filter(_central_q())
            .filter(~_needs_vote_q() | Q(vote_passed=True))
            .select_related("nomination__unit", "award_type", "changed_award_type", "person", "unit")
            .order_by("nomination_id", "pk"))


def council_items():
    """Eligible items of nominations at the council whose award type is voted on by secret ballot."""
    return (NominationItem.objects.filter(nomination__state=NominationState.AT_COUNCIL,
                                          outcome__in=POSITIVE_OUTCOMES, decision__isnull=True)
            .filter(_needs_vote_q())
            .select_related("nomination__unit", "award_type", "changed_award_type", "person", "unit",
                            "council_meeting")
            .order_by("nomination_id", "pk"))


def posted_items(today=None):
    """Nominees under public posting today: the public page lists them without login."""
    today = today or timezone.localdate()
    return (NominationItem.objects.filter(posting_start__lte=today, posting_end__gte=today)
            .exclude(nomination__state__in=[NominationState.DRAFT, NominationState.RETURNED])
            .select_related("nomination", "award_type", "changed_award_type", "person", "unit")
            .order_by("posting_end", "pk"))


# Home-page reads: each one query (or two: a count and the first rows), whatever the number of rows.

TO_APPRAISE = [NominationState.SUBMITTED, NominationState.RECEIVED, NominationState.APPRAISING]


def returned_nominations(unit_ids):
    """The units' nominations the board returned for correction, oldest return first."""
    return (Nomination.objects.filter(unit_id__in=list(unit_ids), state=NominationState.RETURNED)
            .select_related("unit").order_by("submitted_at", "pk"))


def to_receive_and_appraise(user):
    """Nominations waiting for the board to receive or appraise them: overdue first, then oldest first."""
    return board_queue(user).filter(state__in=TO_APPRAISE)


def next_council_meeting(today=None):
    """The next council meeting dated today or later, if one is recorded."""
    today = today or timezone.localdate()
    return CouncilMeeting.objects.filter(date__gte=today).order_by("date", "pk").first()


def at_council(user):
    """Nominations at the council with how many nominees each still awaits the secret ballot."""
    waiting = Q(outcome__in=POSITIVE_OUTCOMES, decision__isnull=True, vote_passed__isnull=True) & _needs_vote_q()
    return (nominations_for_user(user).filter(state=NominationState.AT_COUNCIL)
            .annotate(n_ballot=item_count(waiting)).order_by("submitted_at", "pk"))


def upward_for_user(user):
    """Khen cao cover letters: the board's work, seen by whoever sees everything."""
    qs = UpwardSubmission.objects.select_related("created_by")
    return qs if roles_of(user).sees_everything else qs.none()


def upward_counts():
    """``{state: n}`` of khen cao cover letters, for the list's tabs."""
    return dict(UpwardSubmission.objects.values_list("state").annotate(n=Count("pk")).order_by())


def concurrence_items(nomination):
    """The items of a nomination whose award needs hiệp y, with the bodies asked."""
    return [i for i in nomination.items.select_related("award_type", "changed_award_type", "person", "unit")
            .prefetch_related("concurrences").filter(outcome__in=POSITIVE_OUTCOMES)
            if i.final_award_type.requires_concurrence]
