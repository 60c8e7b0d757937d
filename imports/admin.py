from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "original_name", "scope_unit", "requested_by", "status", "row_count"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name"]
    readonly_fields = ["preview", "summary", "created_at", "checked_at", "finished_at"]
    raw_id_fields = ["scope_unit", "requested_by", "confirmed_by"]
