import pytest
from meetings_helpers import at

from laget.meetings import services
from laget.organisations.access import Access


@pytest.fixture
def lead_access(world):
    return Access(world.lead)


@pytest.fixture
def member_access(world):
    return Access(world.member)


@pytest.fixture
def meeting(world, lead_access):
    return services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 6))


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
