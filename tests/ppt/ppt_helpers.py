"""Building blocks for PPT tests: a discussed case with evaluated measures, roles, consent to PPT."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from laget.cases.models import Consent, ConsentScope, Evaluation, Measure
from laget.meetings.models import AgendaItem, Meeting
from laget.organisations.access import Access
from laget.organisations.models import Membership, Role, Staff


def discuss(world, case, status=Meeting.Status.HELD):
    meeting = Meeting.objects.create(
        team=world.team, starts_at=timezone.now() - datetime.timedelta(days=7), status=status, created_by=world.lead
    )
    AgendaItem.objects.create(meeting=meeting, part=2, kind=AgendaItem.Kind.CASE, case=case)
    return meeting


def evaluated_measure(world, case):
    measure = Measure.objects.create(
        case=case, description="Lesekurs", owner=world.teacher, evaluation_date=datetime.date(2026, 10, 1)
    )
    Evaluation.objects.create(
        measure=measure,
        effect="none",
        assessment="Liten effekt",
        date=datetime.date(2026, 10, 1),
        evaluated_by=world.lead,
    )
    return measure


def ppt_consent(world, case):
    for guardian in case.student.guardians.all():
        Consent.objects.create(
            case=case,
            guardian=guardian,
            status=Consent.Status.GIVEN,
            scopes=[ConsentScope.TEAM, ConsentScope.PPT],
            date=datetime.date(2026, 9, 2),
            recorded_by=world.lead,
        )


def add_member(world, username, role_code):
    user = get_user_model().objects.create_user(
        username=username, password="test-password-123", first_name=username.capitalize(), last_name="Testesen"
    )
    Staff.objects.create(user=user, school=world.school)
    Membership.objects.create(team=world.team, user=user, role=Role.objects.get(code=role_code))
    return user


def access(user):
    return Access(user)


def ready_case(world, case_factory):
    """A case that passes the gate: discussed, measures evaluated, consent to share with PPT."""
    case = case_factory(consent=True)
    discuss(world, case)
    evaluated_measure(world, case)
    ppt_consent(world, case)
    return case
