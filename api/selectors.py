"""What a token may read: every queryset of the API is built here from the token's unit subtrees.

An object outside the token's units is simply absent (lists are filtered, a detail answers 404).
"""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from awards.enums import DecisionState
from awards.models import Award, Decision
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import Campaign
from emulation.models import Person, Unit
from emulation.selectors import subtree_unit_ids

from .models import ApiToken, hash_token


def token_for_key(raw):
    """The usable token with this key, or ``None`` (unknown, revoked, expired)."""
    if not raw:
        return None
    now = timezone.now()
    return (ApiToken.objects.filter(token_hash=hash_token(raw), is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk")))
            .first())


def token_unit_ids(token):
    return subtree_unit_ids([u.pk for u in token.units.all()])


def tokens_for_board():
    return ApiToken.objects.select_related("created_by", "revoked_by").prefetch_related("units")


def units_for_token(unit_ids):
    return Unit.objects.filter(pk__in=unit_ids).order_by("pk")


def people_for_token(unit_ids):
    return Person.objects.filter(unit_id__in=unit_ids).order_by("pk")


def register_for_token(unit_ids):
    """The award register as the unit clerks see it: a person's awards by the person's current unit, a
    collective's by its unit."""
    return (Award.objects.filter(Q(person__unit_id__in=unit_ids) | Q(person__isnull=True, unit_id__in=unit_ids))
            .select_related("award_type", "person", "unit").order_by("pk"))


def decisions_for_token(unit_ids):
    """Issued decisions with an item or a revocation about the token's units."""
    mine = (Q(items__nomination__unit_id__in=unit_ids) | Q(items__unit_id__in=unit_ids)
            | Q(revocations__award__unit_id__in=unit_ids))
    ids = Decision.objects.filter(mine, state=DecisionState.ISSUED).values("pk")
    return Decision.objects.filter(pk__in=ids).order_by("pk")


def campaigns_for_token(unit_ids):
    """Launched campaigns that reach the token's units (the whole province, one of its units or a bloc it
    belongs to) or that one of its units launched."""
    through = Campaign.scope_blocs.through
    in_blocs = through.objects.filter(bloc__years__memberships__unit_id__in=unit_ids).values("campaign_id")
    reaches = (Q(scope=CampaignScope.PROVINCE) | Q(scope_unit_id__in=unit_ids) | Q(launching_unit_id__in=unit_ids)
               | Q(scope=CampaignScope.BLOCS, pk__in=in_blocs))
    return Campaign.objects.filter(reaches).exclude(state=CampaignState.PLANNED).order_by("pk")


def updated_since(qs, since):
    """Rows changed at or after ``since`` (an aware datetime; naive ones are read in the project's time zone),
    oldest change first, so a client pages through and keeps the last ``updated_at`` it saw."""
    if since is None:
        return qs
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    try:
        since.astimezone(datetime.UTC)
    except OverflowError:  # a date-time before year 1 in UTC: everything is newer
        return qs.order_by("updated_at", "pk")
    return qs.filter(updated_at__gte=since).order_by("updated_at", "pk")
