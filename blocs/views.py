"""Pages of the blocs app. Thin: parse, call a selector or a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.errors import DomainError
from emulation.listing import listing
from emulation.models import Unit
from emulation.registry import hook
from emulation.roles import roles_of
from emulation.selectors import units_for_user
from emulation.views import apply_service

from . import selectors, services
from .enums import SCORECARD_OPEN_STATES, BlocYearState, CriterionKind, ProposalKind, ScorecardState
from .excel import XLSX_CONTENT_TYPE, criteria_workbook, read_criteria_workbook, scoreboard_workbook
from .filters import BlocFilter
from .forms import (
    BlocForm,
    BlocYearForm,
    CriteriaSetForm,
    CriterionForm,
    DatesForm,
    ImportForm,
    LeadershipForm,
    MemberForm,
    ProposalForm,
    ReasonForm,
    VoteForm,
)
from .models import BlocMembership, Criterion, Evidence, ScoreEntry
from .scoring import TIE_BREAK_RULE, fmt_points, parse_points

BASIS_LABELS = {"self": gettext_lazy("self points"), "reviewed": gettext_lazy("reviewed points"),
                "final": gettext_lazy("final points")}


def _xlsx(data, filename):
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bloc_year_or_404(request, pk):
    qs = selectors.bloc_years_for_user(request.user).prefetch_related(
        Prefetch("memberships", queryset=BlocMembership.objects.select_related("unit").order_by("unit__name")))
    return get_for_user_or_404(qs, pk=pk)


def _crumbs(by=None, *extra):
    out = [(_("Emulation blocs"), "/blocs/")]
    if by is not None:
        out.append((str(by), by.get_absolute_url()))
    return out + list(extra)


def _run(request, fn, *args, success=None, **kwargs):
    """Run a service; a DomainError becomes an error message. Returns (ok, result)."""
    try:
        result = fn(*args, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


# Blocs -------------------------------------------------------------------------------------------


BLOC_SORTS = {"code": "code", "name": ("name", "code"), "council": ("council", "code")}


@login_required
def bloc_list(request):
    years = selectors.bloc_years_for_user(request.user)
    blocs = selectors.blocs_for_user(request.user).prefetch_related(
        Prefetch("years", queryset=years.order_by("-year"), to_attr="visible_years"))
    ctx = listing(request, blocs, BlocFilter, sorts=BLOC_SORTS, default="code", years=years,
                  member=units_for_user(request.user).order_by("name"))
    return render(request, "blocs/bloc_list.html", {
        **ctx, "can_add": roles_of(request.user).manages_everything, "breadcrumbs": _crumbs(),
    })


@login_required
def bloc_create(request):
    require_perm(request.user, "blocs.manage_blocyear")
    form = BlocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bloc = apply_service(form, services.create_bloc, request.user, **form.cleaned_data)
        if bloc is not None:
            messages.success(request, _("The bloc has been created."))
            return redirect(bloc)
    return render(request, "blocs/form.html", {"form": form, "title": _("New emulation bloc"),
                                               "breadcrumbs": _crumbs()})


@login_required
def bloc_detail(request, pk):
    bloc = get_for_user_or_404(selectors.blocs_for_user(request.user), pk=pk)
    years = (selectors.bloc_years_for_user(request.user).filter(bloc=bloc).order_by("-year")
             .prefetch_related(Prefetch("memberships", queryset=BlocMembership.objects.select_related("unit")
                                        .order_by("unit__name"))))
    return render(request, "blocs/bloc_detail.html", {
        "bloc": bloc, "years": years, "can_manage": roles_of(request.user).manages_everything,
        "breadcrumbs": _crumbs(None, (bloc.name, "")),
    })


@login_required
def blocyear_create(request, pk):
    bloc = get_for_user_or_404(selectors.blocs_for_user(request.user), pk=pk)
    require_perm(request.user, "blocs.manage_blocyear")
    form = BlocYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by = apply_service(form, services.create_bloc_year, request.user, bloc, d["year"], d["head_unit"],
                           d["deputy_unit"], members=d["members"],
                           **{k: d[k] for k in services.DATE_FIELDS})
        if by is not None:
            messages.success(request, _("The bloc year has been created."))
            return redirect(by)
    return render(request, "blocs/form.html", {"form": form, "title": _("New bloc year of %(bloc)s")
                                               % {"bloc": bloc}, "breadcrumbs": _crumbs(None, (bloc.name,
                                                                                             bloc.get_absolute_url()))})


# Bloc year ---------------------------------------------------------------------------------------


def _year_actions(user, by):
    roles = roles_of(user)
    leads = user.has_perm("blocs.advance_blocyear", by)
    actions = []
    if roles.manages_everything and by.state == BlocYearState.PREPARING:
        actions.append(("open_scoring", _("Open self-scoring")))
    if leads and by.state == BlocYearState.SCORING:
        actions.append(("start_reviewing", _("Close self-scoring and start the review")))
    if leads and by.state == BlocYearState.REVIEWING:
        actions.append(("open_voting", _("Open the vote")))
    if roles.manages_everything and by.state == BlocYearState.VOTING:
        actions.append(("close", _("Close the bloc year")))
    return actions


@login_required
def blocyear_detail(request, pk):
    by = _bloc_year_or_404(request, pk)
    user = request.user
    roles = roles_of(user)
    leads = user.has_perm("blocs.edit_criteria", by)
    sees_all_cards = roles.sees_everything or leads
    cards, summary = selectors.year_overview(by)
    if not sees_all_cards:
        cards = [c for c in cards if c.unit_id in roles.clerk_unit_ids
                 or (c.unit_id == by.head_unit_id and by.deputy_unit_id in roles.clerk_unit_ids)]
    return render(request, "blocs/blocyear_detail.html", {
        "by": by, "cards": cards, "summary": summary, "sees_all_cards": sees_all_cards,
        "actions": _year_actions(user, by), "is_leader": user.has_perm("blocs.advance_blocyear", by)
        and not roles.manages_everything,
        "can_manage": roles.manages_everything, "can_view_scoreboard": user.has_perm("blocs.view_scoreboard", by),
        "can_edit_dates": leads, "clerk_unit_ids": roles.clerk_unit_ids,
        "reason_form": ReasonForm(), "breadcrumbs": _crumbs(None, (by.bloc.name, by.bloc.get_absolute_url()),
                                                            (str(by.year), "")),
    })


@login_required
@require_POST
def blocyear_transition(request, pk):
    by = _bloc_year_or_404(request, pk)
    action = request.POST.get("action")
    if not request.user.has_perm("blocs.advance_blocyear", by):
        raise PermissionDenied(_("Your role may view this but not change it."))
    handlers = {
        "open_scoring": (services.open_scoring, _("Self-scoring is open.")),
        "start_reviewing": (services.start_reviewing, _("The review has started.")),
        "open_voting": (services.open_voting, _("The vote is open.")),
        "close": (services.close_bloc_year, _("The bloc year is closed.")),
    }
    if action == "step_back":
        _run(request, services.step_back, by, request.user, request.POST.get("reason", ""),
             success=_("The bloc year went back one step."))
    elif action in handlers:
        fn, message = handlers[action]
        _run(request, fn, by, request.user, success=message)
    return redirect(by)


@login_required
def blocyear_manage(request, pk):
    """Members, head and deputy (board) and the key dates (board and bloc leaders)."""
    by = _bloc_year_or_404(request, pk)
    user = request.user
    require_perm(user, "blocs.edit_criteria", by)
    is_board = roles_of(user).manages_everything
    member_ids = [m.unit_id for m in by.memberships.all()]
    member_units = Unit.objects.filter(pk__in=member_ids).order_by("name")
    add_form = MemberForm(units=Unit.objects.filter(is_active=True).exclude(pk__in=member_ids).order_by("name"))
    remove_form = MemberForm(units=member_units)
    lead_form = LeadershipForm(units=member_units, initial={"head_unit": by.head_unit_id,
                                                            "deputy_unit": by.deputy_unit_id})
    dates_form = DatesForm(initial={k: getattr(by, k) for k in services.DATE_FIELDS})
    if request.method == "POST":
        what = request.POST.get("what")
        if what != "dates" and not is_board:
            raise PermissionDenied(_("Only the commendation board may change the members."))
        if what == "add":
            add_form = MemberForm(request.POST, units=add_form.fields["unit"].queryset)
            if add_form.is_valid() and apply_service(add_form, services.add_member, by, user,
                                                     add_form.cleaned_data["unit"], add_form.cleaned_data["reason"]):
                messages.success(request, _("The member has been added."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "remove":
            remove_form = MemberForm(request.POST, units=member_units)
            if remove_form.is_valid() and apply_service(remove_form, services.remove_member, by, user,
                                                        remove_form.cleaned_data["unit"],
                                                        remove_form.cleaned_data["reason"]):
                messages.success(request, _("The member has been removed."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "leadership":
            lead_form = LeadershipForm(request.POST, units=member_units)
            if lead_form.is_valid() and apply_service(lead_form, services.set_leadership, by, user,
                                                      lead_form.cleaned_data["head_unit"],
                                                      lead_form.cleaned_data["deputy_unit"],
                                                      lead_form.cleaned_data["reason"]):
                messages.success(request, _("The head and deputy units have been saved."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "dates":
            dates_form = DatesForm(request.POST)
            if dates_form.is_valid() and apply_service(dates_form, services.update_bloc_year_dates, by, user,
                                                       **dates_form.cleaned_data):
                messages.success(request, _("The dates have been saved."))
                return redirect("blocs:blocyear_manage", by.pk)
    return render(request, "blocs/blocyear_manage.html", {
        "by": by, "is_board": is_board, "add_form": add_form, "remove_form": remove_form, "lead_form": lead_form,
        "dates_form": dates_form, "breadcrumbs": _crumbs(by, (_("Members and dates"), "")),
    })


@login_required
def blocyear_next(request, pk):
    previous = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.manage_blocyear")
    units = Unit.objects.filter(pk__in=[m.unit_id for m in previous.memberships.all()]).order_by("name")
    form = BlocYearForm(request.POST or None, units=units, with_members=False,
                        initial={"year": previous.year + 1, "deputy_unit": previous.head_unit_id})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by = apply_service(form, services.create_next_year, previous, request.user, d["head_unit"],
                           d["deputy_unit"], year=d["year"], **{k: d[k] for k in services.DATE_FIELDS})
        if by is not None:
            messages.success(request, _("The bloc year %(year)s has been created from %(previous)s.")
                             % {"year": by.year, "previous": previous.year})
            return redirect(by)
    return render(request, "blocs/form.html", {
        "form": form, "title": _("Next year of %(bloc_year)s") % {"bloc_year": previous},
        "intro": _("Members are carried over and the criteria set is copied. Pick the new head and deputy units."),
        "breadcrumbs": _crumbs(previous, (_("Next year"), "")),
    })


# Criteria ----------------------------------------------------------------------------------------


@login_required
def criteria(request, pk):
    by = _bloc_year_or_404(request, pk)
    tree = selectors.criteria_tree(by)
    cs = tree.criteria_set
    can_edit = request.user.has_perm("blocs.edit_criteria", by) and by.state == BlocYearState.PREPARING
    settings_form = CriteriaSetForm(initial={"title": cs.title, "standard_total": cs.standard_total,
                                             "bonus_cap": cs.bonus_cap})
    add_form = CriterionForm(criteria_set=cs, prefix="new")
    if request.method == "POST":
        require_perm(request.user, "blocs.edit_criteria", by)
        what = request.POST.get("what")
        if what == "settings":
            settings_form = CriteriaSetForm(request.POST)
            if settings_form.is_valid() and apply_service(settings_form, services.update_criteria_set, cs,
                                                          request.user, **settings_form.cleaned_data):
                messages.success(request, _("The criteria set has been saved."))
                return redirect("blocs:criteria", by.pk)
        elif what == "add":
            add_form = CriterionForm(request.POST, criteria_set=cs, prefix="new")
            if add_form.is_valid():
                data = dict(add_form.cleaned_data)
                parent = data.pop("parent")
                if apply_service(add_form, services.add_criterion, cs, request.user, parent=parent, **data):
                    messages.success(request, _("The criterion has been added."))
                    return redirect("blocs:criteria", by.pk)
        elif what in ("delete", "up", "down"):
            node = get_for_user_or_404(Criterion.objects.filter(criteria_set=cs), pk=request.POST.get("criterion"))
            if what == "delete":
                _run(request, services.delete_criterion, node, request.user, success=_("The criterion was deleted."))
            else:
                _run(request, services.move_criterion, node, request.user, what)
            return redirect("blocs:criteria", by.pk)
    rows = tree.rows()
    for node in rows:
        node.max_total = tree.max_of(node)
    return render(request, "blocs/criteria.html", {
        "by": by, "cs": cs, "rows": rows, "can_edit": can_edit,
        "can_import": request.user.has_perm("blocs.edit_criteria", by),
        "standard_max": tree.standard_max(), "bonus_max": tree.bonus_max(),
        "problems": services.criteria_problems(tree), "settings_form": settings_form, "add_form": add_form,
        "import_form": ImportForm(), "kinds": CriterionKind,
        "breadcrumbs": _crumbs(by, (_("Criteria"), "")),
    })


@login_required
def criterion_edit(request, pk, cid):
    by = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.edit_criteria", by)
    node = get_for_user_or_404(Criterion.objects.filter(criteria_set__bloc_year=by), pk=cid)
    form = CriterionForm(request.POST or None, instance=node, criteria_set=node.criteria_set)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            if apply_service(form, services.update_criterion, node, request.user, **data):
                messages.success(request, _("The criterion has been saved."))
                return redirect("blocs:criteria", by.pk)
        node.refresh_from_db()
    return render(request, "blocs/form.html", {
        "form": form, "title": _("Edit criterion %(code)s") % {"code": node.code},
        "breadcrumbs": _crumbs(by, (_("Criteria"), f"/blocs/years/{by.pk}/criteria/"), (node.code, "")),
    })


@login_required
def criteria_export(request, pk):
    by = _bloc_year_or_404(request, pk)
    tree = selectors.criteria_tree(by)
    return _xlsx(criteria_workbook(tree), f"tieu-chi-{by.bloc.code}-{by.year}.xlsx")


@login_required
@require_POST
def criteria_import(request, pk):
    by = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.edit_criteria", by)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file to import."))
        return redirect("blocs:criteria", by.pk)
    upload = form.cleaned_data["file"]
    cs = selectors.criteria_tree(by).criteria_set

    def run():
        rows, total, cap, title = read_criteria_workbook(upload.read())
        result = services.replace_criteria(cs, request.user, rows, standard_total=total, bonus_cap=cap,
                                           source=upload.name)
        if title:
            services.update_criteria_set(cs, request.user, title=title)
        return result

    _run(request, run, success=_("The criteria have been imported."))
    return redirect("blocs:criteria", by.pk)


# Scorecards --------------------------------------------------------------------------------------


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
    return {
        "sc": sc, "by": sc.bloc_year, "tree": tree, "rows": rows, "totals": totals,
        "cs": tree.criteria_set, "can_fill": can_fill, "can_review": can_review,
        "editable": can_fill and sc.state == ScorecardState.DRAFT and sc.bloc_year.state in SCORECARD_OPEN_STATES,
        "explaining": can_fill and sc.state == ScorecardState.RETURNED
        and sc.bloc_year.state in SCORECARD_OPEN_STATES,
        "show_review": show_review, "show_final": sc.state == ScorecardState.FINALISED or not own,
        "max_upload_mb": round(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1),
        "upload_types": ", ".join(settings.UPLOAD_EXTENSIONS),
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
                return redirect(sc)
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
        return redirect(sc)
    return render(request, "blocs/scorecard.html", _card_context(request, sc))


@login_required
@require_POST
def evidence_upload(request, pk):
    sc = _scorecard_or_404(request, pk)
    require_perm(request.user, "blocs.fill_scorecard", sc)
    node = get_for_user_or_404(Criterion.objects.filter(criteria_set__bloc_year_id=sc.bloc_year_id),
                               pk=request.POST.get("criterion") or 0)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        _run(request, services.add_evidence, sc, request.user, node, upload,
             success=_("The file %(name)s has been attached.") % {"name": upload.name})
    return redirect(f"{sc.get_absolute_url()}#c{node.pk}")


def _evidence_or_404(request, eid):
    visible = selectors.scorecards_for_user(request.user)
    return get_for_user_or_404(Evidence.objects.select_related("scorecard", "criterion")
                               .filter(scorecard__in=visible), pk=eid)


@login_required
def evidence_download(request, eid):
    ev = _evidence_or_404(request, eid)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.original_name)


@login_required
@require_POST
def evidence_delete(request, eid):
    ev = _evidence_or_404(request, eid)
    require_perm(request.user, "blocs.fill_scorecard", ev.scorecard)
    _run(request, services.delete_evidence, ev, request.user, success=_("The file has been removed."))
    return redirect(f"{ev.scorecard.get_absolute_url()}#c{ev.criterion_id}")


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


# Scoreboard, vote and proposals -----------------------------------------------------------------


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


@login_required
def vote(request, pk):
    by = _bloc_year_or_404(request, pk)
    user = request.user
    can_record = user.has_perm("blocs.record_vote", by) and by.state == BlocYearState.VOTING
    if not user.has_perm("blocs.view_scoreboard", by):
        raise PermissionDenied(_("The vote opens to member units once every scorecard is final."))
    units = [m.unit for m in by.memberships.all()]
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
