from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coso.people import models
from coso.people.signals import members_moved, person_renamed


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

    def save_model(self, request, obj, form, change):
        """As ``people.services.update_person``: a move and a new name reach what keeps counts,
        ancestors and sort keys of the person's records (programme summaries, trips, reports)."""
        before = models.Person.objects.filter(pk=obj.pk).values_list("unit_id", "sort_key").first() if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            return
        unit_id, sort_key = before
        if obj.unit_id != unit_id:
            members_moved.send(sender=models.Person, unit_ids={unit_id, obj.unit_id})
        if obj.sort_key != sort_key:
            person_renamed.send(sender=models.Person, person=obj)


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
