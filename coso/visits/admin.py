from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coso.visits import models


class AssignmentInline(admin.TabularInline):
    model = models.Assignment
    fk_name = "decision"
    extra = 0
    raw_id_fields = ["cadre", "unit", "cluster", "ended_by"]


@admin.register(models.AssignmentDecision)
class AssignmentDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "decided_on", "owner", "signer"]
    raw_id_fields = ["owner", "signer"]
    inlines = [AssignmentInline]


@admin.register(models.Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "unit", "role", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["decision", "cadre", "unit", "cluster", "ended_by"]


@admin.register(models.VisitPolicy)
class VisitPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["owner", "year", "cap_days_mountainous", "cap_days_other", "yearly_minimum_days", "applies_from"]
    raw_id_fields = ["owner"]


@admin.register(models.BlackoutDay)
class BlackoutDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "note", "owner"]
    list_filter = ["reason"]
    raw_id_fields = ["owner"]


class PlannedVisitInline(admin.TabularInline):
    model = models.PlannedVisit
    extra = 0
    raw_id_fields = ["unit"]


class PlanTransitionInline(admin.TabularInline):
    model = models.PlanTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]


@admin.register(models.QuarterPlan)
class QuarterPlanAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "year", "quarter", "state"]
    list_filter = ["state", "year"]
    raw_id_fields = ["cadre"]
    readonly_fields = ["state"]
    inlines = [PlannedVisitInline, PlanTransitionInline]


@admin.register(models.Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "unit", "start_date", "end_date", "form", "is_ad_hoc"]
    list_filter = ["form", "is_ad_hoc"]
    raw_id_fields = ["cadre", "unit", "planned_visit"]
    date_hierarchy = "start_date"


class ReportVisitInline(admin.TabularInline):
    model = models.ReportVisit
    extra = 0
    raw_id_fields = ["visit", "host"]


class HostConfirmationInline(admin.TabularInline):
    model = models.HostConfirmation
    extra = 0
    raw_id_fields = ["district"]
    readonly_fields = ["state", "by", "at"]


class ReportTransitionInline(admin.TabularInline):
    model = models.ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]


@admin.register(models.MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "year", "month", "state", "total_days", "due_date"]
    list_filter = ["state", "year", "month"]
    raw_id_fields = ["cadre"]
    readonly_fields = ["state"]
    inlines = [ReportVisitInline, HostConfirmationInline, ReportTransitionInline]


@admin.register(models.GoodPractice)
class GoodPracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "reported_by", "reported_on", "to_replicate"]
    list_filter = ["to_replicate"]
    raw_id_fields = ["unit", "visit", "reported_by"]


class WeakUnitPickInline(admin.TabularInline):
    model = models.WeakUnitPick
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(models.WeakUnitSelection)
class WeakUnitSelectionAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "district", "year", "state"]
    raw_id_fields = ["cadre", "district"]
    readonly_fields = ["state"]
    inlines = [WeakUnitPickInline]


@admin.register(models.ClusterMeeting)
class ClusterMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "kind", "scheduled_on", "held_on"]
    raw_id_fields = ["cluster", "host_unit"]


@admin.register(models.RankingRule)
class RankingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["owner", "year", "points_per_day", "penalty_late_report"]
    raw_id_fields = ["owner"]


@admin.register(models.ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What reminder went to whom, and when: read-only (the log prevents sending twice)."""

    list_display = ["sent_at", "person", "subject"]
    search_fields = ["key", "subject", "recipients"]
    date_hierarchy = "sent_at"
    readonly_fields = ["key", "person", "subject", "recipients", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
