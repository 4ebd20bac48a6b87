import datetime

from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from laget.cases.models import Consent
from laget.meetings import services
from laget.meetings.calendar import meeting_uid
from laget.meetings.invitations import invitation_deliver, meeting_send_invitation
from laget.meetings.models import Attendance, InvitationDelivery, Meeting


def send(lead_access, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return meeting_send_invitation(access=lead_access, meeting=meeting)


def ics_of(message) -> Calendar:
    (_name, content, mimetype) = next(a for a in message.attachments if a[0].endswith(".ics"))
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_invitation_emails_each_member_once_with_calendar_invite(
    world, meeting, lead_access, django_capture_on_commit_callbacks
):
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.lead.email, world.member.email, world.nurse.email])
    message = mail.outbox[0]
    assert message.subject.startswith("Innkalling: Ressursteammøte 6. oktober 2026 kl. 12:00")
    assert message.alternatives[0][1] == "text/html"
    cal = ics_of(message)
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=120)
    assert str(event["LOCATION"]) == "Møterom 1"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    assert meeting.invitation_sent_at is not None
    assert InvitationDelivery.objects.filter(meeting=meeting, round=1, sent_at__isnull=False).count() == 3


def test_invited_agency_on_attendance_list_gets_the_invitation(
    world, meeting, lead_access, django_capture_on_commit_callbacks
):
    Attendance.objects.create(meeting=meeting, user=world.teacher)
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert world.teacher.email in [m.to[0] for m in mail.outbox]


def test_case_without_consent_is_anonymous_in_invitation(
    world, meeting, lead_access, case_factory, django_capture_on_commit_callbacks
):
    case = case_factory(consent=False)
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    label = f"Anonym sak {case.number} (5. trinn)"
    assert label in message.body
    assert label in message.alternatives[0][0]
    for text in (message.body, message.alternatives[0][0], ics_of(message).to_ical().decode()):
        assert "Nordmann" not in text


def test_case_with_consent_is_named_in_invitation(
    world, meeting, lead_access, case_factory, django_capture_on_commit_callbacks
):
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case_factory(consent=True))
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert "Ola Nordmann (5A)" in mail.outbox[0].body


def test_withdrawn_consent_makes_invitation_anonymous_again(
    world, meeting, lead_access, case_factory, django_capture_on_commit_callbacks
):
    case = case_factory(consent=True)
    Consent.objects.create(
        case=case,
        guardian=world.guardian,
        status=Consent.Status.WITHDRAWN,
        scopes=["team"],
        date=datetime.date(2026, 9, 20),
        recorded_by=world.lead,
    )
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert "Nordmann" not in mail.outbox[0].body


def test_retried_task_does_not_send_twice_in_the_same_round(
    world, meeting, lead_access, django_capture_on_commit_callbacks
):
    round_ = send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert invitation_deliver(meeting_id=meeting.pk, round=round_) == 0
    assert len(mail.outbox) == 3


def test_sending_again_starts_a_new_round_with_same_calendar_uid(
    world, meeting, lead_access, django_capture_on_commit_callbacks
):
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    meeting.refresh_from_db()
    send(lead_access, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 6
    first, last = ics_of(mail.outbox[0]).walk("VEVENT")[0], ics_of(mail.outbox[-1]).walk("VEVENT")[0]
    assert str(first["UID"]) == str(last["UID"])
    assert int(last["SEQUENCE"]) > int(first["SEQUENCE"])


def test_lead_sends_invitation_from_agenda_page(world, meeting, login, django_capture_on_commit_callbacks):
    client = login(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:invitation_send", args=[meeting.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_member_cannot_send_invitation(world, meeting, login):
    assert login(world.member).post(reverse("meetings:invitation_send", args=[meeting.pk])).status_code == 403
    assert login(world.outsider).post(reverse("meetings:invitation_send", args=[meeting.pk])).status_code == 404


def test_calendar_download_is_a_valid_invite(world, meeting, login):
    response = login(world.member).get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting_uid(meeting)
