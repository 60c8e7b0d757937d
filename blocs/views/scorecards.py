"""Pages of a scorecard: the unit's sheet, the review, evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_file, signed_in_or_404
from emulation.errors import DomainError
from emulation.registry import hook
from emulation.roles import roles_of
from emulation.uploads import extensions, max_bytes

from .. import selectors, services
from ..enums import SCORECARD_OPEN_STATES, ScorecardState
from ..forms import EvidenceForm, ReasonForm
from ..models import Criterion, Evidence, ScoreEntry
from ..scoring import parse_points
from ._common import _crumbs, _run, _upload_refused


def _scorecard_or_404(request, pk):
    qs = selectors.scorecards_for_user(request.user).prefetch_related("bloc_year__memberships")
    return get_for_user_or_404(qs, pk=pk)


def _sheet(sc, posted=None):
    """Rows for the scorecard table: sections and criteria with entries, evidence and differences."""
    tree = selectors.criteria_tree(sc.bloc_year)
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(scorecard=sc)}
    files = {}
    for ev in Evidence.objects.filter(scorecard=sc).order_by("pk"):
        files.setdefault(ev.criterion_id, []).append(ev)
    rows = []
    for node in tree.walk():
        row = {"node": node, "depth": node.depth}
        if node.is_section:
            row["max"] = tree.max_of(node)
        else:
            entry = entries.get(node.pk) or ScoreEntry(scorecard=sc, criterion=node)
            row.update(entry=entry, files=files.get(node.pk, []))
            row["self"] = entry.self_points
            row["reviewed"] = entry.reviewed_points if entry.reviewed_points is not None else entry.self_points
            row["final"] = entry.final_points if entry.final_points is not None else row["reviewed"]
            row["review_changed"] = entry.reviewed_points is not None and entry.reviewed_points != entry.self_points
            row["final_changed"] = entry.final_points is not None and entry.final_points != row["reviewed"]
            if posted:
                row.update(posted.get(node.pk, {}))
        rows.append(row)
    totals = {b: tree.totals(entries, b) for b in ("self", "reviewed", "final")}
    return tree, rows, totals


def _parse_posted(request, tree, fields):
    """Read per-criterion inputs named ``<field>_<id>``; returns (values, posted-for-redisplay, errors)."""
    values, posted, errors = {}, {}, []
    for node in tree.leaves:
        item, shown = {}, {}
        for field in fields:
            raw = request.POST.get(f"{field}_{node.pk}")
            if raw is None:
                continue
            if field == "points":
                shown["posted_points"] = raw
                try:
                    item["points"] = parse_points(raw)
                except ValueError:
                    errors.append(_("%(code)s: “%(value)s” is not a number.") % {"code": node.code, "value": raw})
                    continue
            else:
                shown[f"posted_{field}"] = raw
                item[field] = raw
        if item:
            values[node.pk] = item
        if shown:
            posted[node.pk] = shown
    return values, posted, errors


def _card_context(request, sc, posted=None):
    user = request.user
    tree, rows, totals = _sheet(sc, posted)
    roles = roles_of(user)
    own = sc.unit_id in roles.clerk_unit_ids
    can_fill = user.has_perm("blocs.fill_scorecard", sc)
    can_review = not own and (user.has_perm("blocs.review_scorecard", sc))
    show_review = not own or sc.state in (ScorecardState.RETURNED, ScorecardState.REVIEWED,
                                          ScorecardState.FINALISED)
    open_year = sc.bloc_year.state in SCORECARD_OPEN_STATES
    editable = can_fill and sc.state == ScorecardState.DRAFT and open_year
    explaining = can_fill and sc.state == ScorecardState.RETURNED and open_year
    return {
        "sc": sc, "by": sc.bloc_year, "tree": tree, "rows": rows, "totals": totals,
        "editable_files": editable or explaining,
        "cs": tree.criteria_set, "can_fill": can_fill, "can_review": can_review,
        "editable": editable, "explaining": explaining,
        "on_behalf": False,
        "show_review": show_review, "show_final": sc.state == ScorecardState.FINALISED or not own,
        "max_upload_mb": round(max_bytes() / 1024 / 1024, 1),
        "upload_types": ", ".join(extensions("document")),
        "upload_accept": ",".join("." + ext for ext in extensions("document")),
        "panels": hook("scorecard_panels", scorecard=sc, user=user),
        "breadcrumbs": _crumbs(sc.bloc_year, (sc.unit.name, "")),
    }


@login_required
def scorecard(request, pk):
    """The unit's scorecard: one page, fill in, save drafts, submit, answer questions; read-only otherwise."""
    sc = _scorecard_or_404(request, pk)
    if request.method == "POST":
        require_perm(request.user, "blocs.fill_scorecard", sc)
        action = request.POST.get("action", "save")
        tree = selectors.criteria_tree(sc.bloc_year)
        if action == "explain":
            answers = {node.pk: request.POST.get(f"explanation_{node.pk}", "") for node in tree.leaves}
            ok, _r = _run(request, services.answer_explanation, sc, request.user, answers,
                          success=_("Your explanation has been sent to the bloc."))
            if ok:
                return redirect(_top(sc))
            posted = {cid: {"posted_explanation": text} for cid, text in answers.items()}
            return render(request, "blocs/scorecard.html", _card_context(request, sc, posted))
        values, posted, errors = _parse_posted(request, tree, ["points", "note"])
        if errors:
            messages.error(request, " ".join(errors))
            return render(request, "blocs/scorecard.html", _card_context(request, sc, posted))
        ok, _r = _run(request, services.save_self_scores, sc, request.user,
                      {cid: (v.get("points"), v.get("note", "")) for cid, v in values.items()},
                      expected_version=request.POST.get("version"))
        if not ok:
            return render(request, "blocs/scorecard.html", _card_context(request, sc, posted))
        if action == "submit":
            ok, _r = _run(request, services.submit_scorecard, sc, request.user,
                          success=_("The scorecard has been submitted to the bloc."))
        else:
            messages.success(request, _("The draft has been saved."))
        return redirect(_top(sc))
    return render(request, "blocs/scorecard.html", _card_context(request, sc))


