"""Classes, students and guardians in the admin (until the import from the student register exists)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Guardian, SchoolClass, Student


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "school", "teachers", "student_count"]
    list_filter = ["school", "grade"]
    search_fields = ["name", "school__name"]
    list_select_related = ["school"]
    filter_horizontal = ["contact_teachers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_students=Count("students")).prefetch_related("contact_teachers")

    @admin.display(description=_("kontaktlærere"))
    def teachers(self, obj):
        return ", ".join(t.get_full_name() or t.username for t in obj.contact_teachers.all())

    @admin.display(description=_("elever"), ordering="_students")
    def student_count(self, obj):
        return obj._students


class GuardianInline(admin.StackedInline):
    model = Guardian
    extra = 0
    fields = [("name", "relation"), ("phone", "email"), "address", "protected_address"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "school_class", "birth_date", "school"]
    list_display_links = ["last_name", "first_name"]
    list_filter = ["school", "school_class__grade"]
    search_fields = ["first_name", "last_name", "school_class__name"]
    list_select_related = ["school", "school_class"]
    autocomplete_fields = ["school_class"]
    inlines = [GuardianInline]
