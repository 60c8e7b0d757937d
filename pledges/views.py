"""Views of pledges (giao ước thi đua): list, page (printable), drafting, signing, fulfilment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from blocs.models import BlocYear
from blocs.selectors import blocs_for_user
from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_file, signed_in_or_404
from emulation.errors import DomainError, apply_service, report_error
from emulation.listing import listing, pk_urls
from emulation.models import Unit
from emulation.roles import roles_of

from . import services
from .enums import CommitmentKind, PledgeState, ReportState
from .filters import PledgeFilter
from .forms import CommitmentForm, FulfilmentLineForm, PledgeForm, ReasonForm, SignForm
from .models import FulfilmentLine
from .selectors import (
    bloc_years_to_draw_up,
    fulfilment_matrix,
    pledge_for_detail,
    pledges_for_user,
    signature_overview,
    with_signature_counts,
    withdrawn_signatures,
)


def _pledge(request, pk):
    return pledge_for_detail(request.user, pk)


PLEDGE_SORTS = {
    "year": ("bloc_year__year", "bloc_year__bloc__code"),
    "bloc": ("bloc_year__bloc__name", "-bloc_year__year"),
    "title": "title",
    "ceremony": ("ceremony_date", "bloc_year__bloc__code"),
    "signatures": ("signed_count", "bloc_year__bloc__code"),
    "state": ("state", "bloc_year__bloc__code"),
}


@login_required
def pledge_list(request):
    ctx = listing(request, with_signature_counts(pledges_for_user(request.user)), PledgeFilter,
                  sorts=PLEDGE_SORTS, default="-year", bloc=blocs_for_user(request.user).order_by("code"))
    # the bloc years without a pledge may be hundreds: their links made once for the page, not per row
    create_url = pk_urls("pledges:pledge_create")
    to_draw_up = [(by.bloc.name, by.year, create_url(by.pk)) for by in bloc_years_to_draw_up(request.user)
                  .only("pk", "year", "bloc__name")]
    return render(request, "pledges/pledge_list.html", {**ctx, "to_draw_up": to_draw_up})


@login_required
def pledge_detail(request, pk):
    pledge = _pledge(request, pk)
    user = request.user
    r = roles_of(user)
    members = [m.unit for m in pledge.bloc_year.memberships.all()]
    commitments = list(pledge.commitments.all())
    signatures = signature_overview(pledge)
    can_sign = pledge.state == PledgeState.OPEN and user.has_perm("pledges.sign_pledge", pledge)
    sign_units = [u for u, s in signatures if s is None and (r.manages_everything or u.pk in r.clerk_unit_ids)]
    show_fulfilment = pledge.state in (PledgeState.SIGNED, PledgeState.CLOSED)
    return render(request, "pledges/pledge_detail.html", {
        "pledge": pledge,
        "bloc_year": pledge.bloc_year,
        "commitments": commitments,
        "signatures": signatures,
        "signed_count": sum(1 for _u, s in signatures if s is not None),
        "withdrawn": list(withdrawn_signatures(pledge)),
        "can_change": user.has_perm("pledges.change_pledge", pledge),
        "can_sign": can_sign and bool(sign_units),
        "can_withdraw_ids": {u.pk for u, s in signatures if s is not None
                             and (r.manages_everything or u.pk in r.clerk_unit_ids)} if can_sign else set(),
        "show_fulfilment": show_fulfilment,
        "matrix": fulfilment_matrix(pledge, commitments, members) if show_fulfilment else [],
        "PledgeState": PledgeState,
        "ReportState": ReportState,
        "breadcrumbs": [(_("Emulation pledges"), reverse("pledges:pledge_list")), (pledge.title, None)],
    })


class PledgeFormView(LoginRequiredMixin, View):
    template_name = "pledges/pledge_form.html"

    def setup_view(self, pk=None, bloc_year_pk=None):
        user = self.request.user
        if pk is not None:
            pledge = _pledge(self.request, pk)
            require_perm(user, "pledges.change_pledge", pledge)
            return pledge, pledge.bloc_year
        r = roles_of(user)
        qs = BlocYear.objects.select_related("bloc")
        if not r.sees_everything:
            scope = r.scope_unit_ids
            qs = qs.filter(Q(memberships__unit_id__in=scope) | Q(head_unit_id__in=scope)).distinct()
        bloc_year = get_for_user_or_404(qs, pk=bloc_year_pk)
        require_perm(user, "pledges.add_pledge", bloc_year)
        return None, bloc_year

    def render_form(self, form, pledge, bloc_year):
        return render(self.request, self.template_name, {"form": form, "pledge": pledge, "bloc_year": bloc_year})

    def get(self, request, pk=None, bloc_year_pk=None):
        pledge, bloc_year = self.setup_view(pk, bloc_year_pk)
        initial = {}
        if pledge is None:
            initial["title"] = _("Emulation pledge %(year)s of %(bloc)s") % {"year": bloc_year.year,
                                                                             "bloc": bloc_year.bloc.name}
        return self.render_form(PledgeForm(instance=pledge, initial=initial), pledge, bloc_year)

    def post(self, request, pk=None, bloc_year_pk=None):
        pledge, bloc_year = self.setup_view(pk, bloc_year_pk)
        form = PledgeForm(request.POST, instance=pledge)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if pledge is None:
                result = apply_service(form, services.create_pledge, bloc_year, request.user, **data)
            else:
                result = apply_service(form, services.update_pledge, pledge, request.user, **data)
            if result is not None:
                messages.success(request, _("The pledge has been saved."))
                return redirect(result)
        return self.render_form(form, pledge, bloc_year)


class CommitmentFormView(LoginRequiredMixin, View):
    template_name = "pledges/commitment_form.html"

    def setup_view(self, pk, commitment_pk=None):
        pledge = _pledge(self.request, pk)
        require_perm(self.request.user, "pledges.change_pledge", pledge)
        commitment = None
        if commitment_pk is not None:
            commitment = get_for_user_or_404(pledge.commitments.all(), pk=commitment_pk)
        return pledge, commitment

    def get(self, request, pk, commitment_pk=None):
        pledge, commitment = self.setup_view(pk, commitment_pk)
        form = CommitmentForm(instance=commitment, initial={"kind": CommitmentKind.UNDERTAKING})
        return render(request, self.template_name, {"form": form, "pledge": pledge, "commitment": commitment})

    def post(self, request, pk, commitment_pk=None):
        pledge, commitment = self.setup_view(pk, commitment_pk)
        form = CommitmentForm(request.POST, instance=commitment)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if commitment is None:
                result = apply_service(form, services.add_commitment, pledge, request.user, **data)
            else:
                result = apply_service(form, services.update_commitment, commitment, request.user, **data)
            if result is not None:
                messages.success(request, _("The commitment has been saved."))
                return redirect(pledge.get_absolute_url() + "#commitments")
        return render(request, self.template_name, {"form": form, "pledge": pledge, "commitment": commitment})


@login_required
@require_POST
def commitment_delete(request, pk, commitment_pk):
    pledge = _pledge(request, pk)
    commitment = get_for_user_or_404(pledge.commitments.all(), pk=commitment_pk)
    require_perm(request.user, "pledges.change_pledge", pledge)
    services.remove_commitment(commitment, request.user)
    messages.success(request, _("The commitment has been removed."))
    return redirect(pledge.get_absolute_url() + "#commitments")


ACTIONS = {
    "open": (services.open_for_signing, gettext_lazy("The pledge is open for signing; the member units are notified.")),
    "draft": (services.back_to_draft, gettext_lazy("The pledge is a draft again.")),
    "close": (services.close_pledge, gettext_lazy("The pledge has been closed with its fulfilment recorded.")),
}


@login_required
@require_POST
def pledge_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    pledge = _pledge(request, pk)
    require_perm(request.user, "pledges.change_pledge", pledge)
    fn, message = ACTIONS[action]
    fn(pledge, request.user)  # a DomainError becomes a message (DomainErrorMiddleware)
    messages.success(request, message)
    return redirect(pledge)


# Signing -------------------------------------------------------------------------------------------


class SignView(LoginRequiredMixin, View):
    template_name = "pledges/sign.html"

    def setup_view(self, pk):
        pledge = _pledge(self.request, pk)
        require_perm(self.request.user, "pledges.sign_pledge", pledge, _("Only the clerks of member units sign."))
        r = roles_of(self.request.user)
        signed = {u.pk for u, s in signature_overview(pledge) if s is not None}
        ids = [m.unit_id for m in pledge.bloc_year.memberships.all()
               if m.unit_id not in signed and (r.manages_everything or m.unit_id in r.clerk_unit_ids)]

        return pledge, Unit.objects.filter(pk__in=ids).order_by("name")

    def get(self, request, pk):
        pledge, units = self.setup_view(pk)
        if pledge.state != PledgeState.OPEN or not units:
            messages.info(request, _("There is nothing for you to sign on this pledge."))
            return redirect(pledge)
        initial = {"unit": units[0].pk} if len(units) == 1 else {}
        return render(request, self.template_name, {"pledge": pledge, "form": SignForm(units=units, initial=initial)})

    def post(self, request, pk):
        pledge, units = self.setup_view(pk)
        form = SignForm(request.POST, units=units)
        if form.is_valid():
            d = form.cleaned_data
            if apply_service(form, services.sign_pledge, pledge, request.user, d["unit"], d["representative_name"],
                             d["representative_position"]):
                messages.success(request, _("The signature of %(unit)s has been recorded.") % {"unit": d["unit"]})
                return redirect(pledge.get_absolute_url() + "#signatures")
        return render(request, self.template_name, {"pledge": pledge, "form": form})


class WithdrawView(LoginRequiredMixin, View):
    template_name = "pledges/withdraw.html"

    def setup_view(self, pk, signature_pk):
        pledge = _pledge(self.request, pk)
        signature = get_for_user_or_404(
            pledge.signatures.filter(withdrawn_at__isnull=True).select_related("unit"), pk=signature_pk
        )
        require_perm(self.request.user, "pledges.sign_pledge", pledge, _("Only the clerks of member units sign."))
        return pledge, signature

    def get(self, request, pk, signature_pk):
        pledge, signature = self.setup_view(pk, signature_pk)
        return render(request, self.template_name, {"pledge": pledge, "signature": signature, "form": ReasonForm()})

    def post(self, request, pk, signature_pk):
        pledge, signature = self.setup_view(pk, signature_pk)
        form = ReasonForm(request.POST)
        if form.is_valid() and apply_service(form, services.withdraw_signature, signature, request.user,
                                             form.cleaned_data["reason"]):
            messages.success(request, _("The signature has been withdrawn."))
            return redirect(pledge.get_absolute_url() + "#signatures")
        return render(request, self.template_name, {"pledge": pledge, "signature": signature, "form": form})


# Fulfilment ----------------------------------------------------------------------------------------


class ReportView(LoginRequiredMixin, View):
    """One member unit's fulfilment report: a form for its own clerk, read-only for everyone else."""

    template_name = "pledges/report.html"

    def setup_view(self, pk, unit_pk):
        pledge = _pledge(self.request, pk)
        membership = next((m for m in pledge.bloc_year.memberships.all() if m.unit_id == unit_pk), None)
        if membership is None:
            raise Http404
        unit = membership.unit
        report = pledge.reports.filter(unit=unit).select_related("submitted_by", "confirmed_by").first()
        lines = {line.commitment_id: line for line in report.lines.all()} if report else {}
        r = roles_of(self.request.user)
        editable = (
            pledge.state == PledgeState.SIGNED
            and (r.manages_everything or unit.pk in r.clerk_unit_ids)
            and (report is None or report.state in (ReportState.DRAFT, ReportState.RETURNED))
        )
        return pledge, unit, report, lines, editable

    def forms_for(self, pledge, lines, data=None, files=None):
        out = []
        for c in pledge.commitments.all():
            line = lines.get(c.pk)
            initial = {"result": line.result, "figure": line.figure, "evidence": line.evidence} if line else {}
            out.append((c, line, FulfilmentLineForm(data, files, commitment=c, prefix=f"c{c.pk}", initial=initial)))
        return out

    def render_page(self, pledge, unit, report, rows, editable):
        user = self.request.user
        can_review = (
            report is not None and report.state == ReportState.SUBMITTED and pledge.state == PledgeState.SIGNED
            and user.has_perm("pledges.confirm_fulfilment", pledge) and report.submitted_by_id != user.pk
        )
        return render(self.request, self.template_name, {
            "pledge": pledge, "unit": unit, "report": report, "rows": rows, "editable": editable,
            "can_submit": editable and report is not None and report.pk is not None,
            "can_review": can_review, "ReportState": ReportState,
            "breadcrumbs": [(_("Emulation pledges"), reverse("pledges:pledge_list")),
                            (pledge.title, pledge.get_absolute_url()), (unit.name, None)],
        })

    def get(self, request, pk, unit_pk):
        pledge, unit, report, lines, editable = self.setup_view(pk, unit_pk)
        return self.render_page(pledge, unit, report, self.forms_for(pledge, lines), editable)

    def post(self, request, pk, unit_pk):
        pledge, unit, report, lines, editable = self.setup_view(pk, unit_pk)
        require_perm(request.user, "pledges.report_fulfilment", pledge)
        if not editable:
            raise Http404
        rows = self.forms_for(pledge, lines, request.POST, request.FILES)
        if all(form.is_valid() for _c, _line, form in rows):
            items = [{"commitment": c, **form.cleaned_data} for c, _line, form in rows]
            try:
                services.save_report(pledge, request.user, unit, items)
            except DomainError as exc:
                report_error(request, exc)
            else:
                if "submit" in request.POST:
                    report = pledge.reports.get(unit=unit)
                    services.submit_report(report, request.user)
                    messages.success(request, _("The report has been submitted to the bloc leaders."))
                else:
                    messages.success(request, _("The report has been saved."))
                return redirect("pledges:report", pk=pledge.pk, unit_pk=unit.pk)
        return self.render_page(pledge, unit, report, rows, editable)


