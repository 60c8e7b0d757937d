"""Pages of the scoreboard (ranking), the vote and the proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.access import require_perm
from emulation.errors import apply_service
from emulation.roles import roles_of

from .. import selectors, services
from ..enums import BlocYearState, ProposalKind, ScorecardState
from ..excel import scoreboard_workbook
from ..forms import ProposalForm, VoteForm
from ..scoring import TIE_BREAK_RULE, fmt_points
from ._common import _bloc_year_or_404, _crumbs, _xlsx

BASIS_LABELS = {"self": gettext_lazy("self points"), "reviewed": gettext_lazy("reviewed points"),
                "final": gettext_lazy("final points")}


def _scoreboard_data(request, pk):
    by = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.view_scoreboard", by,
                 _("The scoreboard opens to member units once every scorecard is final."))
    basis = request.GET.get("basis", "final")
    if basis not in BASIS_LABELS:
        basis = "final"
    roles = roles_of(request.user)
    privileged = roles.sees_everything or request.user.has_perm("blocs.edit_criteria", by)
    tree, rows = selectors.scoreboard(by, basis if privileged else "final", finalised_only=not privileged)
    return by, tree, rows, (basis if privileged else "final"), privileged


def _score_chart_summary(rows, basis_label):
    """What the chart shows, in one sentence for screen readers (the table below has every number)."""
    if not rows:
        return _("No scorecards.")
    totals = [row.totals.total for row in rows]
    return _("%(n)s units ranked by %(basis)s: from %(low)s to %(high)s points; first %(first)s.") % {
        "n": len(rows), "basis": basis_label, "low": fmt_points(min(totals)), "high": fmt_points(max(totals)),
        "first": rows[0].scorecard.unit.display_name}


@login_required
def scoreboard(request, pk):
    by, tree, rows, basis, privileged = _scoreboard_data(request, pk)
    for row in rows:
        row.section_values = [row.totals.sections.get(s.pk, 0) for s in tree.sections]
    chart = selectors.score_chart(tree, rows, basis, compare_self=privileged)
    chart["labels"] = {"totals": capfirst(BASIS_LABELS[basis]), "self": capfirst(BASIS_LABELS["self"]),
                       "axis": _("Total points")}
    return render(request, "blocs/scoreboard.html", {
        "chart": chart, "chart_summary": _score_chart_summary(rows, BASIS_LABELS[basis]),
        "by": by, "tree": tree, "rows": rows, "basis": basis, "bases": BASIS_LABELS, "privileged": privileged,
        "basis_label": BASIS_LABELS[basis], "tie_rule": TIE_BREAK_RULE, "cs": tree.criteria_set,
        "all_final": all(r.scorecard.state == ScorecardState.FINALISED for r in rows),
        "breadcrumbs": _crumbs(by, (_("Scoreboard"), "")),
    })


@login_required
def scoreboard_export(request, pk):
    by, tree, rows, basis, _privileged = _scoreboard_data(request, pk)
    data = scoreboard_workbook(by, tree, rows, BASIS_LABELS[basis], TIE_BREAK_RULE)
    return _xlsx(data, f"bang-xep-hang-{by.bloc.code}-{by.year}.xlsx")


def _candidates(by):
    """The units on the ballot in rank order, each with its rank and final score; units the board recorded as
    not submitted are not on it."""
    _tree, rows = selectors.scoreboard(by, "final")
    units = []
    for row in rows:
        unit = row.scorecard.unit
        unit.rank, unit.final_score = row.rank, row.totals.total
        units.append(unit)
    return units


@login_required
def vote(request, pk):
    by = _bloc_year_or_404(request, pk)
    user = request.user
    can_record = user.has_perm("blocs.record_vote", by) and by.state == BlocYearState.VOTING
    if not user.has_perm("blocs.view_scoreboard", by):
        raise PermissionDenied(_("The vote opens to member units once every scorecard is final."))
    units = _candidates(by)
    current = selectors.vote_of(by)
    initial = {}
    if current is not None:
        initial = {"held_on": current.held_on, "voters_present": current.voters_present, "note": current.note}
        initial.update({f"votes_{r.unit_id}": r.votes_for for r in current.results.all()})
    elif by.meeting_date:
        initial["held_on"] = by.meeting_date
    vote_form = VoteForm(initial=initial, units=units)
    results = list(current.results.all()) if current else []
    passing = [(r.unit_id, r.unit.name) for r in results if r.passes]
    proposals = list(selectors.proposals_for_bloc_year(by))
    proposal_form = ProposalForm(choices=passing, initial={
        "flag": [p.unit_id for p in proposals if p.kind == ProposalKind.FLAG],
        "diploma": [p.unit_id for p in proposals if p.kind == ProposalKind.DIPLOMA],
        "note": proposals[0].note if proposals else ""})
    if request.method == "POST":
        if not user.has_perm("blocs.record_vote", by):
            raise PermissionDenied(_("Your role may view this but not change it."))
        if request.POST.get("what") == "proposals":
            proposal_form = ProposalForm(request.POST, choices=passing)
            if proposal_form.is_valid() and apply_service(
                    proposal_form, services.make_proposals, by, user, proposal_form.cleaned_data["flag"],
                    proposal_form.cleaned_data["diploma"], proposal_form.cleaned_data["note"]) is not None:
                messages.success(request, _("The proposals have been saved."))
                return redirect("blocs:vote", by.pk)
        else:
            vote_form = VoteForm(request.POST, units=units)
            if vote_form.is_valid() and apply_service(
                    vote_form, services.record_vote, by, user, vote_form.cleaned_data["held_on"],
                    vote_form.cleaned_data["voters_present"], vote_form.results(),
                    vote_form.cleaned_data["note"]) is not None:
                messages.success(request, _("The vote has been recorded."))
                return redirect("blocs:vote", by.pk)
    threshold = current.threshold_percent if current else selectors.vote_threshold_on(
        by.meeting_date or timezone.localdate())
    return render(request, "blocs/vote.html", {
        "by": by, "vote": current, "results": results, "proposals": proposals, "can_record": can_record,
        "vote_form": vote_form, "proposal_form": proposal_form, "threshold": threshold,
        "breadcrumbs": _crumbs(by, (_("Vote and proposals"), "")),
    })
