"""Django admin and student data: closed to case data, and what it shows of students is logged
(Normen: every access to a student's data is logged, superusers included)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from laget.audit.admin import AccessLoggedAdmin
from laget.audit.labels import action_label
from laget.audit.models import AccessLogEntry
from laget.privacy.classification import CONFIDENTIAL, HEALTH, classify

# Secrets an admin page handles without showing them (Django's password field shows only the hash's kind).
NOT_STUDENT_DATA = {"auth.User.password"}


@pytest.fixture
def superuser_client(client, world):
    root = get_user_model().objects.create_superuser("root", "root@skole.test", "test-password-123")
    client.force_login(root)
    client.root = root
    return client


def personal_fields(model) -> list[str]:
    label = model._meta.label
    return [
        f"{label}.{f.name}"
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and classify(label, f.name) in (CONFIDENTIAL, HEALTH)
        and f"{label}.{f.name}" not in NOT_STUDENT_DATA
    ]


def test_no_admin_page_shows_personal_data_without_logging_it():
    unlogged = []
    for model, model_admin in admin.site._registry.items():
        logged = isinstance(model_admin, AccessLoggedAdmin)
        models = [model, *[inline.model for inline in model_admin.inlines]]
        for shown in models:
            if not logged:
                unlogged += personal_fields(shown)
    assert unlogged == []
    # Both sides: the student register is still in the admin, logged.
    from laget.students.models import Student

    assert isinstance(admin.site._registry[Student], AccessLoggedAdmin)


@pytest.mark.parametrize("name", ["cases_case", "cases_referral", "cases_healthnote", "meetings_minutesversion"])
def test_case_data_is_not_in_the_admin(superuser_client, name):
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:{name}_changelist")


def test_a_superuser_reading_students_in_the_admin_is_in_the_access_log(superuser_client, world):
    rows = AccessLogEntry.objects.filter(user_id=superuser_client.root.pk, action="student.admin_view")
    listing = superuser_client.get(reverse("admin:students_student_changelist"))
    assert listing.status_code == 200
    assert "Nordmann" in listing.content.decode()
    assert set(rows.values_list("student_id", flat=True)) == {
        world.student.pk,
        world.student2.pk,
        world.other_student.pk,
    }

    page = superuser_client.get(reverse("admin:students_student_change", args=[world.student.pk]))
    assert "Mona Nordmann" in page.content.decode()
    assert rows.filter(student_id=world.student.pk).count() == 2
    assert rows.filter(student_id=world.student2.pk).count() == 1
    assert action_label("student.admin_view") == "Så elevens opplysninger i administrasjonssidene"
    # The other school's student is on the list too (a superuser sees all), logged in that school's chain.
    assert rows.filter(student_id=world.other_student.pk, school_id=world.other_student.school_id).exists()
