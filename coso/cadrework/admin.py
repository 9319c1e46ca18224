from django.contrib import admin

from coso.cadrework import models


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.CadrePlan)
class CadrePlanAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "year", "number", "base_plan_deadline")
    list_filter = ("year",)
    inlines = [IndicatorInline]


for model in (
    models.BaseUnitPlanSubmission,
    models.SourcePoolEntry,
    models.Course,
    models.Enrollment,
    models.Rotation,
    models.BodySeats,
):
    admin.site.register(model)
