import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from privacy_helpers import PROTECTED, RESTRICTED_SUMMARY, SECRET_NOTE

from laget.cases.models import ActionPlan, Attachment, Consent, HealthNote, Measure
from laget.cases.timeline import timeline_add
from laget.organisations.models import Membership, Role, Staff


@pytest.fixture
def archive_root(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    return settings.ARCHIVE_ROOT


@pytest.fixture
def protected_guardian(world):
    """Mona Nordmann lives at a protected address (fortrolig adresse)."""
    g = world.guardian
    g.protected_address = True
    g.address, g.phone, g.email = PROTECTED["address"], PROTECTED["phone"], PROTECTED["email"]
    g.save()
    return g


@pytest.fixture
def office(world):
    """A school-office user whose role is granted protected addresses explicitly."""
    role = Role.objects.create(code="skolekontor", name="Skolekontor", sees_protected_address=True)
    user = get_user_model().objects.create_user(
        username="kontor",
        password="test-password-123",
        first_name="Kari",
        last_name="Kontor",
        email="kontor@skole.test",
    )
    Staff.objects.create(user=user, school=world.school, title="Konsulent")
    Membership.objects.create(team=world.team, user=user, role=role)
    return user


@pytest.fixture
def restricted_case(world, case_factory):
    """A named case with a health note, a restricted timeline entry, a plan, an attachment and a scan."""
    case = case_factory(consent=True)
    HealthNote.objects.create(case=case, text=SECRET_NOTE, author=world.nurse)
    timeline_add(case=case, kind="healthnote.added", summary=RESTRICTED_SUMMARY, actor=world.nurse, restricted=True)
    timeline_add(case=case, kind="case.note", summary="Drøftet i ressursteam", actor=world.lead)
    plan = ActionPlan.objects.create(
        case=case,
        date_discussed=datetime.date(2026, 9, 15),
        main_challenge="Ola leser sakte",
        main_goal="Lese flytende",
        created_by=world.lead,
    )
    Measure.objects.create(
        case=case,
        action_plan=plan,
        description="Lesekurs",
        owner=world.member,
        evaluation_date=datetime.date(2026, 11, 1),
    )
    referral = case.referral
    referral.social_description = "Ola trives i friminuttene."
    referral.save()
    attachment = Attachment(school=world.school, referral=referral, name="kartlegging.txt", uploaded_by=world.teacher)
    attachment.file.save("kartlegging.txt", ContentFile(b"kartlegging av Ola"), save=False)
    attachment.save()
    consent = Consent.objects.filter(case=case).first()
    consent.scanned_form.save("skjema.txt", ContentFile(b"signert skjema"), save=True)
    return case
