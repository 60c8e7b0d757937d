"""Reads for nominations and decisions. Views fetch objects only through the ``*_for_user`` querysets."""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from emulation.roles import roles_of

from .models import Award
from .nomination_enums import CLOCK_STATES, POSITIVE_OUTCOMES, DecisionState, NominationState
from .nomination_models import Decision, Nomination, NominationDocument, NominationItem


def nominations_for_user(user):
    qs = Nomination.objects.select_related("unit", "campaign", "bloc_year__bloc", "submitted_by", "appraiser")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    return qs.filter(unit_id__in=r.scope_unit_ids)


def with_counts(qs, today=None):
    """Item counts, items that fail the rules, and whether the board's appraisal time is over."""
    today = today or timezone.localdate()
    late_item = NominationItem.objects.filter(nomination=OuterRef("pk"), appraisal_due__lt=today)
    return qs.annotate(
        n_items=Count("items", distinct=True),
        n_ineligible=Count("items", filter=Q(items__verdict_eligible=False), distinct=True),
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


def council_items():
    """Eligible items of nominations at the council whose award type is voted on by secret ballot."""
    return (NominationItem.objects.filter(nomination__state=NominationState.AT_COUNCIL,
                                          outcome__in=POSITIVE_OUTCOMES, decision__isnull=True)
            .filter(_needs_vote_q())
            .select_related("nomination__unit", "award_type", "changed_award_type", "person", "unit",
                            "council_meeting")
            .order_by("nomination_id", "pk"))


def decidable_items():
    """Items a decision may confer now: at the council, eligible, ballot passed where one is needed."""
    return (NominationItem.objects.filter(nomination__state=NominationState.AT_COUNCIL,
                                          outcome__in=POSITIVE_OUTCOMES, award__isnull=True, decision__isnull=True)
            .filter(~_needs_vote_q() | Q(vote_passed=True))
            .select_related("nomination__unit", "award_type", "changed_award_type", "person", "unit")
            .order_by("nomination_id", "pk"))


def posted_items(today=None):
    """Nominees under public posting today: the public page lists them without login."""
    today = today or timezone.localdate()
    return (NominationItem.objects.filter(posting_start__lte=today, posting_end__gte=today)
            .exclude(nomination__state__in=[NominationState.DRAFT, NominationState.RETURNED])
            .select_related("nomination", "award_type", "changed_award_type", "person", "unit")
            .order_by("posting_end", "pk"))


def decisions_for_user(user):
    qs = Decision.objects.select_related("corrects", "created_by", "issued_by")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    scope = r.scope_unit_ids
    mine = (Q(items__nomination__unit_id__in=scope) | Q(items__unit_id__in=scope)
            | Q(revocations__award__unit_id__in=scope))
    ids = Decision.objects.filter(mine, state=DecisionState.ISSUED).values("pk")
    return qs.filter(pk__in=ids)


def decision_summary(decision):
    """Counts and total reward money of a decision (issued: from the register; draft: not yet known)."""
    row = decision.items.aggregate(n=Count("pk"), total=Sum("award__amount"))
    return {"count": row["n"], "total": row["total"] or 0}
