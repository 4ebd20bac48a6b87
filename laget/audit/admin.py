from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is never edited, not even by a superuser."""

    list_display = ["at", "username", "role", "action", "school_id", "student_id", "emergency"]
    list_filter = ["action", "emergency"]
    search_fields = ["username", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