def _top(sc):
    """The scorecard page at its top, where the message of what just happened shows (a long sheet would
    otherwise open where the browser last was)."""
    return f"{sc.get_absolute_url()}#main"


def _evidence_swap(request, sc, node, ok, status):
    """The answer to a background (htmx) upload or removal: the row's files, its forms, the scorecard's new
    version (the typed points on the page stay and can still be saved) and the message."""
    sc.refresh_from_db(fields=["version"])
    ctx = _card_context(request, sc)
    row = next(r for r in ctx["rows"] if r["node"].pk == node.pk)
    ctx.update(row=row, ok=ok, status=status)
    return render(request, "blocs/_evidence_swap.html", ctx)


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


@login_required
@require_POST
def evidence_upload(request, pk):
    sc = _scorecard_or_404(request, pk)
    require_perm(request.user, "blocs.fill_scorecard", sc)
    node = get_for_user_or_404(Criterion.objects.filter(criteria_set__bloc_year_id=sc.bloc_year_id),
                               pk=request.POST.get("criterion") or 0)
    form = EvidenceForm(request.POST, request.FILES)
    if not _is_htmx(request):
        if not form.is_valid():
            _upload_refused(request, form, _("Choose a file to upload."))
        else:
            upload = form.cleaned_data["file"]
            _run(request, services.add_evidence, sc, request.user, node, upload,
                 success=_("The file %(name)s has been attached.") % {"name": upload.name})
        return redirect(f"{sc.get_absolute_url()}#c{node.pk}")
    if not form.is_valid():
        ok = False
        status = (" ".join(str(e) for errors in form.errors.values() for e in errors) if request.FILES.get("file")
                  else _("Choose a file to upload."))
    else:
        upload = form.cleaned_data["file"]
        try:
            services.add_evidence(sc, request.user, node, upload)
            ok, status = True, _("The file %(name)s has been attached.") % {"name": upload.name}
        except DomainError as exc:
            ok, status = False, str(exc)
    return _evidence_swap(request, sc, node, ok, status)