def _report(request, pk, unit_pk):
    pledge = _pledge(request, pk)
    report = get_for_user_or_404(pledge.reports.select_related("unit"), unit_id=unit_pk)
    require_perm(request.user, "pledges.confirm_fulfilment", pledge)
    return pledge, report


@login_required
@require_POST
def report_confirm(request, pk, unit_pk):
    pledge, report = _report(request, pk, unit_pk)
    services.confirm_report(report, request.user)
    messages.success(request, _("The fulfilment of %(unit)s has been confirmed.") % {"unit": report.unit})
    return redirect(pledge.get_absolute_url() + "#fulfilment")


@login_required
@require_POST
def report_return(request, pk, unit_pk):
    pledge, report = _report(request, pk, unit_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the report."))
        return redirect("pledges:report", pk=pledge.pk, unit_pk=report.unit_id)
    services.return_report(report, request.user, form.cleaned_data["reason"])
    messages.success(request, _("The report has been returned to %(unit)s.") % {"unit": report.unit})
    return redirect(pledge.get_absolute_url() + "#fulfilment")


@signed_in_or_404
def evidence_download(request, pk, line_pk):
    pledge = _pledge(request, pk)
    line = get_for_user_or_404(FulfilmentLine.objects.filter(report__pledge=pledge).exclude(evidence_file=""),
                               pk=line_pk)
    return serve_file(request, line.evidence_file, line.evidence_name or None)
