"""Pages that keep a bloc year moving: remind the units that have not submitted, close out or enter a missing
scorecard (board, after the deadline), lock the reviewed scorecards of a bloc in one action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import require_perm

from .. import selectors, services
from ..forms import ReasonForm
from ..scoring import fmt_points
from ._common import _bloc_year_or_404, _crumbs, _run
from .scorecards import _card_context, _parse_posted, _scorecard_or_404


@login_required
@require_POST
def blocyear_remind(request, pk):
    """One button for all: remind every member unit that has not submitted its scorecard."""
    by = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.advance_blocyear", by)
    ok, result = _run(request, services.remind_missing, by, request.user)
    if ok:
        reached, unreachable = result
        if reached:
            messages.success(request, _("Reminder sent to %(count)s unit(s): %(units)s.")
                             % {"count": len(reached), "units": ", ".join(u.name for u in reached)})
        if unreachable:
            messages.warning(request, _("Nobody to notify at %(units)s: the unit has no user account. Contact it "
                                        "directly.") % {"units": ", ".join(u.name for u in unreachable)})
    return redirect(f"{by.get_absolute_url()}#missing")


@login_required
def scorecard_close_out(request, pk):
    """The board records a missing scorecard as not submitted, with a reason."""
    sc = _scorecard_or_404(request, pk)
    require_perm(request.user, "blocs.finalise_scorecard", sc)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _r = _run(request, services.close_out_scorecard, sc, request.user, form.cleaned_data["reason"],
                      success=_("%(unit)s is recorded as not having submitted its scorecard.") % {"unit": sc.unit})
        if ok:
            return redirect(f"{sc.bloc_year.get_absolute_url()}#missing")
    return render(request, "blocs/close_out.html", {
        "sc": sc, "by": sc.bloc_year, "form": form, "deadline_over": selectors.self_scoring_over(sc.bloc_year),
        "breadcrumbs": _crumbs(sc.bloc_year, (sc.unit.name, sc.get_absolute_url()), (_("Not submitted"), "")),
    })


@login_required
def scorecard_reopen_closed_out(request, pk):
    """The board undoes a close-out (the scorecard goes back to draft), with a reason, before the vote."""
    sc = _scorecard_or_404(request, pk)
    require_perm(request.user, "blocs.finalise_scorecard", sc)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _r = _run(request, services.reopen_closed_out, sc, request.user, form.cleaned_data["reason"],
                      success=_("The scorecard of %(unit)s is open again as a draft.") % {"unit": sc.unit})
        if ok:
            return redirect(f"{sc.bloc_year.get_absolute_url()}#missing")
    return render(request, "blocs/reopen_closed_out.html", {
        "sc": sc, "by": sc.bloc_year, "form": form, "allowed": selectors.closed_out_reopenable(sc.bloc_year),
        "breadcrumbs": _crumbs(sc.bloc_year, (sc.unit.name, sc.get_absolute_url()),
                               (_("Reopen the scorecard"), "")),
    })


@login_required
def scorecard_on_behalf(request, pk):
    """The board types the unit's scores from its paper sheet and submits them on the unit's behalf."""
    sc = _scorecard_or_404(request, pk)
    require_perm(request.user, "blocs.finalise_scorecard", sc)
    posted, reason = None, ""
    if request.method == "POST":
        tree = selectors.criteria_tree(sc.bloc_year)
        values, posted, errors = _parse_posted(request, tree, ["points", "note"])
        reason = request.POST.get("reason", "")
        if errors:
            messages.error(request, " ".join(errors))
        else:
            ok, _r = _run(request, services.enter_on_behalf, sc, request.user,
                          {cid: (v.get("points"), v.get("note", "")) for cid, v in values.items()}, reason,
                          success=_("The scorecard of %(unit)s has been entered on its behalf and submitted.")
                          % {"unit": sc.unit})
            if ok:
                return redirect(f"{sc.get_absolute_url()}#main")
    ctx = _card_context(request, sc, posted)
    ctx.update(editable=sc.state == "draft" and selectors.self_scoring_over(sc.bloc_year), on_behalf=True,
               on_behalf_reason=reason, show_review=False, show_final=False,
               breadcrumbs=_crumbs(sc.bloc_year, (sc.unit.name, sc.get_absolute_url()),
                                   (_("Enter on the unit's behalf"), "")))
    return render(request, "blocs/scorecard.html", ctx)


@login_required
def blocyear_finalise_reviewed(request, pk):
    """Lock the reviewed scorecards of a bloc: a confirmation page lists them, one button locks them all."""
    by = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.finalise_scorecard", by)
    if request.method == "POST":
        ok, cards = _run(request, services.finalise_reviewed, by, request.user, request.POST.getlist("scorecard"))
        if ok:
            messages.success(request, _("%(count)s scorecard(s) are final: %(units)s.")
                             % {"count": len(cards), "units": ", ".join(c.unit.name for c in cards)})
            return redirect(by)
    cards = selectors.reviewed_scorecards(by)
    tree, rows = selectors.scoreboard(by, "reviewed")
    totals = {row.scorecard.pk: fmt_points(row.totals.total) for row in rows}
    return render(request, "blocs/finalise_reviewed.html", {
        "by": by, "cards": [(c, totals.get(c.pk, "–")) for c in cards],
        "breadcrumbs": _crumbs(by, (_("Lock the reviewed scorecards"), "")),
    })
