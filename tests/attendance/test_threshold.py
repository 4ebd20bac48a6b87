"""The threshold: the Breivang routine's 3 undocumented absences open a follow-up by themselves."""

import datetime

import pytest
from django.core import mail

from laget.attendance.models import Absence, FollowUp
from laget.attendance.services import followup_close
from laget.organisations.access import Access

D = datetime.date


def test_two_undocumented_absences_open_nothing(absent):
    absent(D(2026, 9, 1))
    _, _, followup = absent(D(2026, 9, 2))
    assert followup is None
    assert not FollowUp.objects.exists()


def test_third_undocumented_absence_opens_a_follow_up_and_tells_the_followers(world, absent, follower):
    absent(D(2026, 9, 1))
    absent(D(2026, 9, 2))
    mail.outbox.clear()
    absence, outcome, followup = absent(D(2026, 9, 3))
    assert outcome == "created"
    assert followup is not None
    assert followup.status == FollowUp.Status.OPEN
    assert followup.opened_on == D(2026, 9, 3)
    assert followup.trigger_absence == absence
    assert followup.follower == follower


@pytest.mark.django_db(transaction=True)
def test_followers_get_an_email_without_the_student_name_in_the_subject(world, absent, follower):
    for day in (1, 2, 3):
        absent(D(2026, 9, day))
    followup = FollowUp.objects.get()
    sent = [m for m in mail.outbox if follower.email in m.to]
    assert len(sent) == 1
    assert "Nordmann" not in sent[0].subject
    assert "Ola" not in sent[0].subject
    assert "Nordmann" not in sent[0].body
    assert f"/fravaer/oppfolging/{followup.pk}/" in sent[0].body
    followup.refresh_from_db()
    assert followup.notified_at is not None


def test_documented_absence_does_not_count(absent):
    absent(D(2026, 9, 1))
    absent(D(2026, 9, 2))
    _, _, followup = absent(D(2026, 9, 3), kind=Absence.Kind.DOCUMENTED)
    assert followup is None
    assert not FollowUp.objects.exists()


def test_a_follow_up_opens_only_once_while_open(absent):
    for day in (1, 2, 3, 4, 7, 8):
        absent(D(2026, 9, day))
    assert FollowUp.objects.count() == 1


def test_after_closing_only_new_absences_count(world, absent, follower):
    for day in (1, 2, 3):
        absent(D(2026, 9, day))
    followup = FollowUp.objects.get()
    followup_close(access=Access(follower), followup=followup, note="Avklart med foresatte", closed_on=D(2026, 9, 10))
    absent(D(2026, 9, 11))
    absent(D(2026, 9, 14))
    assert FollowUp.objects.filter(status=FollowUp.Status.OPEN).count() == 0
    _, _, again = absent(D(2026, 9, 15))
    assert again is not None
    assert again.opened_on == D(2026, 9, 15)


def test_registering_the_same_day_again_updates_the_row(absent):
    absent(D(2026, 9, 1))
    _, outcome, _ = absent(D(2026, 9, 1))
    assert outcome == "unchanged"
    _, outcome, _ = absent(D(2026, 9, 1), kind=Absence.Kind.DOCUMENTED)
    assert outcome == "updated"
    assert Absence.objects.count() == 1


def test_a_teacher_registers_only_for_their_class(world, ladder):
    from django.core.exceptions import PermissionDenied

    from laget.attendance.services import absence_register

    absence_register(access=Access(world.teacher), student=world.student, date=D(2026, 9, 1), kind="undocumented")
    with pytest.raises(PermissionDenied):
        absence_register(access=Access(world.teacher), student=world.student2, date=D(2026, 9, 1), kind="undocumented")
