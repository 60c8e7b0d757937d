from django.contrib import admin

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


class MembershipInline(admin.TabularInline):
    model = BlocMembership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "council", "is_active"]
    search_fields = ["code", "name"]


@admin.register(BlocYear)
class BlocYearAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "state", "head_unit", "deputy_unit"]
    list_filter = ["state", "year"]
    autocomplete_fields = ["head_unit", "deputy_unit"]
    inlines = [MembershipInline]


@admin.register(BlocMembership)
class BlocMembershipAdmin(admin.ModelAdmin):
    list_display = ["bloc_year", "unit"]
    autocomplete_fields = ["unit"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "title", "parent", "is_section", "kind", "max_points", "evidence_required"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["bloc_year", "title", "standard_total", "bonus_cap"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "criteria_set", "kind", "max_points", "is_section"]
    list_filter = ["kind", "is_section"]
    search_fields = ["code", "title"]


class ScoreEntryInline(admin.TabularInline):
    model = ScoreEntry
    extra = 0
    fields = ["criterion", "self_points", "reviewed_points", "final_points", "note"]
    readonly_fields = ["criterion"]


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["unit", "bloc_year", "state", "is_late", "version"]
    list_filter = ["state", "is_late"]
    inlines = [ScoreEntryInline]


@admin.register(ScoreEntry)
class ScoreEntryAdmin(admin.ModelAdmin):
    list_display = ["scorecard", "criterion", "self_points", "reviewed_points", "final_points"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "scorecard", "criterion", "size", "uploaded_at"]


@admin.register(VoteThreshold)
class VoteThresholdAdmin(admin.ModelAdmin):
    list_display = ["percent", "valid_from", "valid_to", "basis"]


class VoteResultInline(admin.TabularInline):
    model = VoteResult
    extra = 0


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["bloc_year", "held_on", "voters_present", "threshold_percent"]
    inlines = [VoteResultInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["bloc_year", "unit", "kind", "votes", "voters_present", "rank"]
    list_filter = ["kind"]


@admin.register(BlocYearAssessment)
class BlocYearAssessmentAdmin(admin.ModelAdmin):
    list_display = ["bloc_year", "updated_at", "updated_by"]
    list_filter = ["bloc_year__year"]
    raw_id_fields = ["bloc_year", "updated_by"]
