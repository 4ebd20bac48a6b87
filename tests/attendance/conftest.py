"""Attendance test helpers: an attendance follower on the team, the Breivang ladder, absences."""

import datetime

import pytest

from laget.attendance.models import Absence
from laget.attendance.presets import preset_load
from laget.attendance.services import absence_register
from laget.organisations.access import Access


@pytest.fixture
def ladder(db):
    return preset_load("breivang")


@pytest.fixture
def follower(world, ladder):
    return make_follower(world)


@pytest.fixture
def absent(world, follower):
    """absent(day, kind="undocumented", student=None) registers an absence as the follower."""

    def register(day: datetime.date, kind=Absence.Kind.UNDOCUMENTED, student=None, hours=None):
        return absence_register(
            access=Access(follower), student=student or world.student, date=day, kind=kind, hours=hours
        )

    return register


def make_follower(world):
    """An attendance follower (nærværsoppfølger) on the world's team."""
    from django.contrib.auth import get_user_model

    from laget.organisations.models import Membership, Role, Staff

    role, _ = Role.objects.get_or_create(code="narvaerfolger", defaults={"name": "Nærværsoppfølger"})
    user = get_user_model().objects.create_user(
        username="narvaer",
        password="test-password-123",
        first_name="Nina",
        last_name="Nærvær",
        email="narvaer@skole.test",
    )
    Staff.objects.create(user=user, school=world.school, title="Nærværsoppfølger")
    Membership.objects.create(team=world.team, user=user, role=role)
    return user
