"""Django admin and the access log (Normen: every access to a student's data is logged).

The admin is closed to case data (referrals, consents, health notes, plans, meetings, minutes, the
log itself): the product has a page for each, scoped by need-to-know and logged. What the admin
still shows of students (the register, until it is imported) goes through `AccessLoggedAdmin`,
which logs every student a list or a form shows and every change, in the request's transaction.
`tests/audit/test_admin_closed_to_student_data.py` fails on a registered model with a confidential
or health field that is not logged this way.
"""

from django.contrib import admin

from .services import access_log_write_many

ADMIN_ROLE = "Administrator"


def _log(request, action: str, students) -> None:
    by_school: dict = {}
    for student in students:
        by_school.setdefault(student.school_id, []).append((student.pk, student))
    for school_id, rows in sorted(by_school.items()):
        access_log_write_many(user=request.user, role=ADMIN_ROLE, action=action, school_id=school_id, rows=rows)


class AccessLoggedAdmin(admin.ModelAdmin):
    """A ModelAdmin of students whose every read and write is in the access log.

    `students_of(obj)` gives the students an object is about (the object itself for Student)."""

    def students_of(self, obj) -> list:
        return [obj]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            _log(request, "student.admin_view", [s for obj in changelist.result_list for s in self.students_of(obj)])
        return response

    def get_object(self, request, object_id, from_field=None):
        # change, history and delete pages all fetch the object here.
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            _log(request, "student.admin_view", self.students_of(obj))
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _log(request, "student.admin_change", self.students_of(form.instance))

    def delete_model(self, request, obj):
        _log(request, "student.admin_change", self.students_of(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _log(request, "student.admin_change", [s for obj in queryset for s in self.students_of(obj)])
        super().delete_queryset(request, queryset)
