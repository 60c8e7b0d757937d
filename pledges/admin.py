from django.contrib import admin

from .models import Commitment, FulfilmentLine, FulfilmentReport, Pledge, Signature


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "bloc_year", "state", "ceremony_date"]
    list_filter = ["state"]
    search_fields = ["title"]
    inlines = [CommitmentInline, SignatureInline]


class FulfilmentLineInline(admin.TabularInline):
    model = FulfilmentLine
    extra = 0


@admin.register(FulfilmentReport)
class FulfilmentReportAdmin(admin.ModelAdmin):
    list_display = ["pledge", "unit", "state", "submitted_at", "confirmed_at"]
    list_filter = ["state"]
    inlines = [FulfilmentLineInline]


admin.site.register(Commitment)
admin.site.register(Signature)
admin.site.register(FulfilmentLine)
