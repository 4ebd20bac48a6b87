"""Django admin for the cases app. Consent and the timeline are records of what happened:
read-only here, as everywhere (a change is a new row written by a service)."""

from django.contrib import admin

from .models import (
    ActionPlan,
    Attachment,
    Case,
    Consent,
    Evaluation,
    HealthNote,
    Measure,
    Referral,
    TimelineEntry,
    TriedMeasure,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TriedMeasureInline(admin.TabularInline):
    model = TriedMeasure
    extra = 0


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["pk", "school", "kind", "status", "author", "created_at"]
    list_filter = ["status", "kind", "school"]
    raw_id_fields = ["student", "author", "case"]
    inlines = [TriedMeasureInline]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "school", "kind", "status", "first_concern_date"]
    list_filter = ["status", "kind", "school"]
    raw_id_fields = ["student", "created_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "referral", "case", "uploaded_at"]
    raw_id_fields = ["referral", "case", "uploaded_by"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "given_by_student", "date", "expires_on", "recorded_at"]
    list_filter = ["status"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "school", "case", "kind", "summary", "restricted"]
    list_filter = ["kind", "restricted"]


@admin.register(HealthNote)
class HealthNoteAdmin(ReadOnlyAdmin):
    list_display = ["case", "author", "created_at"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["case", "date_discussed", "evaluation_date"]
    raw_id_fields = ["case", "meeting", "created_by"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["case", "owner", "evaluation_date", "status"]
    raw_id_fields = ["case", "action_plan", "owner"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["measure", "effect", "date"]
    raw_id_fields = ["measure", "evaluated_by"]
