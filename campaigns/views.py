"""Views of campaigns (phong trào thi đua): list, detail, edit, lifecycle, documents, registrations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from blocs.models import Bloc
from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.listing import listing
from emulation.models import Unit
from emulation.roles import roles_of
from emulation.selectors import units_for_user

from . import services
from .enums import CampaignState, RegistrationState
from .filters import CampaignFilter
from .forms import (
    CampaignForm,
    CloseReviewForm,
    ConcludeForm,
    DocumentForm,
    OpenReviewForm,
    ReasonForm,
    RegistrationForm,
)
from .selectors import (
    campaign_results,
    campaigns_for_user,
    registration_counts,
    registration_overview,
    unit_ids_in_scope,
    with_award_counts,
)


def _campaign(request, pk):
    return get_for_user_or_404(campaigns_for_user(request.user), pk=pk)


CAMPAIGN_SORTS = {"code": "code", "title": "title", "form": ("form", "title"), "start": ("start_date", "title"),
                  "state": ("state", "title"), "thematic": ("thematic_count", "title")}


@login_required
def campaign_list(request):
    ctx = listing(request, with_award_counts(campaigns_for_user(request.user)), CampaignFilter,
                  sorts=CAMPAIGN_SORTS, default="-start",
                  launching_unit=units_for_user(request.user).order_by("name"))
    return render(request, "campaigns/campaign_list.html", {
        **ctx, "can_add": request.user.has_perm("campaigns.add_campaign")})


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    user = request.user
    r = roles_of(user)
    can_manage = user.has_perm("campaigns.manage_campaign", campaign)
    rows = registration_overview(campaign)
    in_scope = {u.pk for u, _reg in rows}
    own_rows = [(u, reg) for u, reg in rows if u.pk in r.clerk_unit_ids]
    registration_open = campaign.state in services.REGISTRATION_OPEN
    can_register = (
        registration_open
        and user.has_perm("campaigns.register_campaign")
        and (r.manages_everything or bool(in_scope & r.clerk_unit_ids))
    )
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign,
        "scope_blocs": list(campaign.scope_blocs.all()),
        "documents": list(campaign.documents.select_related("uploaded_by")),
        "reviews": list(campaign.reviews.all()),
        "can_manage": can_manage,
        "show_overview": can_manage or r.sees_everything,
        "rows": rows,
        "counts": registration_counts(rows),
        "own_rows": own_rows,
        "can_register": can_register,
        "registration_open": registration_open,
        "results": list(campaign_results(campaign)),
        "document_form": DocumentForm() if can_manage else None,
        "RegistrationState": RegistrationState,
        "CampaignState": CampaignState,
        "breadcrumbs": [(_("Campaigns"), reverse("campaigns:campaign_list")), (campaign.title, None)],
    })


class CampaignFormView(LoginRequiredMixin, View):
    template_name = "campaigns/campaign_form.html"

    def get_campaign(self, pk):
        if pk is None:
            require_perm(self.request.user, "campaigns.add_campaign")
            return None
        campaign = _campaign(self.request, pk)
        require_perm(self.request.user, "campaigns.manage_campaign", campaign)
        return campaign

    def make_form(self, campaign, data=None):
        user = self.request.user
        r = roles_of(user)
        kwargs = {"scope_locked": campaign is not None and campaign.state != CampaignState.PLANNED}
        if r.manages_everything:
            kwargs.update(launching_units=Unit.objects.filter(is_active=True).order_by("name"),
                          scope_units=Unit.objects.filter(is_active=True).order_by("name"),
                          blocs=Bloc.objects.filter(is_active=True))
        else:
            kwargs.update(
                launching_units=Unit.objects.filter(pk__in=r.clerk_unit_ids).order_by("name"),
                scope_units=units_for_user(user).filter(is_active=True).order_by("name"),
                blocs=Bloc.objects.filter(years__head_unit_id__in=r.clerk_unit_ids).distinct(),
            )
        initial = {}
        if campaign is None and not r.manages_everything and len(r.clerk_unit_ids) == 1:
            initial["launching_unit"] = next(iter(r.clerk_unit_ids))
        return CampaignForm(data, instance=campaign, initial=initial, **kwargs)

    def render_form(self, form, campaign):
        return render(self.request, self.template_name, {"form": form, "campaign": campaign})

    def get(self, request, pk=None):
        campaign = self.get_campaign(pk)
        return self.render_form(self.make_form(campaign), campaign)

    def post(self, request, pk=None):
        campaign = self.get_campaign(pk)
        form = self.make_form(campaign, request.POST)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.fields if not form.fields[f].disabled}
            blocs = data.pop("scope_blocs", None)
            if campaign is None:
                # the campaign's own field "form" would clash with apply_service's argument: wrap the call
                result = apply_service(form, lambda: services.create_campaign(request.user, scope_blocs=blocs or (),
                                                                              **data))
            else:
                result = apply_service(form, lambda: services.update_campaign(campaign, request.user,
                                                                              scope_blocs=blocs, **data))
            if result is not None:
                messages.success(request, _("The campaign has been saved."))
                return redirect(result)
        return self.render_form(form, campaign)


# Lifecycle ---------------------------------------------------------------------------------------

ACTIONS = {
    # action: (service, form class or None, button label, success message)
    "launch": (services.launch_campaign, None, gettext_lazy("Launch the campaign"),
               gettext_lazy("The campaign has been launched and the units in scope notified.")),
    "start": (services.start_campaign, None, gettext_lazy("Mark as under way"),
              gettext_lazy("The campaign is under way.")),
    "open_review": (services.open_mid_term_review, OpenReviewForm, gettext_lazy("Open a mid-term review"),
                    gettext_lazy("The mid-term review has been opened.")),
    "close_review": (services.close_mid_term_review, CloseReviewForm, gettext_lazy("Close the mid-term review"),
                     gettext_lazy("The mid-term review has been closed; the campaign is under way again.")),
    "conclude": (services.conclude_campaign, ConcludeForm, gettext_lazy("Conclude the campaign"),
                 gettext_lazy("The campaign has been concluded.")),
}


class CampaignActionView(LoginRequiredMixin, View):
    template_name = "campaigns/campaign_action.html"

    def setup_action(self, pk, action):
        if action not in ACTIONS:
            raise Http404
        campaign = _campaign(self.request, pk)
        require_perm(self.request.user, "campaigns.manage_campaign", campaign)
        return campaign, ACTIONS[action]

    def get(self, request, pk, action):
        campaign, (_fn, form_class, label, _msg) = self.setup_action(pk, action)
        form = form_class() if form_class else None
        return render(request, self.template_name, {"campaign": campaign, "form": form, "label": label})

    def post(self, request, pk, action):
        campaign, (fn, form_class, label, msg) = self.setup_action(pk, action)
        if form_class is None:
            fn(campaign, request.user)  # a DomainError becomes a message (DomainErrorMiddleware)
            messages.success(request, msg)
            return redirect(campaign)
        form = form_class(request.POST)
        if form.is_valid() and apply_service(form, fn, campaign, request.user, **form.cleaned_data) is not None:
            messages.success(request, msg)
            return redirect(campaign)
        return render(request, self.template_name, {"campaign": campaign, "form": form, "label": label})


# Documents ---------------------------------------------------------------------------------------


@login_required
@require_POST
def document_upload(request, pk):
    campaign = _campaign(request, pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        # a DomainError of the service becomes a message (DomainErrorMiddleware)
        services.attach_document(campaign, request.user, form.cleaned_data["title"], form.cleaned_data["file"])
        messages.success(request, _("The document has been attached."))
    elif not request.FILES.get("file"):
        messages.error(request, _("Choose a file to attach."))
    else:  # the upload check's reasons (emulation.uploads), or a title too long
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(campaign.get_absolute_url() + "#documents")


@signed_in_or_404
def document_download(request, pk, doc_pk):
    campaign = _campaign(request, pk)
    doc = get_for_user_or_404(campaign.documents.all(), pk=doc_pk)
    return serve_file(request, doc.file, doc.filename)


@login_required
@require_POST
def document_delete(request, pk, doc_pk):
    campaign = _campaign(request, pk)
    doc = get_for_user_or_404(campaign.documents.all(), pk=doc_pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    services.remove_document(doc, request.user)
    messages.success(request, _("The document has been removed."))
    return redirect(campaign.get_absolute_url() + "#documents")


# Registrations -----------------------------------------------------------------------------------


class RegisterView(LoginRequiredMixin, View):
    template_name = "campaigns/campaign_register.html"

    def setup_view(self, pk):
        campaign = _campaign(self.request, pk)
        require_perm(self.request.user, "campaigns.register_campaign", campaign)
        r = roles_of(self.request.user)
        ids = unit_ids_in_scope(campaign)
        if not r.manages_everything:
            ids &= set(r.clerk_unit_ids)
            if not ids:
                raise Http404
        return campaign, Unit.objects.filter(pk__in=ids).order_by("name")

    def get(self, request, pk):
        campaign, units = self.setup_view(pk)
        initial = {}
        unit_id = request.GET.get("unit")
        if unit_id and unit_id.isdigit() and units.filter(pk=unit_id).exists():
            initial["unit"] = int(unit_id)
        elif len(units) == 1:
            initial["unit"] = units[0].pk
        if "unit" in initial:
            reg = campaign.registrations.filter(unit_id=initial["unit"]).first()
            if reg is not None:
                initial["targets"] = reg.targets
        form = RegistrationForm(units=units, initial=initial)
        return render(request, self.template_name, {"campaign": campaign, "form": form})

    def post(self, request, pk):
        campaign, units = self.setup_view(pk)
        form = RegistrationForm(request.POST, units=units)
        if form.is_valid():
            d = form.cleaned_data
            if apply_service(form, services.register_unit, campaign, request.user, d["unit"], d["targets"]):
                messages.success(request, _("The registration has been sent."))
                return redirect(campaign.get_absolute_url() + "#registrations")
        return render(request, self.template_name, {"campaign": campaign, "form": form})


def _registration(request, pk, reg_pk):
    campaign = _campaign(request, pk)
    reg = get_for_user_or_404(campaign.registrations.select_related("unit"), pk=reg_pk)
    require_perm(request.user, "campaigns.manage_campaign", campaign)
    return campaign, reg


class ReturnRegistrationView(LoginRequiredMixin, View):
    template_name = "campaigns/campaign_action.html"

    def get(self, request, pk, reg_pk):
        campaign, reg = _registration(request, pk, reg_pk)
        return render(request, self.template_name, {
            "campaign": campaign, "registration": reg, "form": ReasonForm(),
            "label": _("Return for correction")})

    def post(self, request, pk, reg_pk):
        campaign, reg = _registration(request, pk, reg_pk)
        form = ReasonForm(request.POST)
        if form.is_valid() and apply_service(form, services.return_registration, reg, request.user,
                                             form.cleaned_data["reason"]):
            messages.success(request, _("The registration has been returned to %(unit)s.") % {"unit": reg.unit})
            return redirect(campaign.get_absolute_url() + "#registrations")
        return render(request, self.template_name, {
            "campaign": campaign, "registration": reg, "form": form, "label": _("Return for correction")})


@login_required
@require_POST
def registration_accept(request, pk, reg_pk):
    campaign, reg = _registration(request, pk, reg_pk)
    services.accept_registration(reg, request.user)
    messages.success(request, _("The registration of %(unit)s has been accepted.") % {"unit": reg.unit})
    return redirect(campaign.get_absolute_url() + "#registrations")
