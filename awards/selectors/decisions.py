"""Reads for award decisions."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from emulation.roles import roles_of

from ..enums import POSITIVE_OUTCOMES, DecisionState, NominationState
from ..models import Decision, NominationItem
from .nominations import _central_q, _needs_vote_q


def decidable_items():
    """Items a decision may confer now: at the council, eligible, ballot passed where one is needed."""
    return (NominationItem.objects.filter(nomination__state=NominationState.AT_COUNCIL,
                                          outcome__in=POSITIVE_OUTCOMES, award__isnull=True, decision__isnull=True)
            .filter(~_needs_vote_q() | Q(vote_passed=True))
            .exclude(_central_q())
            .select_related("nomination__unit", "award_type", "changed_award_type", "person", "unit")
            .order_by("nomination_id", "pk"))


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


def recent_decisions(user, year, days=60, today=None):
    """Issued decisions about the user's units (as ``decisions_for_user`` scopes them): those dated in the
    working year and those issued in the last ``days`` days, newest first."""
    since = timezone.now() - timezone.timedelta(days=days)
    return (decisions_for_user(user).filter(state=DecisionState.ISSUED)
            .filter(Q(date__year=year) | Q(issued_at__gte=since)).order_by("-date", "-pk"))


def ready_for_decision():
    """Nominations at the council with nominees a decision may confer now: ``[{nomination_id,
    nomination__title, unit (its short name), n}]`` (one GROUP BY query over ``decidable_items``)."""
    rows = list(decidable_items().order_by().values("nomination_id", "nomination__title", "nomination__unit__name",
                                                    "nomination__unit__short_name")
                .annotate(n=Count("pk")).order_by("nomination_id"))
    for row in rows:
        row["unit"] = row.pop("nomination__unit__short_name") or row.pop("nomination__unit__name")
        row.pop("nomination__unit__name", None)
    return rows
