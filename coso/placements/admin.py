from django.contrib import admin

from coso.placements import models


class GroupRuleInline(admin.TabularInline):
    model = models.TargetGroupRule
    extra = 0


@admin.register(models.PlacementPlan)
class PlacementPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "start_year", "end_year", "yearly_cap"]
    inlines = [GroupRuleInline]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["person", "host", "year", "group", "state", "start_date", "planned_end"]
    list_filter = ["state", "year"]
    raw_id_fields = ["person", "candidate"]
