"""Saksområde (Sandnes §4): the team sets a case's area; only the lead says why it is kept."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.models import Case
from laget.cases.services import case_set_area
from laget.organisations.access import Access


def area_url(case):
    return reverse("cases:case_area", args=[case.pk])


def test_member_sets_area_from_the_case_page(client, world, case_factory):
    case = case_factory()
    client.force_login(world.member)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Saksområde" in page
    assert area_url(case) in page
    assert 'name="retain_reason"' not in page  # the member does not see the lead's field
    response = client.post(area_url(case), {"area": Case.Area.SCHOOL_ENVIRONMENT})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.area == "kap12"


def test_member_posting_a_retain_reason_does_not_set_it(client, world, case_factory):
    case = case_factory()
    client.force_login(world.member)
    client.post(area_url(case), {"area": "kap11", "retain_reason": "IOP arkiveres"})
    case.refresh_from_db()
    assert (case.area, case.retain_reason) == ("kap11", "")


def test_area_refused_for_a_teacher(client, world, case_factory):
    case = case_factory()
    client.force_login(world.teacher)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Saksområde" in page
    assert area_url(case) not in page
    assert client.post(area_url(case), {"area": "kap12"}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        case_set_area(access=Access(world.teacher), case=case, area="kap12", retain_reason=None)
    case.refresh_from_db()
    assert case.area == ""


def test_retain_reason_is_set_by_the_lead_only(client, world, case_factory):
    case = case_factory()
    with pytest.raises(PermissionDenied):
        case_set_area(access=Access(world.member), case=case, area="kap11", retain_reason="Enkeltvedtak")
    client.force_login(world.lead)
    assert 'name="retain_reason"' in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    client.post(area_url(case), {"area": "kap11", "retain_reason": "Enkeltvedtak om spesialundervisning"})
    case.refresh_from_db()
    assert (case.area, case.retain_reason) == ("kap11", "Enkeltvedtak om spesialundervisning")


def test_outsider_gets_404(client, world, case_factory):
    case = case_factory()
    client.force_login(world.outsider)
    assert client.post(area_url(case), {"area": "kap12"}).status_code == 404
    case.refresh_from_db()
    assert case.area == ""


def test_bad_area_rerenders_the_case_page_keeping_what_was_typed(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    response = client.post(area_url(case), {"area": "bogus", "retain_reason": "Må beholdes for arkiv"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg et saksområde fra listen." in html
    assert "Må beholdes for arkiv" in html
    case.refresh_from_db()
    assert (case.area, case.retain_reason) == ("", "")


def test_area_shows_in_the_case_list(client, world, case_factory):
    case = case_factory()
    case_set_area(access=Access(world.member), case=case, area="naervaer")
    client.force_login(world.lead)
    html = client.get(reverse("cases:case_list")).content.decode()
    assert "Skolenærvær" in html


def test_setting_area_writes_timeline_without_name_and_access_log(world, case_factory):
    case = case_factory()
    case_set_area(access=Access(world.lead), case=case, area="kap12", retain_reason="Vedtak etter kap. 12")
    summaries = list(case.timeline.values_list("kind", "summary"))
    kinds = {kind for kind, _summary in summaries}
    assert {"case.area", "case.retain_reason"} <= kinds
    for _kind, summary in summaries:
        assert world.student.first_name not in summary
        assert world.student.last_name not in summary
        assert "Vedtak etter kap. 12" not in summary
    entry = AccessLogEntry.objects.get(action="case.area")
    assert (entry.user_id, entry.school_id, entry.student_id) == (world.lead.pk, world.school.pk, world.student.pk)
