from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_bytes, serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.jobs import services as jobs
from emulation.listing import listing
from emulation.roles import roles_of
from emulation.selectors import units_for_user
from emulation.services import log_personal_data_export

from . import services
from .enums import ImportKind
from .exports import PERSONAL_DATA_KINDS, XLSX_TYPE, export_bytes, export_filename, template_bytes
from .filters import ImportRunFilter
from .forms import UploadForm
from .selectors import export_unit_ids, importable_units, runs_for_user
from .specs import labelled_changes

RECENT_RUNS = 20


def _kind_or_404(kind):
    if kind not in ImportKind.values:
        raise Http404
    return kind


def _xlsx(content, filename):
    """A workbook made on the fly (template, export), sent with the same headers as ``serve_file``."""
    return serve_bytes(content, filename, XLSX_TYPE)


def _form(request, data=None, files=None):
    roles = roles_of(request.user)
    return UploadForm(data, files, units=list(importable_units(request.user)), board=roles.manages_everything)


def _home(request, form, status=200):
    user = request.user
    return render(request, "imports/home.html", {
        "form": form,
        "can_import": user.has_perm("imports.add_importrun"),
        "can_export": user.has_perm("imports.export"),
        "kinds": ImportKind.choices,
        "personal_kinds": PERSONAL_DATA_KINDS,
        "runs": runs_for_user(user)[:RECENT_RUNS],
        "breadcrumbs": [(_("Import and export"), None)],
    }, status=status)


@login_required
def home(request):
    return _home(request, _form(request))


RUN_SORTS = {"uploaded": "created_at", "kind": ("kind", "-created_at"), "file": ("original_name", "-created_at"),
             "unit": ("scope_unit__name", "-created_at"), "status": ("status", "-created_at")}


@login_required
def run_list(request):
    ctx = listing(request, runs_for_user(request.user), ImportRunFilter, sorts=RUN_SORTS, default="-uploaded",
                  scope_unit=units_for_user(request.user).order_by("name"))
    return render(request, "imports/run_list.html", {
        **ctx, "breadcrumbs": [(_("Import and export"), reverse("imports:home")), (_("All imports"), None)]})


@login_required
@require_POST
def upload(request):
    require_perm(request.user, "imports.add_importrun")
    form = _form(request, request.POST, request.FILES)
    if form.is_valid():
        run = apply_service(form, services.start_import, request.user, form.cleaned_data["kind"],
                            form.cleaned_data["file"], form.cleaned_data["unit"])
        if run is not None:
            return redirect(run)
    return _home(request, form, status=400)


@login_required
def template_download(request, kind):
    kind = _kind_or_404(kind)
    return _xlsx(template_bytes(kind), f"mau-nhap-{kind}.xlsx")


@login_required
def export(request, kind):
    kind = _kind_or_404(kind)
    require_perm(request.user, "imports.export")
    unit = None
    if request.GET.get("unit"):
        unit = get_for_user_or_404(units_for_user(request.user), pk=request.GET["unit"])
    content = export_bytes(kind, export_unit_ids(request.user, unit))
    if kind in PERSONAL_DATA_KINDS:
        # full CCCD numbers (and dates of birth for people): the file must import back, so it is not masked
        log_personal_data_export(request.user, f"imports.{kind}", unit=unit)
    return _xlsx(content, export_filename(kind))


def _status_context(request, run):
    """The context of the shared polling partial ``jobs/_status.html``."""
    can_change = request.user.has_perm("imports.change_importrun", run)
    note = ""
    if run.is_active and run.is_large:
        note = ngettext("%(rows)s row, in the background", "%(rows)s rows, in the background",
                        run.row_count) % {"rows": run.row_count}
    return {
        "job": run, "run": run, "status_url": run.job_status_url(), "note": note,
        "retry_url": run.job_retry_url() if can_change and run.is_failed else "",
        "cancel_url": run.job_cancel_url() if can_change and run.is_active else "",
    }


def _run_context(request, run):
    preview = run.preview or {}
    return {
        **_status_context(request, run),
        "preview": preview,
        "changes": labelled_changes(run.kind, preview.get("changes", [])),
        "can_change": request.user.has_perm("imports.change_importrun", run),
        "breadcrumbs": [(_("Import and export"), reverse("imports:home")), (str(run), None)],
    }


@login_required
def run_detail(request, pk):
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    return render(request, "imports/run_detail.html", _run_context(request, run))


@signed_in_or_404
def run_file(request, pk):
    """The uploaded file, as it came in: for whoever may see the run."""
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    return serve_file(request, run.file, run.original_name or None,
                      check=lambda req: req.user.has_perm("imports.view_importrun", run))


@login_required
def run_status(request, pk):
    """The htmx partial the run page polls while a job runs; asks for a full reload once it ends."""
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    run = jobs.redispatch_if_due(run)  # no beat running: the poll itself sends a lost or undelivered job again
    response = render(request, "jobs/_status.html", _status_context(request, run))
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_confirm(request, pk):
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    require_perm(request.user, "imports.change_importrun", run)
    run = services.confirm_import(run, request.user)
    if run.status == "done":
        messages.success(request, _("The file has been imported."))
    elif run.is_active:
        messages.info(request, _("The import is running; this page follows its progress."))
    else:
        messages.error(request, run.error or _("Nothing was imported."))
    return redirect(run)


@login_required
@require_POST
def run_cancel(request, pk):
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    require_perm(request.user, "imports.change_importrun", run)
    services.cancel_run(run, request.user)
    messages.info(request, _("The import has been cancelled; nothing was written."))
    return redirect("imports:home")


@login_required
@require_POST
def run_retry(request, pk):
    run = get_for_user_or_404(runs_for_user(request.user), pk=pk)
    require_perm(request.user, "imports.change_importrun", run)
    services.retry_run(run, request.user)
    return redirect(run)
