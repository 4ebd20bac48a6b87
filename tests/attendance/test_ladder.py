"""The ladder (tiltakstrappa): walked in order, each step's deadline from the routine (rule 7)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from laget.attendance.deadlines import attendance_deadlines
from laget.attendance.models import FollowUp
from laget.attendance.services import step_evaluate, step_record
from laget.cases.models import Case
from laget.deadlines.registry import open_deadlines
from laget.meetings.models import AgendaItem, Meeting
from laget.organisations.access import Access

D = datetime.date


@pytest.fixture
def followup(absent):
    with time_machine.travel(datetime.datetime(2026, 9, 3, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        for day in (1, 2, 3):
            absent(D(2026, 9, day))
    return FollowUp.objects.get()


def record(user, followup, number, day, what="Snakket med eleven"):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(15)), tick=False):
        return step_record(access=Access(user), followup=followup, number=number, done_on=day, what_done=what)


def next_deadline(followup):
    items = [i for i in attendance_deadlines(school_ids=[followup.school_id]) if i.key.count(":") == 2]
    assert len(items) <= 1
    return items[0] if items else None


def test_steps_cannot_be_skipped(follower, followup):
    with pytest.raises(ValidationError) as error:
        record(follower, followup, 6, D(2026, 9, 4))
    assert "Trinn 6 kan ikke registreres før trinn 5 er gjennomført" in str(error.value)
    record(follower, followup, 5, D(2026, 9, 3))
    with pytest.raises(ValidationError, match="før trinn 6"):
        record(follower, followup, 7, D(2026, 9, 4))


def test_a_step_is_recorded_once(follower, followup):
    record(follower, followup, 5, D(2026, 9, 3))
    with pytest.raises(ValidationError, match="allerede registrert"):
        record(follower, followup, 5, D(2026, 9, 4))


def test_preventive_steps_are_not_walked_in_a_follow_up(follower, followup):
    with pytest.raises(ValidationError, match="finnes ikke blant oppfølgingstrinnene"):
        record(follower, followup, 2, D(2026, 9, 3))


def test_a_non_strict_ladder_allows_skipping(follower, followup):
    followup.ladder.strict = False
    followup.ladder.save()
    record(follower, followup, 6, D(2026, 9, 4), what="Møte med foresatte")
    assert followup.records.count() == 1


def test_each_step_deadline_comes_from_the_ladder(world, follower, followup):
    # Step 5: the same day as the absence, owned by the attendance follower.
    item = next_deadline(followup)
    assert item.key == f"ladder:{followup.pk}:5"
    assert item.due == D(2026, 9, 3)
    assert item.owner_id == follower.pk
    assert "Nordmann" not in item.title
    record(follower, followup, 5, D(2026, 9, 3))
    # Step 6: a meeting within a week of the absence, owned by the contact teacher.
    item = next_deadline(followup)
    assert (item.key, item.due, item.owner_id) == (f"ladder:{followup.pk}:6", D(2026, 9, 10), world.teacher.pk)
    record(world.teacher, followup, 6, D(2026, 9, 8), what="Møte med elev og foresatte")
    # Step 6 is evaluated after three weeks; step 7 within a week.
    keys = {i.key: i.due for i in attendance_deadlines(school_ids=[followup.school_id])}
    assert keys[f"ladder:{followup.pk}:6:evaluering"] == D(2026, 9, 29)
    assert keys[f"ladder:{followup.pk}:7"] == D(2026, 9, 15)
    record(follower, followup, 7, D(2026, 9, 15), what="Meldt til ressursteamet")
    # Step 8: cooperation meetings within four weeks.
    assert next_deadline(followup).due == D(2026, 10, 13)


def test_an_overdue_step_shows_as_overdue_and_is_in_the_engine(world, follower, followup):
    from laget.attendance.selectors import ladder_state, ladder_steps

    state = ladder_state(followup, ladder_steps(followup.ladder_id), today=D(2026, 9, 5))
    assert state["overdue"]
    assert state["next"]["step"].number == 5
    assert any(i.key == f"ladder:{followup.pk}:5" for i in open_deadlines(owner_id=follower.pk))


def test_evaluation_clears_the_evaluation_deadline(world, follower, followup):
    record(follower, followup, 5, D(2026, 9, 3))
    record(world.teacher, followup, 6, D(2026, 9, 8))
    with time_machine.travel(datetime.datetime(2026, 9, 29, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        step_evaluate(
            access=Access(world.teacher),
            followup=followup,
            number=6,
            evaluation="Fortsatt fravær",
            evaluated_on=D(2026, 9, 29),
        )
    keys = {i.key for i in attendance_deadlines(school_ids=[followup.school_id])}
    assert f"ladder:{followup.pk}:6:evaluering" not in keys


def test_a_closed_follow_up_has_no_deadlines(follower, followup):
    followup.status = FollowUp.Status.CLOSED
    followup.save()
    assert attendance_deadlines(school_ids=[followup.school_id]) == []


def test_step_7_opens_a_case_and_puts_it_on_the_next_meeting_agenda(world, follower, followup):
    later = Meeting.objects.create(
        team=world.team, starts_at=timezone.make_aware(datetime.datetime(2026, 9, 29, 12)), created_by=world.lead
    )
    first = Meeting.objects.create(
        team=world.team, starts_at=timezone.make_aware(datetime.datetime(2026, 9, 22, 12)), created_by=world.lead
    )
    Meeting.objects.create(
        team=world.team,
        starts_at=timezone.make_aware(datetime.datetime(2026, 9, 8, 12)),
        created_by=world.lead,
        status=Meeting.Status.HELD,
    )
    record(follower, followup, 5, D(2026, 9, 3))
    record(world.teacher, followup, 6, D(2026, 9, 8))
    record(follower, followup, 7, D(2026, 9, 15), what="Meldt til ressursteamet")
    followup.refresh_from_db()
    case = followup.case
    assert case is not None
    assert case.student == world.student
    assert case.kind == "individ"
    assert case.first_concern_date == D(2026, 9, 3)
    item = AgendaItem.objects.get(case=case)
    assert item.meeting == first
    assert item.part == AgendaItem.Part.INDIVIDUAL
    assert not later.items.exists()


def test_step_7_reuses_the_open_case(world, follower, followup, case_factory):
    existing = case_factory()
    record(follower, followup, 5, D(2026, 9, 3))
    record(world.teacher, followup, 6, D(2026, 9, 8))
    record(follower, followup, 7, D(2026, 9, 15))
    followup.refresh_from_db()
    assert followup.case == existing
    assert Case.objects.count() == 1
