"""Classes, students and guardians in the admin (the register import and the team pages are the everyday way in).
Every student shown or changed here is in the access log (laget.audit.admin.AccessLoggedAdmin)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from laget.audit.admin import AccessLoggedAdmin

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


class _ProtectedValue(forms.Widget):
    """Shows that a value exists without putting it in the page (not even in a hidden input)."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<span>{}</span>", _("Skjult: fortrolig adresse"))


class GuardianForm(forms.ModelForm):
    """A guardian with a protected address (fortrolig adresse): the admin neither shows nor changes
    their address, phone and e-mail; they are seen only on Laget's own pages, by the roles the
    school grants (Role.sees_protected_address), where every read is logged."""

    class Meta:
        model = Guardian
        fields = ["name", "relation", "phone", "email", "address", "protected_address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.protected_address:
            for name in ("phone", "email", "address"):
                self.fields[name].disabled = True
                self.fields[name].widget = _ProtectedValue()


class GuardianInline(admin.StackedInline):
    model = Guardian
    form = GuardianForm
    extra = 0
    fields = [("name", "relation"), ("phone", "email"), "address", "protected_address"]


@admin.register(Student)
class StudentAdmin(AccessLoggedAdmin):
    list_display = ["last_name", "first_name", "school_class", "birth_date", "school"]
    list_display_links = ["last_name", "first_name"]
    list_filter = ["school", "school_class__grade"]
    search_fields = ["first_name", "last_name", "school_class__name"]
    list_select_related = ["school", "school_class"]
    autocomplete_fields = ["school_class"]
    inlines = [GuardianInline]
