from django.contrib import admin

from emulation.admin_base import LoggedModelAdmin, ServiceInline, ServiceModelAdmin

from .models import (
    Bloc,
    BlocMembership,
    BlocYear,
    BlocYearAssessment,
    CriteriaSet,
    Criterion,
    Evidence,
    Proposal,
    Scorecard,
    ScoreEntry,
    Vote,
    VoteResult,
    VoteThreshold,
)

# Blocs, bloc years and their members, criteria, scorecards, evidence, votes, proposals and the year-end
# assessment change through blocs.services (guarded, logged and notified): the admin only shows them.
# The vote threshold is a dated rule without a service: admin edits are checked for overlaps and logged.


class MembershipInline(ServiceInline, admin.TabularInline):
    model = BlocMembership


@admin.register(Bloc)
class BlocAdmin(LoggedModelAdmin):
    """A bloc is created by ``blocs.services.create_bloc`` (the board's page); renaming or deactivating one has
    no page, so the administrator does it here, logged. Deleting is refused: its years hold the history."""

    list_display = ["code", "name", "council", "is_active"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BlocYear)
class BlocYearAdmin(ServiceModelAdmin):
    list_display = ["bloc", "year", "state", "head_unit", "deputy_unit"]
    list_filter = ["state", "year"]
    inlines = [MembershipInline]


@admin.register(BlocMembership)
class BlocMembershipAdmin(ServiceModelAdmin):
    list_display = ["bloc_year", "unit"]


class CriterionInline(ServiceInline, admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "title", "parent", "is_section", "kind", "max_points", "evidence_required"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ServiceModelAdmin):
    list_display = ["bloc_year", "title", "standard_total", "bonus_cap"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ServiceModelAdmin):
    list_display = ["code", "title", "criteria_set", "kind", "max_points", "is_section"]
    list_filter = ["kind", "is_section"]
    search_fields = ["code", "title"]


class ScoreEntryInline(ServiceInline, admin.TabularInline):
    model = ScoreEntry
    fields = ["criterion", "self_points", "reviewed_points", "final_points", "note"]


@admin.register(Scorecard)
class ScorecardAdmin(ServiceModelAdmin):
    list_display = ["unit", "bloc_year", "state", "is_late", "version"]
    list_filter = ["state", "is_late"]
    inlines = [ScoreEntryInline]


@admin.register(ScoreEntry)
class ScoreEntryAdmin(ServiceModelAdmin):
    list_display = ["scorecard", "criterion", "self_points", "reviewed_points", "final_points"]


@admin.register(Evidence)
class EvidenceAdmin(ServiceModelAdmin):
    list_display = ["original_name", "scorecard", "criterion", "size", "uploaded_at"]


@admin.register(VoteThreshold)
class VoteThresholdAdmin(LoggedModelAdmin):
    list_display = ["percent", "valid_from", "valid_to", "basis"]
    fields = ["percent", "valid_from", "valid_to", "basis"]


class VoteResultInline(ServiceInline, admin.TabularInline):
    model = VoteResult


@admin.register(Vote)
class VoteAdmin(ServiceModelAdmin):
    list_display = ["bloc_year", "held_on", "voters_present", "threshold_percent"]
    inlines = [VoteResultInline]


@admin.register(Proposal)
class ProposalAdmin(ServiceModelAdmin):
    list_display = ["bloc_year", "unit", "kind", "votes", "voters_present", "rank"]
    list_filter = ["kind"]


@admin.register(BlocYearAssessment)
class BlocYearAssessmentAdmin(ServiceModelAdmin):
    list_display = ["bloc_year", "updated_at", "updated_by"]
    list_filter = ["bloc_year__year"]
