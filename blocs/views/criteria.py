"""Pages of a bloc year's criteria set: the tree, a criterion, the Excel export and import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.errors import apply_service

from .. import selectors, services
from ..enums import BlocYearState, CriterionKind
from ..excel import criteria_workbook, read_criteria_workbook
from ..forms import CriteriaSetForm, CriterionForm, ImportForm
from ..models import Criterion
from ._common import _bloc_year_or_404, _crumbs, _run, _upload_refused, _xlsx


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
        _upload_refused(request, form, _("Choose an Excel file to import."))
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
