from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from coso.org import models


@admin.register(models.Unit)
class UnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(models.Unit, exclude=["version"])
    list_display = ["name", "level", "sector", "is_mountainous", "is_active"]
    list_filter = ["level", "sector", "is_mountainous", "is_active"]
    search_fields = ["name", "search_text", "code"]


class ClassificationLevelInline(admin.TabularInline):
    model = models.ClassificationLevel
    extra = 0


@admin.register(models.ClassificationScheme)
class ClassificationSchemeAdmin(admin.ModelAdmin):
    inlines = [ClassificationLevelInline]
    list_display = ["name", "subject", "valid_from_year", "valid_to_year"]


admin.site.register(models.UnitLevel)
admin.site.register(models.Sector)
admin.site.register(models.UnitEvent)
admin.site.register(models.UnitClassification, SimpleHistoryAdmin)
admin.site.register(models.Department, SimpleHistoryAdmin)


@admin.register(models.Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "owner", "leader", "deputy"]
    filter_horizontal = ["units"]
    raw_id_fields = ["owner", "leader", "deputy"]
