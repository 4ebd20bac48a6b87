from django.contrib import admin

from .models import AgendaItem, Attendance, InvitationDelivery, Meeting, MinutesVersion, Task


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["part", "position", "kind", "title", "case", "preparer", "minutes"]
    raw_id_fields = ["case", "task", "measure", "preparer"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team", "status", "starts_at", "invitation_sent_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["created_by"]
    list_select_related = ["team", "team__school"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "deadline", "done_at", "team"]
    list_filter = ["done_at"]
    raw_id_fields = ["owner", "created_by", "meeting", "agenda_item", "case"]
    list_select_related = ["owner", "team", "team__school"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "approved_by", "approved_at"]
    readonly_fields = ["meeting", "number", "snapshot", "approved_by", "approved_at"]


@admin.register(InvitationDelivery)
class InvitationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "round", "email", "queued_at", "sent_at"]
    readonly_fields = ["meeting", "user", "round", "email", "queued_at", "sent_at"]
