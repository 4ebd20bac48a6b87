"""A referral reaches the team: the lead is told, puts the case on a meeting in one step from the
case page, and the referring / contact teacher is invited to that item, sees it (only it) and is on
the attendance list (Hustadvika's and Bærum's "I tillegg stiller relevant kontaktlærer")."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from laget.meetings import services
from laget.meetings.invitations import meeting_send_invitation
from laget.meetings.models import AgendaItem, Attendance
from laget.organisations.access import Access


def soon(days=7):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


def referral_post(student, **extra):
    data = {
        "version": "",
        "student": student.pk,
        "referral_date": timezone.localdate().isoformat(),
        "first_concern_date": "2026-10-01",
        "challenges": ["lesevansker"],
        "tiltak-TOTAL_FORMS": "0",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "50",
        "submit": "1",
    }
    data.update(extra)
    return data


def test_lead_is_emailed_of_a_new_referral_without_the_students_name(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:referral_create"), referral_post(world.student))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
    message = mail.outbox[0]
    assert "Ny melding til ressursteamet" in message.subject
    assert "Lise Lærer" in message.body
    assert "Anonym sak 1 (5. trinn)" in message.body
    assert "Nordmann" not in message.subject + message.body  # the e-mail never names the student
    case_url = reverse("cases:case_detail", args=[world.student.cases.get().pk])
    assert case_url in message.body


def test_referral_notice_is_sent_once_even_if_the_task_runs_again(client, world, django_capture_on_commit_callbacks):
    from laget.cases.models import ReferralNotice
    from laget.cases.notices import referral_notices_deliver

    client.force_login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:referral_create"), referral_post(world.student))
    referral = world.student.referrals.get()
    assert referral_notices_deliver(referral_id=referral.pk) == 0
    assert len(mail.outbox) == 1
    assert ReferralNotice.objects.get().sent_at is not None


def _upcoming(world, days=7):
    return services.meeting_create(access=Access(world.lead), team=world.team, starts_at=soon(days))


def test_case_page_puts_the_case_on_the_next_meeting_with_its_preparer(client, world, case_factory):
    case = case_factory(author=world.teacher)
    later = _upcoming(world, days=14)
    nxt = _upcoming(world, days=7)
    client.force_login(world.lead)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("meetings:case_put", args=[case.pk]) in html
    assert f'<option value="{nxt.pk}" selected>' in html
    response = client.post(reverse("meetings:case_put", args=[case.pk]), {"preparer": world.member.pk})
    item = AgendaItem.objects.get(case=case)
    assert item.meeting == nxt
    assert item.part == AgendaItem.Part.INDIVIDUAL
    assert item.preparer == world.member
    assert response["Location"] == reverse("meetings:meeting_detail", args=[nxt.pk]) + f"#punkt-{item.pk}"
    # A chosen meeting, in the same one step.
    other = case_factory(author=world.teacher)
    client.post(reverse("meetings:case_put", args=[other.pk]), {"meeting": later.pk})
    assert AgendaItem.objects.get(case=other).meeting == later


def test_putting_a_case_on_a_meeting_when_none_is_planned_says_so(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Det er ikke planlagt noe møte saken kan settes på." in html
    response = client.post(reverse("meetings:case_put", args=[case.pk]), {}, follow=True)
    assert "Det er ikke planlagt noe ressursteammøte ennå" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_only_the_lead_puts_a_case_on_a_meeting(client, world, case_factory):
    case = case_factory()
    _upcoming(world)
    client.force_login(world.member)
    assert "Sett på møtet" not in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert client.post(reverse("meetings:case_put", args=[case.pk]), {}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_referring_and_contact_teacher_are_invited_and_on_the_attendance_list(client, world, case_factory):
    meeting = _upcoming(world)
    case = case_factory(author=world.other_teacher, student=world.student)  # referred by another teacher
    client.force_login(world.lead)
    client.post(reverse("meetings:case_put", args=[case.pk]), {})
    item = AgendaItem.objects.get(case=case)
    assert set(item.participants.all()) == {world.other_teacher, world.teacher}  # author + contact teacher
    assert set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) >= {
        world.teacher.pk,
        world.other_teacher.pk,
    }
    html = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert f"Invitert til sak {case.number}" in html
    assert "PP-rådgiver" in html  # members with their role


def test_invited_teacher_sees_their_item_and_nothing_else_of_the_meeting(client, world, case_factory):
    meeting = _upcoming(world)
    mine = case_factory(author=world.teacher, consent=True)
    theirs = case_factory(author=world.other_teacher, student=world.student2)
    lead = Access(world.lead)
    services.agenda_item_add(access=lead, meeting=meeting, part=2, case=mine, title="Lesing")
    services.agenda_item_add(access=lead, meeting=meeting, part=2, case=theirs, title="Samspill i friminutt")
    services.agenda_item_add(access=lead, meeting=meeting, part=1, title="Uro i 7. trinn")
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    client.force_login(world.teacher)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ola Nordmann (5A): Lesing" in html  # shown: their own item (named: consent given)
    assert "Samspill i friminutt" not in html  # hidden: another teacher's case …
    assert "Uro i 7. trinn" not in html  # … and the team's system work
    assert f"Anonym sak {theirs.number}" not in html
    # The other teacher sees only theirs; a teacher invited to nothing does not find the meeting.
    client.force_login(world.other_teacher)
    html = client.get(url).content.decode()
    assert "Samspill i friminutt" in html
    assert "Lesing" not in html
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    # Not the minutes or the attendance page: those are the team's.
    client.force_login(world.teacher)
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404


def test_invited_teacher_gets_an_invitation_with_only_their_item(
    world, case_factory, django_capture_on_commit_callbacks
):
    meeting = _upcoming(world)
    lead = Access(world.lead)
    mine = case_factory(author=world.teacher)
    theirs = case_factory(author=world.other_teacher, student=world.student2)
    services.agenda_item_add(access=lead, meeting=meeting, part=2, case=mine, title="Lesing")
    services.agenda_item_add(access=lead, meeting=meeting, part=2, case=theirs, title="Samspill i friminutt")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_send_invitation(access=lead, meeting=meeting)
    to_teacher = [m for m in mail.outbox if m.to == [world.teacher.email]]
    assert len(to_teacher) == 1
    assert "Lesing" in to_teacher[0].body
    assert "Samspill i friminutt" not in to_teacher[0].body
    to_lead = next(m for m in mail.outbox if m.to == [world.lead.email])
    assert "Samspill i friminutt" in to_lead.body
    assert "Lesing" in to_lead.body


def test_add_item_picker_lets_the_lead_recognise_the_case(client, world, case_factory):
    meeting = _upcoming(world)
    case = case_factory(consent=False)
    client.force_login(world.lead)
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert f"Sak {case.number}: Ola Nordmann (5A) – vises som «Anonym sak {case.number} (5. trinn)»" in html


def test_invited_teacher_sees_the_meeting_on_min_side(client, world, case_factory):
    meeting = _upcoming(world)
    services.agenda_item_add(access=Access(world.lead), meeting=meeting, part=2, case=case_factory())
    client.force_login(world.teacher)
    html = client.get(reverse("home:my_page")).content.decode()
    assert "Møter du er invitert til" in html
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in html
