from django.contrib import admin

from .models import PptRoutine


@admin.register(PptRoutine)
class PptRoutineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "preset", "iep_days", "keep_half_year_report", "updated_at"]
