from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coso.people import models


class PostInline(admin.TabularInline):
    model = models.Post
    extra = 0
    raw_id_fields = ["unit", "department"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "is_cadre", "is_member", "birth_date"]
    list_filter = ["is_cadre", "is_member", "sex", "party_status"]
    search_fields = ["search_text"]
    raw_id_fields = ["unit", "department"]
    inlines = [PostInline]


for model in (
    models.TargetGroup,
    models.Term,
    models.Planning,
    models.Certificate,
    models.TrainingRecord,
    models.DisciplineRecord,
    models.Evaluation,
    models.Pregnancy,
    models.Child,
):
    admin.site.register(model, SimpleHistoryAdmin)
