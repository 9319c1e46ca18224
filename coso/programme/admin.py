from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coso.programme import models


class PointsGroupInline(admin.TabularInline):
    model = models.PointsGroup
    extra = 0


class TrackInline(admin.TabularInline):
    model = models.Track
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "owner", "year", "mode", "training_count", "action_count", "document_number"]
    list_filter = ["year", "mode"]
    search_fields = ["name", "document_number"]
    raw_id_fields = ["owner"]
    inlines = [TrackInline, PointsGroupInline]


class RoundInline(admin.TabularInline):
    model = models.Round
    extra = 0


@admin.register(models.Track)
class TrackAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    inlines = [RoundInline]


@admin.register(models.Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "target_group", "points_group", "max_points", "is_active", "programme"]
    list_filter = ["kind", "target_group", "is_active"]
    search_fields = ["code", "title"]


class RegistrationItemInline(admin.TabularInline):
    model = models.RegistrationItem
    extra = 0
    raw_id_fields = ["criterion"]


class RegistrationTransitionInline(admin.TabularInline):
    model = models.RegistrationTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]
    can_delete = False


@admin.register(models.Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["member", "programme", "track", "target_group", "state", "signed_on", "on_behalf"]
    list_filter = ["state", "on_behalf", "target_group"]
    raw_id_fields = ["member", "programme", "track", "registered_by"]
    # States move only through the services (the transition log): read-only here.
    readonly_fields = ["state"]
    inlines = [RegistrationItemInline, RegistrationTransitionInline]


class AssessmentItemInline(admin.TabularInline):
    model = models.AssessmentItem
    extra = 0
    raw_id_fields = ["item", "criterion"]


class AssessmentTransitionInline(admin.TabularInline):
    model = models.AssessmentTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]
    can_delete = False


@admin.register(models.Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["registration", "round", "state", "result"]
    list_filter = ["state", "result"]
    raw_id_fields = ["registration", "round", "recognition", "evaluated_by", "reviewed_by"]
    readonly_fields = ["state"]
    inlines = [AssessmentItemInline, AssessmentTransitionInline]


@admin.register(models.BranchAssessment)
class BranchAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["branch", "programme", "round", "state", "rating", "base_rating"]
    list_filter = ["state", "rating"]
    raw_id_fields = ["branch", "programme", "round", "recognition", "reviewed_by"]
    readonly_fields = ["state"]


@admin.register(models.RoundReport)
class RoundReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "round", "held_on", "participants", "state"]
    list_filter = ["state"]
    raw_id_fields = ["unit", "round"]
    readonly_fields = ["state"]


@admin.register(models.Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "district", "round", "inspected_on", "rating", "state"]
    list_filter = ["state", "rating"]
    raw_id_fields = ["district", "unit", "round", "inspectors"]
    readonly_fields = ["state"]


@admin.register(models.Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["unit", "programme", "round", "decided_on", "number", "members_recognised", "branches_recognised"]
    raw_id_fields = ["programme", "round", "unit", "by"]


@admin.register(models.Helper)
class HelperAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "programme", "task", "assigned_on"]
    raw_id_fields = ["programme", "unit", "person", "assigned_by"]
