"""Fixtures for the security tests: every kind of object a URL can point at, in both schools."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from laget.cases.models import ActionPlan, Attachment, Case, Consent, ConsentScope, HealthNote, Kind, Measure, Referral
from laget.meetings import minutes as minutes_services
from laget.meetings import services as meeting_services
from laget.meetings.models import Attendance, Task
from laget.organisations.access import Access
from laget.organisations.models import Agency, Membership, Role, Staff
from laget.students.models import Guardian, RegisterImport


def _user(username, school, title):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="x-test-password-1", first_name=title)
    Staff.objects.create(user=user, school=school, title=title)
    return user


def _guest(username):
    """An invited agency's person: a user without a staff row or team membership (laget.meetings.guests)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, email=username, first_name="Gjest")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def build_school(*, school, team, student, lead, member, nurse, teacher, other_teacher, guest):
    """Every kind of object a URL can point at, at one school."""
    people = {
        "lead": lead,
        "member": member,
        "nurse": nurse,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "guest": guest,
    }
    case = Case.objects.create(
        school=school,
        number=1,
        kind=Kind.INDIVIDUAL,
        student=student,
        first_concern_date=datetime.date(2026, 9, 1),
        created_by=teacher,
    )
    referral = Referral.objects.create(
        school=school,
        kind=Kind.INDIVIDUAL,
        student=student,
        author=teacher,
        status=Referral.Status.SUBMITTED,
        case=case,
        challenges=["lesevansker"],
        referral_date=datetime.date(2026, 9, 1),
        submitted_at=timezone.now(),
    )
    draft = Referral.objects.create(school=school, kind=Kind.INDIVIDUAL, student=student, author=teacher)
    attachment = Attachment(school=school, referral=referral, name="kartlegging.txt", uploaded_by=teacher)
    attachment.file.save("kartlegging.txt", ContentFile(b"resultater"), save=True)
    consent = None
    for guardian in student.guardians.all():
        consent = Consent(
            case=case,
            guardian=guardian,
            status=Consent.Status.GIVEN,
            scopes=[ConsentScope.TEAM],
            date=datetime.date(2026, 9, 2),
            method=Consent.Method.SIGNED_FORM,
            recorded_by=lead,
        )
        consent.scanned_form.save("samtykke.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    HealthNote.objects.create(case=case, author=nurse, text="Skjermet notat")
    plan = ActionPlan.objects.create(
        case=case,
        date_discussed=datetime.date(2026, 10, 6),
        main_challenge="Lesing",
        main_goal="Leser alderstilpasset tekst",
        created_by=lead,
    )
    measure = Measure.objects.create(
        case=case, action_plan=plan, description="Lesekurs", owner=teacher, evaluation_date=datetime.date(2026, 12, 1)
    )
    lead_access = Access(lead)
    starts = timezone.make_aware(datetime.datetime(2026, 10, 6, 12, 0))
    meeting = meeting_services.meeting_create(access=lead_access, team=team, starts_at=starts)
    item = meeting_services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    task = Task.objects.create(
        school=school,
        team=team,
        meeting=meeting,
        agenda_item=item,
        case=case,
        title="Ringe foresatte",
        owner=member,
        deadline=datetime.date(2026, 11, 1),
        created_by=lead,
    )
    minutes_services.meeting_start(access=lead_access, meeting=meeting)  # held last month: minutes open
    approved = meeting_services.meeting_create(access=lead_access, team=team, starts_at=starts + datetime.timedelta(7))
    minutes_services.meeting_start(access=lead_access, meeting=approved)
    approved.attendance.update(status=Attendance.Status.PRESENT)
    Attendance.objects.update_or_create(meeting=approved, user=member, defaults={"is_referent": True})
    minutes_services.minutes_approve(access=lead_access, meeting=approved)
    objects = {
        "student": student,
        "case": case,
        "referral": referral,
        "draft": draft,
        "attachment": attachment,
        "consent": consent,
        "plan": plan,
        "measure": measure,
        "meeting": meeting,
        "item": item,
        "task": task,
        "approved_meeting": approved,
        "followup": _attendance_followup(school, student),
    }
    objects.update(_wheel(school, lead))
    objects.update(_ppt(school, student, lead=lead, teacher=teacher))
    objects.update(_guest_invitation(team, case, lead=lead, guest=guest))
    objects["emergency"] = _expired_emergency_access(school, student, user=other_teacher)
    objects["team"] = team
    objects["membership"] = Membership.objects.get(team=team, user=member)
    objects["agency"] = Agency.objects.create(
        owner_id=school.owner_id, school=school, name=f"BUP {school.name}", kind="bup"
    )
    objects["school_class"] = student.school_class
    objects["register_import"] = RegisterImport.objects.create(
        school=school, uploaded_by=lead, filename="elever.csv", payload={"students": [], "classes": {}, "staff": []}
    )
    _school_ladder(school)
    return people, objects


def _school_ladder(school):
    """The school moves its cases on Oslo's ladder (laget.ladders), so the case page has the "Flytt" form."""
    from laget.ladders.models import Ladder, SchoolLadder
    from laget.ladders.presets import ensure_ladder_presets

    ensure_ladder_presets()
    SchoolLadder.objects.create(school=school, ladder=Ladder.objects.get(code="oslo_six"))


def _ppt(school, student, *, lead, teacher):
    """A second case of the student with a running PPT process (laget.ppt): the referral drafted,
    with the pedagogical report and a step attachment as files. The first case has no process, so
    its PPT page shows the referral form."""
    from laget.ppt.models import PptProcess, PptStep, Step
    from laget.ppt.routines import routine_for_school

    ppt_case = Case.objects.create(
        school=school,
        number=2,
        kind=Kind.INDIVIDUAL,
        student=student,
        first_concern_date=datetime.date(2026, 9, 1),
        created_by=teacher,
    )
    routine = routine_for_school(school)
    process = PptProcess(
        school=school,
        case=ppt_case,
        referral_reason="Vurdering av lesevansker",
        pedagogical_report="Rapport",
        roles=dict(routine.roles),
        iep_days=routine.iep_days,
        step_days=routine.step_days,
        keep_half_year_report=routine.keep_half_year_report,
        created_by=lead,
    )
    process.pedagogical_report_file.save("rapport.txt", ContentFile(b"pedagogisk rapport"), save=False)
    process.save()
    step = PptStep(process=process, step=Step.REFERRAL_DRAFTED, date=datetime.date(2026, 9, 10), done_by=lead)
    step.file.save("henvisning.txt", ContentFile(b"henvisning"), save=False)
    step.save()
    return {"ppt_case": ppt_case, "ppt_process": process, "ppt_step": step}


def _guest_invitation(team, case, *, lead, guest):
    """A meeting next week with the case on its agenda, and the guest invited to that item."""
    from laget.meetings.models_guest import GuestInvitation

    lead_access = Access(lead)
    starts = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    upcoming = meeting_services.meeting_create(access=lead_access, team=team, starts_at=starts)
    item = meeting_services.agenda_item_add(access=lead_access, meeting=upcoming, part=2, case=case)
    invitation = GuestInvitation.objects.create(
        meeting=upcoming, guest=guest, agency_name="BUP", invited_by=lead, invited_at=timezone.now()
    )
    invitation.items.set([item])
    return {"upcoming_meeting": upcoming, "invitation": invitation}


def _expired_emergency_access(school, student, *, user):
    """A used emergency access (nødtilgang) waiting for the lead's review; expired, so it gives
    the other class's teacher no access to the student in the other rows."""
    from laget.audit.models import EmergencyAccess

    granted = timezone.make_aware(datetime.datetime(2026, 9, 10, 10, 0))
    return EmergencyAccess.objects.create(
        user=user,
        school_id=school.pk,
        student_id=student.pk,
        reason="Eleven var savnet etter friminuttet, trengte foresattes telefon.",
        granted_at=granted,
        expires_at=granted + datetime.timedelta(hours=2),
    )


def _attendance_followup(school, student):
    """An open attendance follow-up (laget.attendance) for the student."""
    from laget.attendance.models import FollowUp
    from laget.attendance.presets import preset_load

    ladder = preset_load("breivang")
    return FollowUp.objects.create(school=school, student=student, ladder=ladder, opened_on=datetime.date(2026, 9, 3))


@pytest.fixture
def schools(world):
    """(people, objects) of the world's school and of the other school, built the same way."""
    own = build_school(
        school=world.school,
        team=world.team,
        student=world.student,
        lead=world.lead,
        member=world.member,
        nurse=world.nurse,
        teacher=world.teacher,
        other_teacher=world.other_teacher,
        guest=_guest("gjest@bup.test"),
    )
    other = world.other_school
    roles = {r.code: r for r in Role.objects.all()}
    b_member = _user("b_pprad", other, "PP-rådgiver")
    b_nurse = _user("b_helse", other, "Helsesykepleier")
    b_teacher = _user("b_laerer", other, "Kontaktlærer")
    b_other_teacher = _user("b_laerer6", other, "Kontaktlærer")
    Membership.objects.create(team=world.other_team, user=b_member, role=roles["pprad"])
    Membership.objects.create(team=world.other_team, user=b_nurse, role=roles["helsesykepleier"])
    student = world.other_student
    student.school_class.contact_teachers.add(b_teacher)
    Guardian.objects.create(student=student, name="Anne Annen", relation="Mor")
    theirs = build_school(
        school=other,
        team=world.other_team,
        student=student,
        lead=world.outsider,
        member=b_member,
        nurse=b_nurse,
        teacher=b_teacher,
        other_teacher=b_other_teacher,
        guest=_guest("gjest@barnevern.test"),
    )
    return own, theirs


def _wheel(school, lead):
    """An annual-wheel item and a routine description (laget.wheel) of the school."""
    from laget.wheel.models import RoutineDescription, WheelItem

    return {
        "wheel_item": WheelItem.objects.create(school=school, month=9, title="Nasjonale prøver", creates="agenda"),
        "routine_description": RoutineDescription.objects.create(school=school, topic="Nærvær", updated_by=lead),
    }
