"""The Django admin cannot bypass the services: two bases for every ``ModelAdmin`` of the project.

- ``ServiceModelAdmin`` (and ``ServiceInline`` for its inlines): for a model whose changes go through
  services (states, guards, the activity log, notifications). The admin lists and shows its rows, with
  the same ``list_display``/filters/search, but cannot add, change or delete them: a POST to its change
  or add page answers 403 and changes nothing. Use the application's own pages to change them.
- ``LoggedModelAdmin`` (and ``LoggedInline``): for a model without services (reference lists, role
  assignments). Admin edits remain possible and are logged like any other change, in the same
  transaction: ``<app>.<model>.admin_added`` / ``admin_changed`` / ``admin_deleted`` with
  ``data={"diff": {field: [old, new]}}`` (``emulation.audit.snapshot``/``diff``). ``emulation.actions``
  labels these codes for every model ("Vai trò: sửa trong trang quản trị").

Choosing: if ``<app>/services.py`` has a function that creates or changes the model, it is a
``ServiceModelAdmin``; otherwise a ``LoggedModelAdmin``. Never a bare ``admin.ModelAdmin`` or
``admin.site.register(Model)``.
"""

from django.contrib import admin
from django.db import transaction

from .audit import diff, log_action, snapshot


def _fields(model):
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def admin_snapshot(obj):
    """Concrete fields and many-to-many ids of ``obj`` as JSON-friendly data."""
    out = snapshot(obj, _fields(type(obj)))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            out[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return out


def _stored(obj):
    if obj.pk is None:
        return {}
    old = type(obj)._default_manager.filter(pk=obj.pk).first()
    return admin_snapshot(old) if old is not None else {}


def _code(obj, verb):
    return f"{obj._meta.label_lower}.{verb}"


def log_admin_change(request, obj, before, verb):
    """Write one activity-log entry for an admin edit of ``obj``; ``before`` is its snapshot before the edit
    (``{}`` for a new row). An edit that changed nothing is not logged."""
    # the saved row as the database returns it: a form's Decimal("50") is the stored "50.00", not a change
    after = {} if verb == "admin_deleted" else (_stored(obj) or admin_snapshot(obj))
    if verb == "admin_deleted":
        changes = {k: [v, None] for k, v in before.items() if v not in (None, "", [])}
    else:
        changes = diff(before, after)
    if verb == "admin_changed" and not changes:
        return None
    return log_action(request.user, _code(obj, verb), obj, data={"diff": changes})


class ServiceModelAdmin(admin.ModelAdmin):
    """Read-only admin of a model that has services: view and list, never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [f.name for f in self.model._meta.many_to_many]


class ServiceInline:
    """Mixin for the inlines of a ``ServiceModelAdmin``: ``class X(ServiceInline, admin.TabularInline)``."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LoggedModelAdmin(admin.ModelAdmin):
    """Admin of a model without services: every add, change and delete writes an activity-log entry."""

    def save_model(self, request, obj, form, change):
        obj._admin_before = _stored(obj) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(obj, "_admin_before", {})
        log_admin_change(request, obj, before, "admin_changed" if change else "admin_added")
        previous = getattr(obj, "superseded", None)  # a new dated rule closed the one in force (emulation.dated)
        if previous is not None:
            log_action(request.user, _code(previous, "admin_changed"), previous,
                       data={"diff": {"valid_to": [None, previous.valid_to.isoformat()]}})

    def save_formset(self, request, form, formset, change):
        befores = {id(f.instance): _stored(f.instance) for f in formset.initial_forms if f.instance.pk is not None}
        for deleted in formset.deleted_forms:  # logged while the row still has its id
            if deleted.instance.pk is not None:
                log_admin_change(request, deleted.instance, befores.get(id(deleted.instance), {}), "admin_deleted")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            log_admin_change(request, obj, {}, "admin_added")
        for obj, _fields_changed in formset.changed_objects:
            log_admin_change(request, obj, befores.get(id(obj), {}), "admin_changed")

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_admin_change(request, obj, admin_snapshot(obj), "admin_deleted")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The "delete selected" action deletes row by row, so that each deletion is logged."""
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class LoggedInline:
    """Mixin for the inlines of a ``LoggedModelAdmin`` (their rows are logged by ``save_formset``)."""

    extra = 0
