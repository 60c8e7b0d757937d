"""The bloc's vote and the award proposals made from it."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, notify

from ..enums import BlocYearState, ProposalKind
from ..models import Proposal, Vote, VoteResult
from ..scoring import fmt_points
from ..selectors import not_submitted, scoreboard, vote_threshold_on
from ._common import _fmt, _lock_year, _member_unit_ids, _require


@transaction.atomic
def record_vote(bloc_year, actor, held_on, voters_present, results, note=""):
    """The secret-ballot result: ``results`` maps member unit ids to votes for. Recording again
    replaces the result and withdraws the proposals made from the old one."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.record_vote", by, _("Only the bloc leaders or the board may record the vote."))
    if by.state != BlocYearState.VOTING:
        raise DomainError(_("The vote can only be recorded while the bloc year is at the vote."))
    if not voters_present or voters_present < 1:
        raise DomainError(_("Enter the number of voters present."), field="voters_present")
    members = set(_member_unit_ids(by))
    left_out = {sc.unit_id for sc in not_submitted(by)}
    clean = {}
    for unit_id, votes in results.items():
        unit_id = int(unit_id)
        if unit_id not in members:
            raise DomainError(_("Only member units can receive votes."))
        if unit_id in left_out and votes is not None:
            raise DomainError(_("A unit recorded as not having submitted its scorecard is not on the ballot."))
        if votes is None:
            continue
        if votes < 0 or votes > voters_present:
            raise DomainError(_("Votes for a unit must be between 0 and the number of voters present."))
        clean[unit_id] = votes
    if not clean:
        raise DomainError(_("Enter the votes of at least one unit."))
    threshold = vote_threshold_on(held_on)
    vote, created = Vote.objects.update_or_create(
        bloc_year=by, defaults={"held_on": held_on, "voters_present": voters_present,
                                "threshold_percent": threshold, "note": note, "recorded_by": actor})
    vote.results.all().delete()
    VoteResult.objects.bulk_create([VoteResult(vote=vote, unit_id=u, votes_for=n) for u, n in clean.items()])
    withdrawn = list(Proposal.objects.filter(bloc_year=by).values_list("unit_id", "kind"))
    Proposal.objects.filter(bloc_year=by).delete()
    log_action(actor, "blocs.vote.recorded" if created else "blocs.vote.changed", by,
               data={"held_on": held_on, "voters_present": voters_present, "threshold": _fmt(Decimal(threshold)),
                     "results": {str(k): v for k, v in clean.items()}, "withdrawn_proposals": withdrawn})
    notify(board_users(), _("The vote of %(bloc_year)s has been recorded.") % {"bloc_year": by},
           url=reverse("blocs:vote", args=[by.pk]), action="blocs.vote.recorded", exclude=actor)
    return vote


@transaction.atomic
def make_proposals(bloc_year, actor, flag_unit_ids, diploma_unit_ids, note=""):
    """Propose units from the vote: normally one for the provincial emulation flag and some for the
    chairman's Diploma of Merit. Only units that reached the threshold can be proposed."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.record_vote", by, _("Only the bloc leaders or the board may make the proposals."))
    if by.state != BlocYearState.VOTING:
        raise DomainError(_("Proposals are made while the bloc year is at the vote."))
    vote = Vote.objects.filter(bloc_year=by).first()
    if vote is None:
        raise DomainError(_("Record the vote first."))
    flag_ids = [int(u) for u in flag_unit_ids]
    diploma_ids = [int(u) for u in diploma_unit_ids]
    if len(flag_ids) > 1:
        raise DomainError(_("A bloc proposes one unit for the emulation flag."), field="flag")
    if set(flag_ids) & set(diploma_ids):
        raise DomainError(_("A unit is proposed either for the flag or for a Diploma of Merit, not both."))
    results = {r.unit_id: r for r in vote.results.select_related("unit", "vote")}
    failing = [results[u].unit.name if u in results else str(u) for u in flag_ids + diploma_ids
               if u not in results or not results[u].passes]
    if failing:
        raise DomainError(_("These units did not reach the vote threshold of %(threshold)s%%: %(units)s.")
                          % {"threshold": fmt_points(vote.threshold_percent), "units": ", ".join(failing)})
    _tree_, rows = scoreboard(by)
    ranks = {row.scorecard.unit_id: row.rank for row in rows}
    old = list(Proposal.objects.filter(bloc_year=by).values_list("unit_id", "kind"))
    Proposal.objects.filter(bloc_year=by).delete()
    created = []
    for kind, ids in ((ProposalKind.FLAG, flag_ids), (ProposalKind.DIPLOMA, diploma_ids)):
        for u in ids:
            created.append(Proposal.objects.create(
                bloc_year=by, unit_id=u, kind=kind, votes=results[u].votes_for, voters_present=vote.voters_present,
                rank=ranks.get(u), note=note, created_by=actor))
    log_action(actor, "blocs.proposals.made", by,
               data={"flag": flag_ids, "diploma": diploma_ids, "previous": old, "note": note})
    notify(board_users() + clerks_of(flag_ids + diploma_ids),
           _("%(bloc_year)s proposes %(flags)s unit(s) for the emulation flag and %(diplomas)s for the Diploma of "
             "Merit.") % {"bloc_year": by, "flags": len(flag_ids), "diplomas": len(diploma_ids)},
           url=reverse("blocs:vote", args=[by.pk]), action="blocs.proposals.made", exclude=actor)
    return created
