from django.contrib import admin

from clearsight.core.models import AccessLogEntry, ImportRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessLogEntry)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "roles", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "kind", "status", "filename", "rows", "error_count"]
    list_filter = ["kind", "status"]
