"""Pages of certificates (bằng khen, giấy khen): print a decision's certificates, manage the blanks. Board only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.selectors import decisions_for_user
from awards.verification import public_base_url
from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import content_disposition
from emulation.errors import apply_service

from . import blanks, certificates
from .forms import CertificateBlankForm, OffsetForm
from .models import CertificateBlank


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def _blank_crumbs(*extra):
    return [(_("Certificate blanks"), reverse("reports:blank_list")), *extra]


@login_required
def decision_certificates(request, pk):
    """The choice of layout (GET), or the PDF (``?layout=full`` or ``?layout=<blank id>``)."""
    decision = get_for_user_or_404(decisions_for_user(request.user), pk=pk)
    require_perm(request.user, "reports.print_certificates", message=_("Only the board prints certificates."))
    if not decision.is_issued:
        messages.error(request, _("Certificates are printed once the decision is issued."))
        return redirect(decision)
    active = CertificateBlank.objects.filter(is_active=True)
    layout = request.GET.get("layout", "")
    if not layout:
        return render(request, "reports/certificates.html", {
            "decision": decision, "blanks": list(active),
            "breadcrumbs": [(_("Award decisions"), reverse("awards:decision_list")),
                            (str(decision), decision.get_absolute_url()), (_("Print certificates"), "")],
        })
    blank = None if layout == "full" else get_object_or_404(active, pk=layout if layout.isdigit() else 0)
    data = certificates.gather(decision, public_base_url(request))
    if not data["certificates"]:
        messages.error(request, _("This decision confers nothing that is still in force: no certificate to print."))
        return redirect(decision)
    name = _("Certificates %(number)s.pdf") % {"number": decision.number.replace("/", "-")}
    return _pdf(certificates.render_pdf(data, blank), name)


@login_required
def blank_list(request):
    require_perm(request.user, "reports.change_certificateblank", message=_("Only the board manages blanks."))
    return render(request, "reports/blank_list.html", {
        "blanks": CertificateBlank.objects.all(), "breadcrumbs": _blank_crumbs(),
    })


@login_required
def blank_create(request):
    require_perm(request.user, "reports.change_certificateblank", message=_("Only the board manages blanks."))
    form = CertificateBlankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        blank = apply_service(form, blanks.create_blank, request.user, **form.cleaned_data)
        if blank is not None:
            messages.success(request, _("The blank has been saved: print its calibration page and check it."))
            return redirect(blank)
    return render(request, "reports/blank_form.html", {
        "form": form, "breadcrumbs": _blank_crumbs((_("New blank"), "")),
    })


@login_required
def blank_edit(request, pk):
    require_perm(request.user, "reports.change_certificateblank", message=_("Only the board manages blanks."))
    blank = get_object_or_404(CertificateBlank, pk=pk)
    which = request.POST.get("form", "all")
    form_class = OffsetForm if which == "offset" else CertificateBlankForm
    form = form_class(request.POST or None, instance=blank)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, blanks.update_blank, blank, request.user, **form.cleaned_data) is not None:
            messages.success(request, _("The blank has been saved."))
            return redirect(reverse("reports:blank_edit", args=[blank.pk]))
    offset_form = form if which == "offset" else OffsetForm(instance=blank)
    full_form = form if which != "offset" else CertificateBlankForm(instance=blank)
    return render(request, "reports/blank_form.html", {
        "form": full_form, "offset_form": offset_form, "blank": blank,
        "breadcrumbs": _blank_crumbs((str(blank), "")),
    })


@login_required
def blank_calibration(request, pk):
    require_perm(request.user, "reports.change_certificateblank", message=_("Only the board manages blanks."))
    blank = get_object_or_404(CertificateBlank, pk=pk)
    return _pdf(certificates.calibration_pdf(blank), _("Calibration %(name)s.pdf") % {"name": blank.name})
