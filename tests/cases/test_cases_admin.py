"""Admin for the cases app: consent and the timeline are read-only records."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@skole.test", "pw-123456789")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["case", "referral", "attachment", "consent", "timelineentry", "healthnote"])
def test_admin_changelists_render(admin_client, world, case_factory, model):
    case_factory(consent=True)
    assert admin_client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["consent", "timelineentry"])
def test_consent_and_timeline_cannot_be_added_or_changed_in_admin(admin_client, world, case_factory, model):
    case = case_factory(consent=True)
    obj = (
        case.consents.first()
        if model == "consent"
        else case.timeline.create(school=case.school, at=case.created_at, kind="x", summary="x")
    )
    assert admin_client.get(reverse(f"admin:cases_{model}_add")).status_code == 403
    response = admin_client.post(reverse(f"admin:cases_{model}_change", args=[obj.pk]), {})
    assert response.status_code == 403
