from django.contrib import admin

from .nomination_models import (
    AppraisalTimeLimit,
    CouncilMeeting,
    CouncilVoteThreshold,
    Decision,
    DecisionRevocation,
    Nomination,
    NominationDocument,
    NominationItem,
    PostingComment,
    PublicHoliday,
    SubmissionDeadline,
)


class ItemInline(admin.TabularInline):
    model = NominationItem
    extra = 0
    fields = ["award_type", "recipient_kind", "person", "unit", "verdict_eligible", "outcome", "decision", "award"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read in the admin; changes go through the pages (services), which log them."""

    list_display = ["title", "unit", "year", "method", "level", "state", "submitted_at"]
    list_filter = ["state", "method", "level", "year"]
    search_fields = ["title", "reference", "unit__name"]
    inlines = [ItemInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NominationItem)
class NominationItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nomination", "verdict_eligible", "outcome", "vote_passed", "decision"]
    list_filter = ["outcome", "verdict_eligible", "award_type"]
    search_fields = ["person__search_name", "unit__name"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NominationDocument)
class NominationDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "nomination", "size", "uploaded_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "authority", "kind", "state", "issued_at"]
    list_filter = ["state", "kind"]
    search_fields = ["number", "signer", "authority"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_issued


@admin.register(DecisionRevocation)
class DecisionRevocationAdmin(admin.ModelAdmin):
    list_display = ["decision", "award", "reason"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostingComment)
class PostingCommentAdmin(admin.ModelAdmin):
    list_display = ["item", "received_on", "commenter"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "members_present", "members_total"]


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(admin.ModelAdmin):
    list_display = ["year", "method", "deadline"]
    list_filter = ["year", "method"]


@admin.register(AppraisalTimeLimit)
class AppraisalTimeLimitAdmin(admin.ModelAdmin):
    list_display = ["award_type", "working_days", "valid_from", "valid_to"]


@admin.register(CouncilVoteThreshold)
class CouncilVoteThresholdAdmin(admin.ModelAdmin):
    list_display = ["award_type", "percent", "valid_from", "valid_to", "legal_basis"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