def _evidence_or_404(request, eid):
    visible = selectors.scorecards_for_user(request.user)
    return get_for_user_or_404(Evidence.objects.select_related("scorecard", "criterion")
                               .filter(scorecard__in=visible), pk=eid)


@signed_in_or_404
def evidence_download(request, eid):
    ev = _evidence_or_404(request, eid)
    return serve_file(request, ev.file, ev.original_name)


@login_required
@require_POST
def evidence_delete(request, eid):
    ev = _evidence_or_404(request, eid)
    sc, node = ev.scorecard, ev.criterion
    require_perm(request.user, "blocs.fill_scorecard", sc)
    if not _is_htmx(request):
        _run(request, services.delete_evidence, ev, request.user, success=_("The file has been removed."))
        return redirect(f"{sc.get_absolute_url()}#c{node.pk}")
    try:
        services.delete_evidence(ev, request.user)
        ok, status = True, _("The file has been removed.")
    except DomainError as exc:
        ok, status = False, str(exc)
    sc = _scorecard_or_404(request, sc.pk)
    return _evidence_swap(request, sc, node, ok, status)


@login_required
def scorecard_review(request, pk):
    """The review screen: self, reviewed and final points side by side; reasons for every change."""
    sc = _scorecard_or_404(request, pk)
    user = request.user
    is_board = roles_of(user).manages_everything
    if sc.unit_id in roles_of(user).clerk_unit_ids or not (
            user.has_perm("blocs.review_scorecard", sc) or is_board):
        raise PermissionDenied(_("Only the bloc leaders or the board may review this scorecard."))
    if request.method == "POST":
        action = request.POST.get("action", "save")
        tree = selectors.criteria_tree(sc.bloc_year)
        version = request.POST.get("version")
        reason = request.POST.get("reason", "")
        simple = {
            "start": (services.start_review, (), _("The review has started.")),
            "finalise": (services.finalise_scorecard, (), _("The scorecard is final.")),
            "send_back": (services.send_back_to_review, (reason,), _("The scorecard went back to review.")),
            "reopen": (services.reopen_scorecard, (reason,), _("The scorecard has been reopened.")),
        }
        if action in simple:
            fn, extra, message = simple[action]
            _run(request, fn, sc, user, *extra, success=message)
            return redirect("blocs:scorecard_review", sc.pk)
        if action == "save_final":
            values, posted, errors = _parse_posted(request, tree, ["points", "final_reason"])
            values = {cid: {"points": v.get("points"), "reason": v.get("final_reason", "")}
                      for cid, v in values.items()}
            fn = services.save_final_points
        else:
            values, posted, errors = _parse_posted(request, tree, ["points", "reason", "question"])
            fn = services.save_review
        if errors:
            messages.error(request, " ".join(errors))
            return render(request, "blocs/review.html", _review_context(request, sc, posted))
        ok, _r = _run(request, fn, sc, user, values, version)
        if not ok:
            return render(request, "blocs/review.html", _review_context(request, sc, posted))
        if action == "return":
            ok, _r = _run(request, services.return_for_explanation, sc, user,
                          success=_("The scorecard has been returned to the unit for explanation."))
        elif action == "complete":
            ok, _r = _run(request, services.complete_review, sc, user, success=_("The review is complete."))
        else:
            messages.success(request, _("The review has been saved."))
        return redirect("blocs:scorecard_review", sc.pk)
    return render(request, "blocs/review.html", _review_context(request, sc))


def _review_context(request, sc, posted=None):
    ctx = _card_context(request, sc, posted)
    is_board = roles_of(request.user).manages_everything
    open_year = sc.bloc_year.state in SCORECARD_OPEN_STATES
    ctx.update(
        is_board=is_board,
        reviewing=open_year and ctx["can_review"] and sc.state in (ScorecardState.SUBMITTED,
                                                                   ScorecardState.UNDER_REVIEW),
        adjusting_final=open_year and is_board and sc.state == ScorecardState.REVIEWED,
        can_reopen=is_board and sc.state == ScorecardState.FINALISED and open_year,
        reason_form=ReasonForm(),
        breadcrumbs=_crumbs(sc.bloc_year, (sc.unit.name, sc.get_absolute_url()), (_("Review"), "")),
    )
    return ctx
