import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import MissingFile, serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.listing import listing
from emulation.roles import roles_of

from . import registry, services
from .filters import ReportJobFilter
from .pdf import signer_missing
from .selectors import jobs_for_user, my_jobs


def _spec_or_404(kind):
    try:
        return registry.get(kind)
    except registry.UnknownReport:
        raise Http404 from None


def _job_or_404(request, pk):
    """The job through the user's selector, and the report's own access check again: else a 404."""
    job = get_for_user_or_404(jobs_for_user(request.user), pk=pk)
    spec = _spec_or_404(job.kind)
    if not spec.check_access(request.user, job.params):
        raise Http404
    return job, spec


def _can_retry(user, job):
    return job.is_failed and (job.requested_by_id == user.pk or roles_of(user).manages_everything)


def _breadcrumbs(*extra):
    return [(_("Reports"), reverse("reports:index")), *extra]


@login_required
def index(request):
    return render(request, "reports/index.html", {
        "reports": registry.available_reports(request.user),
        "breadcrumbs": _breadcrumbs((_("All reports"), "")),
    })


@login_required
def request_report(request, kind):
    spec = _spec_or_404(kind)
    if not spec.available_to(request.user):
        raise PermissionDenied(_("Your role may not request this report."))
    initial = {k: v for k, v in request.GET.items()}
    form = spec.Form(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = apply_service(form, services.request_report, request.user, kind, spec.params_from(form.cleaned_data))
        if result is not None:
            job, created = result
            if not created:
                messages.info(request, _("This report is already being produced."))
            return redirect(job)
    return render(request, "reports/request.html", {
        "spec": spec, "form": form, "has_xlsx": registry.has_xlsx(spec),
        "signer_missing": roles_of(request.user).is_board and signer_missing(),
        "breadcrumbs": _breadcrumbs((spec.LABEL, "")),
    })


def _may_act(user, job):
    return job.requested_by_id == user.pk or roles_of(user).manages_everything


def _job_context(request, job, spec):
    """The context of the shared polling partial ``jobs/_status.html``."""
    return {
        "job": job, "spec": spec, "has_xlsx": registry.has_xlsx(spec) and bool(job.xlsx_file.name),
        "can_retry": _can_retry(request.user, job), "status_url": job.job_status_url(),
        "retry_url": job.job_retry_url() if _can_retry(request.user, job) else "",
        "cancel_url": job.job_cancel_url() if job.is_active and _may_act(request.user, job) else "",
        "done_template": "reports/_job_done.html",
        # the rule itself (not user.has_perm): Django's model backend would load the permission tables first
        "can_sign": job.is_done and not job.signed_pdf and rules.has_perm("reports.sign_reportjob", request.user),
    }


@login_required
def job_detail(request, pk):
    job, spec = _job_or_404(request, pk)
    job = services.fail_if_stale(job)
    context = _job_context(request, job, spec)
    context["breadcrumbs"] = _breadcrumbs((_("My reports"), reverse("reports:mine")), (job.title, ""))
    return render(request, "reports/job.html", context)


@login_required
def job_status(request, pk):
    """The small partial the job page polls (htmx, every 2 s) until the file is ready or the job failed."""
    job, spec = _job_or_404(request, pk)
    job = services.fail_if_stale(job)
    return render(request, "jobs/_status.html", _job_context(request, job, spec))


@login_required
@require_POST
def job_retry(request, pk):
    job, _spec = _job_or_404(request, pk)
    if not (job.requested_by_id == request.user.pk or roles_of(request.user).manages_everything):
        raise PermissionDenied(_("Only the person who requested this report can try it again."))
    services.retry_job(job, request.user)
    return redirect(job)


@login_required
@require_POST
def job_cancel(request, pk):
    job, _spec = _job_or_404(request, pk)
    if not _may_act(request.user, job):
        raise PermissionDenied(_("Only the person who requested this report can cancel it."))
    services.cancel_job(job, request.user)
    messages.info(request, _("The report has been cancelled."))
    return redirect(job)


@signed_in_or_404
def download(request, pk, fmt):
    job, spec = _job_or_404(request, pk)
    field = {"pdf": "file", "xlsx": "xlsx_file"}.get(fmt)
    if field is None or (fmt == "xlsx" and not registry.has_xlsx(spec)):
        raise Http404
    if not job.is_done:
        return redirect(job)
    if not services.file_present(job, field):
        services.rerender_missing(job, request.user)
        job = jobs_for_user(request.user).get(pk=job.pk)
        if not (job.is_done and services.file_present(job, field)):
            messages.info(request, _("The file was no longer kept; it is being produced again."))
            return redirect(job)
    # access was re-checked by _job_or_404; a file gone since the check above is a 404 that says so
    return serve_file(request, getattr(job, field), services.filename_for(job, fmt))


@login_required
@require_POST
def job_sign(request, pk):
    job, _spec = _job_or_404(request, pk)
    require_perm(request.user, "reports.sign_reportjob", job)
    services.sign_report(job, request.user)  # a refusal: DomainErrorMiddleware shows it and redirects back
    messages.success(request, _("The report has been digitally signed."))
    return redirect(job)


@signed_in_or_404
def signed_download(request, pk):
    job, _spec = _job_or_404(request, pk)
    if not job.signed_pdf:
        raise MissingFile(_("The report has not been digitally signed."))
    return serve_file(request, job.signed_pdf, services.filename_for(job, "pdf").replace(".pdf", "-ky-so.pdf"))


MY_REPORT_SORTS = {"requested": "created_at", "title": ("title", "-created_at"), "status": ("status", "-created_at")}


@login_required
def my_reports(request):
    ctx = listing(request, my_jobs(request.user), ReportJobFilter, sorts=MY_REPORT_SORTS, default="-requested")
    return render(request, "reports/mine.html", {**ctx, "breadcrumbs": _breadcrumbs((_("My reports"), ""))})

