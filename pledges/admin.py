from django.contrib import admin

from emulation.admin_base import ServiceInline, ServiceModelAdmin

from .models import Commitment, FulfilmentLine, FulfilmentReport, Pledge, Signature

# Every pledge model changes through pledges.services (drawn up, opened, signed, reported, confirmed,
# logged and notified): the admin only shows them.


class CommitmentInline(ServiceInline, admin.TabularInline):
    model = Commitment


class SignatureInline(ServiceInline, admin.TabularInline):
    model = Signature


@admin.register(Pledge)
class PledgeAdmin(ServiceModelAdmin):
    list_display = ["title", "bloc_year", "state", "ceremony_date"]
    list_filter = ["state"]
    search_fields = ["title"]
    inlines = [CommitmentInline, SignatureInline]


class FulfilmentLineInline(ServiceInline, admin.TabularInline):
    model = FulfilmentLine


@admin.register(FulfilmentReport)
class FulfilmentReportAdmin(ServiceModelAdmin):
    list_display = ["pledge", "unit", "state", "submitted_at", "confirmed_at"]
    list_filter = ["state"]
    inlines = [FulfilmentLineInline]


@admin.register(Commitment)
class CommitmentAdmin(ServiceModelAdmin):
    list_display = ["__str__", "pledge", "kind"]


@admin.register(Signature)
class SignatureAdmin(ServiceModelAdmin):
    list_display = ["__str__", "pledge", "signed_at", "withdrawn_at"]


@admin.register(FulfilmentLine)
class FulfilmentLineAdmin(ServiceModelAdmin):
    list_display = ["__str__", "report", "result"]
