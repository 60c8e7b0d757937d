"""Helpers shared by the awards pages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from emulation.access import get_for_user_or_404, require_perm, safe_referer
from emulation.errors import DomainError, apply_service, report_error
from emulation.roles import roles_of
from emulation.selectors import people_for_user, units_for_user


def _editable_people(user):
    r = roles_of(user)
    qs = people_for_user(user).filter(is_active=True).order_by("search_name", "pk")
    return qs if r.manages_everything else qs.filter(unit_id__in=r.scope_unit_ids)


def _editable_units(user):
    r = roles_of(user)
    qs = units_for_user(user).filter(is_active=True).order_by("name")
    return qs if r.manages_everything else qs.filter(pk__in=r.scope_unit_ids)


class FormPage(LoginRequiredMixin, View):
    """One create/edit page: fetch through a selector (404), check the permission (403), run a service."""

    template_name = "awards/form.html"
    form_class = None
    add_perm = change_perm = None
    title_new = title_edit = ""
    cancel_url = None

    def queryset(self):
        raise NotImplementedError

    def get_object(self, pk):
        if pk is None:
            require_perm(self.request.user, self.add_perm)
            return None
        obj = get_for_user_or_404(self.queryset(), pk=pk)
        require_perm(self.request.user, self.change_perm, obj)
        return obj

    def form_kwargs(self):
        return {}

    def initial(self):
        return {}

    def make_form(self, obj, data=None):
        return self.form_class(data, instance=obj, initial=self.initial() if obj is None else None,
                               **self.form_kwargs())

    def save(self, obj, data):
        raise NotImplementedError

    def success_url(self, result):
        return result.get_absolute_url()

    def render_page(self, form, obj):
        return render(self.request, self.template_name, {
            "form": form, "object": obj, "title": self.title_edit if obj else self.title_new,
            "cancel_url": self.cancel_url or safe_referer(self.request)})

    def get(self, request, pk=None, **kwargs):
        obj = self.get_object(pk)
        return self.render_page(self.make_form(obj), obj)

    def post(self, request, pk=None, **kwargs):
        obj = self.get_object(pk)
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            result = apply_service(form, self.save, obj, data)
            if result is not None:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(result))
        return self.render_page(form, obj)


# Records ---------------------------------------------------------------------------------------


def _scope_units(user):
    return units_for_user(user).order_by("name")


class RecordPage(FormPage):
    add_perm = "awards.add_record"
    change_perm = "awards.change_record"

    def form_kwargs(self):
        return {"people": _editable_people(self.request.user), "units": _editable_units(self.request.user)}

    def initial(self):
        out = {}
        for name in ("person", "unit", "year"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                out[name] = int(value)
        return out


def _crumbs(*extra):
    return [(_("Nominations"), reverse("awards:nomination_list")), *extra]


def _run(request, target, fn, *args, success=None, **kwargs):
    """Run a service for a POST action; a refusal becomes an error message (``report_error``). Redirects to
    ``target``."""
    try:
        result = fn(*args, **kwargs)
    except DomainError as exc:
        report_error(request, exc)
        result = None
    else:
        if success:
            messages.success(request, success)
    return (redirect(target) if target else None), result
