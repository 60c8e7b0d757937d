from django.contrib import admin

from .models import Letterhead, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "requested_by__username"]
    readonly_fields = ["id", "params_key", "fingerprint", "attempts", "created_at", "started_at", "finished_at"]
    raw_id_fields = ["requested_by"]


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ["issuing_body", "parent_body", "place", "signer_name", "is_active"]
    list_filter = ["is_active"]

