from django.contrib import admin

from coso.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through the import workflow."""

    list_display = [
        "original_name",
        "kind",
        "status",
        "row_count",
        "error_count",
        "created_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "created_by__username"]
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name not in ("content", "validated_rows")]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content", "validated_rows")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
