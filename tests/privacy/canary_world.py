"""The canary world: one school whose cases are written full of the names that must not leak.

Three cases of three students, each with its own unusual names (canaries), so a name found in an
output says which case it came from:

- case A: Canarina Zyxwort (5A), guardians Mona and Tord Quixbyrd — no valid consent (Mona refused),
  so the case is anonymous ("Anonym sak 1 (5. trinn)") to everyone but those who know the student
  anyway: the referral's author (who is also her contact teacher) and the team lead. Every free-text
  field, title and file name of the case names her or her mother. Mona lives at a protected address
  (fortrolig adresse).
- case B: Fenella Brambleworth (7A) — consent for team discussion and sharing with child welfare; her
  father Oskar has a protected address too.
- case C: Ximena Plovdrup (7A) — consent for team discussion and sharing with PPT.

The viewers (`ROLES`): the team lead, a fixed member (PP-rådgiver), the school nurse (sees
restricted notes), the contact teacher of 5A (wrote A's referral), a teacher of another class, a
child-welfare worker who is an invited member of the team, a PPT guest invited to the meeting, a
school-office member whose role is granted protected addresses, and the lead of another school.

`KNOWS` is the contract: which viewer may see which case's names. Everything else in the test is
the walk that checks it.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from laget.cases.models import (
    ActionPlan,
    Attachment,
    Case,
    Consent,
    ConsentScope,
    Evaluation,
    HealthNote,
    Kind,
    Measure,
    Referral,
    TriedMeasure,
)
from laget.cases.timeline import timeline_add
from laget.meetings import minutes as minutes_services
from laget.meetings import services as meeting_services
from laget.meetings.models import Attendance, Task
from laget.meetings.models_guest import GuestInvitation
from laget.organisations.access import Access
from laget.organisations.models import Membership, Owner, Role, School, Staff, Team
from laget.organisations.roles import ensure_default_roles
from laget.students.models import Guardian, SchoolClass, Student

User = get_user_model()

# --- the canaries ------------------------------------------------------------------------------

STUDENT_A = ("Canarina", "Zyxwort")
GUARDIANS_A = ("Mona Quixbyrd", "Tord Quixbyrd")
STUDENT_B = ("Fenella", "Brambleworth")
GUARDIANS_B = ("Oskar Brambleworth",)
STUDENT_C = ("Ximena", "Plovdrup")
GUARDIANS_C = ("Ulla Plovdrup",)

# What is searched for: any of these words (case-insensitive) in an output names the case.
TOKENS = {
    "A": ("Canarina", "Zyxwort", "Quixbyrd"),
    "B": ("Fenella", "Brambleworth"),
    "C": ("Ximena", "Plovdrup"),
    # A health note and a restricted timeline entry of case A: only roles that see restricted sections.
    "restricted": ("Sjeldenfugl", "Skjermfjaer"),
    # Mona Quixbyrd's protected address, phone and e-mail: nobody here is granted them for case A.
    "protected_A": ("Kanarigata", "47119911", "kanarifugl"),
    # Oskar Brambleworth's protected address: the school office is granted protected addresses.
    "protected_B": ("Brambleveien", "47228822", "brambleskjult"),
}

RESTRICTED_NOTE = "Sjeldenfugl: Canarina Zyxwort har vondt i magen hver mandag, sier Mona Quixbyrd."
RESTRICTED_EVENT = "Skjermfjaer: helsesykepleier snakket med Canarina"
MONA = {"address": "Kanarigata 13, 9999 Fuglevik", "phone": "47119911", "email": "kanarifugl@hjem.test"}
OSKAR = {"address": "Brambleveien 2, 9999 Fuglevik", "phone": "47228822", "email": "brambleskjult@hjem.test"}

ROLES = ("lead", "member", "nurse", "teacher", "other_teacher", "agency", "guest", "office", "outsider")

# The policy, as the contract states it: which viewer may see which canary set.
# - A (no consent): only those who know the student anyway — the team lead and the referral's author,
#   who is also her contact teacher.
# - B (team + child welfare): the team's fixed members and the invited child-welfare member.
# - C (team + PPT): the team's fixed members and the invited PPT guest.
# - restricted: roles that see restricted sections (the nurse).
# - protected_A: nobody here (the office is granted protected addresses, but does not know A).
# - protected_B: the office (a fixed member, granted protected addresses; B is named to the team).
# - archive: the archive package of case A (laget.privacy.archive) is the school's record: the case
#   named, but never the restricted section or a guardian's contact details.
ARCHIVE = "archive"
KNOWS = {
    "A": {"lead", "teacher", ARCHIVE},
    "B": {"lead", "member", "nurse", "office", "agency"},
    "C": {"lead", "member", "nurse", "office", "guest"},
    "restricted": {"nurse"},
    "protected_A": set(),
    "protected_B": {"office"},
}


# Outputs where the policy shows a name the case alone would not. Emergency access (nødtilgang): a
# staff member of the school finds the student by name to ask for access with a written reason; the
# search and every student it shows are logged. An invited agency member is not school staff.
SCHOOL_STAFF = {"lead", "member", "nurse", "teacher", "other_teacher", "office"}
EXCEPTIONS = {("audit:emergency_request", role): {"A"} for role in SCHOOL_STAFF}


def allowed_sets(role: str, output: str | None = None) -> set[str]:
    """The canary sets `role` may see in `output`."""
    return {key for key, roles in KNOWS.items() if role in roles} | EXCEPTIONS.get((output, role), set())


_PATTERNS = {key: re.compile("|".join(re.escape(t) for t in words), re.IGNORECASE) for key, words in TOKENS.items()}


def canaries_in(text: str) -> set[str]:
    """The canary sets (A, B, C, restricted, …) whose words occur in `text`."""
    return {key for key, pattern in _PATTERNS.items() if pattern.search(text)}


# --- agencies ----------------------------------------------------------------------------------
# The invited team member comes from child welfare, the guest from PPT (organisations.Agency).


def _agency(owner, name, kind):
    from laget.organisations.models import Agency

    return Agency.objects.create(owner=owner, name=name, kind=kind)


def _agency_membership(team, user):
    from laget.organisations.models import Agency

    roles = {r.code: r for r in Role.objects.all()}
    agency = _agency(team.school.owner, "Barneverntjenesten i Fuglevik", Agency.Kind.CHILD_WELFARE)
    return Membership.objects.create(
        team=team, user=user, role=roles["barnevern"], kind=Membership.Kind.INVITED, agency=agency
    )


def _guest_invitation(meeting, guest, *, invited_by, items):
    from laget.organisations.models import Agency

    agency = _agency(meeting.team.school.owner, "PPT Fuglevik", Agency.Kind.PPT)
    invitation = GuestInvitation.objects.create(
        meeting=meeting,
        guest=guest,
        agency=agency,
        agency_name=agency.name,
        invited_by=invited_by,
        invited_at=timezone.now(),
    )
    invitation.items.set(items)
    return invitation


# --- the world ---------------------------------------------------------------------------------


@dataclass
class CanaryWorld:
    school: School
    people: dict  # role -> user
    objects: dict  # permission_table object key -> object (case A's, unless named otherwise)
    extra: dict = field(default_factory=dict)


def _user(username, first, last, *, school=None, title="", email=None):
    user = User.objects.create_user(
        username=username,
        password="canary-password-123",
        first_name=first,
        last_name=last,
        email=email or f"{username}@skole.test",
    )
    if school is not None:
        Staff.objects.create(user=user, school=school, title=title)
    return user


def _file(instance, field_name, name, content=b"innhold"):
    getattr(instance, field_name).save(name, ContentFile(content), save=False)


def _case(school, number, student, author, title):
    case = Case.objects.create(
        school=school,
        number=number,
        kind=Kind.INDIVIDUAL,
        student=student,
        title=title,
        first_concern_date=datetime.date(2026, 9, 1),
        created_by=author,
    )
    return case


def _consent(case, guardian, status, scopes, recorded_by, *, note="", scan_name=""):
    consent = Consent(
        case=case,
        guardian=guardian,
        status=status,
        scopes=scopes,
        date=datetime.date(2026, 9, 2),
        method=Consent.Method.SIGNED_FORM,
        note=note,
        recorded_by=recorded_by,
    )
    if scan_name:
        _file(consent, "scanned_form", scan_name, b"%PDF-1.4 skannet")
    consent.save()
    return consent


def build() -> CanaryWorld:
    ensure_default_roles()
    roles = {r.code: r for r in Role.objects.all()}
    office_role, _ = Role.objects.get_or_create(
        code="skolekontor", defaults={"name": "Skolekontor", "sees_protected_address": True}
    )
    owner = Owner.objects.create(name="Fuglevik kommune")
    school = School.objects.create(owner=owner, name="Fuglevik skole", kind=School.Kind.PRIMARY)
    other_school = School.objects.create(owner=owner, name="Annenvik skole", kind=School.Kind.PRIMARY)
    team = Team.objects.create(school=school, name="Ressursteam", location="Møterom Fugl")
    other_team = Team.objects.create(school=other_school, name="Ressursteam")

    lead = _user("k_rektor", "Rita", "Rektor", school=school, title="Rektor")
    member = _user("k_pprad", "Per", "Rådgiver", school=school, title="PP-rådgiver")
    nurse = _user("k_helse", "Hanne", "Helse", school=school, title="Helsesykepleier")
    teacher = _user("k_laerer", "Lise", "Lærer", school=school, title="Kontaktlærer")
    other_teacher = _user("k_laerer6", "Lars", "Lektor", school=school, title="Kontaktlærer")
    office = _user("k_kontor", "Kari", "Kontor", school=school, title="Konsulent")
    agency = _user("k_barnevern", "Berit", "Barnevern", email="berit@barnevern.test")
    guest = _user("gjest@ppt.test", "Gunnar", "Gjest", email="gjest@ppt.test")
    guest.set_unusable_password()
    guest.save(update_fields=["password"])
    outsider = _user("k_annen", "Arne", "Annen", school=other_school, title="Rektor")
    for user, role in ((lead, "rektor"), (member, "pprad"), (nurse, "helsesykepleier")):
        Membership.objects.create(team=team, user=user, role=roles[role])
    Membership.objects.create(team=team, user=office, role=office_role)
    Membership.objects.create(team=other_team, user=outsider, role=roles["rektor"])
    _agency_membership(team, agency)
    people = {
        "lead": lead,
        "member": member,
        "nurse": nurse,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "agency": agency,
        "guest": guest,
        "office": office,
        "outsider": outsider,
    }

    class_5a = SchoolClass.objects.create(school=school, name="5A", grade=5)
    class_5a.contact_teachers.add(teacher)
    class_6a = SchoolClass.objects.create(school=school, name="6A", grade=6)
    class_6a.contact_teachers.add(other_teacher)
    class_7a = SchoolClass.objects.create(school=school, name="7A", grade=7)
    other_class = SchoolClass.objects.create(school=other_school, name="5B", grade=5)
    Student.objects.create(
        school=other_school, first_name="Per", last_name="Annen", birth_date=datetime.date(2015, 1, 1),
        school_class=other_class,
    )  # fmt: skip

    student_a = Student.objects.create(
        school=school,
        first_name=STUDENT_A[0],
        last_name=STUDENT_A[1],
        birth_date=datetime.date(2015, 3, 1),
        school_class=class_5a,
    )
    mona = Guardian.objects.create(
        student=student_a, name=GUARDIANS_A[0], relation="Mor", protected_address=True, **MONA
    )
    Guardian.objects.create(student=student_a, name=GUARDIANS_A[1], relation="Far", phone="90000001")
    student_b = Student.objects.create(
        school=school,
        first_name=STUDENT_B[0],
        last_name=STUDENT_B[1],
        birth_date=datetime.date(2013, 5, 5),
        school_class=class_7a,
    )
    oskar = Guardian.objects.create(
        student=student_b, name=GUARDIANS_B[0], relation="Far", protected_address=True, **OSKAR
    )
    student_c = Student.objects.create(
        school=school,
        first_name=STUDENT_C[0],
        last_name=STUDENT_C[1],
        birth_date=datetime.date(2013, 7, 7),
        school_class=class_7a,
    )
    ulla = Guardian.objects.create(student=student_c, name=GUARDIANS_C[0], relation="Mor", email="ulla@hjem.test")

    a_name = " ".join(STUDENT_A)
    # --- case A: anonymous, every free-text field names her ---
    case_a = _case(school, 1, student_a, teacher, f"Lesing for {a_name}")
    referral = Referral.objects.create(
        school=school,
        kind=Kind.INDIVIDUAL,
        student=student_a,
        title=f"Bekymring for {a_name}",
        author=teacher,
        status=Referral.Status.SUBMITTED,
        case=case_a,
        challenges=["lesevansker", "annet"],
        challenge_other=f"{a_name} gråter i norsktimene",
        social_description=f"{a_name} leker mest alene. Mona Quixbyrd sier hun gruer seg.",
        working_methods="Canarina arbeider best i små grupper; Tord Quixbyrd hjelper med lekser.",
        mapping_results=f"Kartlegging: {a_name} under kritisk grense.",
        strengths="Canarina Zyxwort tegner godt.",
        learning_environment="Klassen er urolig; Canarina blir ertet.",
        referral_date=datetime.date(2026, 9, 1),
        first_concern_date=datetime.date(2026, 9, 1),
        submitted_at=timezone.now(),
    )
    TriedMeasure.objects.create(
        referral=referral,
        measure=f"Lesekurs for {a_name}",
        period="Uke 36–40 (Zyxwort)",
        assessment="Canarina hadde liten effekt",
    )
    attachment = Attachment(
        school=school,
        referral=referral,
        name="Canarina_Zyxwort_kartlegging.pdf",
        description="Kartlegging av Canarina Zyxwort",
        uploaded_by=teacher,
    )
    _file(attachment, "file", "Canarina_Zyxwort_kartlegging.pdf", b"%PDF-1.4 kartlegging")
    attachment.save()
    case_attachment = Attachment(
        school=school, case=case_a, name="Zyxwort_observasjon.txt", description="Observasjon", uploaded_by=lead
    )
    _file(case_attachment, "file", "Zyxwort_observasjon.txt")
    case_attachment.save()
    draft = Referral.objects.create(
        school=school,
        kind=Kind.INDIVIDUAL,
        student=student_a,
        author=teacher,
        title=f"Utkast om {a_name}",
        social_description="Canarina igjen",
    )
    consent_a = _consent(
        case_a,
        mona,
        Consent.Status.REFUSED,
        [ConsentScope.TEAM],
        teacher,
        note="Mona Quixbyrd vil ikke at Canarina drøftes med navn",
        scan_name="Samtykke_Mona_Quixbyrd.pdf",
    )
    HealthNote.objects.create(case=case_a, author=nurse, text=RESTRICTED_NOTE)
    timeline_add(case=case_a, kind="case.note", summary=f"Samtale med Mona Quixbyrd om {a_name}", actor=lead)
    timeline_add(case=case_a, kind="healthnote.added", summary=RESTRICTED_EVENT, actor=nurse, restricted=True)
    plan = ActionPlan.objects.create(
        case=case_a,
        date_discussed=datetime.date(2026, 10, 6),
        present="Rita Rektor, Per Rådgiver, Mona Quixbyrd",
        absent="Tord Quixbyrd",
        referent="Per Rådgiver",
        challenges=["lesevansker"],
        challenge_other=f"{a_name} sover dårlig",
        main_challenge=f"{a_name} leser sakte",
        main_goal="Canarina leser alderstilpasset tekst",
        created_by=lead,
    )
    today = timezone.localdate()
    measure = Measure.objects.create(
        case=case_a,
        action_plan=plan,
        description=f"Lesekurs med {a_name}",
        owner=teacher,
        evaluation_date=today,
    )
    Evaluation.objects.create(
        measure=measure,
        effect=Evaluation.Effect.SOME,
        assessment="Canarina Zyxwort leser litt bedre",
        date=datetime.date(2026, 11, 1),
        evaluated_by=teacher,
    )

    # --- cases B and C: named by consent (B: team + child welfare, C: team + PPT) ---
    case_b = _case(school, 2, student_b, lead, "")
    _submitted_referral(school, case_b, student_b, lead, "Fenella Brambleworth trenger støtte")
    _consent(case_b, oskar, Consent.Status.GIVEN, [ConsentScope.TEAM, ConsentScope.CHILD_WELFARE], lead)
    case_c = _case(school, 3, student_c, lead, "")
    _submitted_referral(school, case_c, student_c, lead, "Ximena Plovdrup og matematikk")
    _consent(case_c, ulla, Consent.Status.GIVEN, [ConsentScope.TEAM, ConsentScope.PPT], lead)

    # --- meetings: an upcoming one with all three cases, the PPT guest invited to all three items;
    #     a past one with approved minutes ---
    lead_access = Access(lead)
    starts = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    meeting = meeting_services.meeting_create(access=lead_access, team=team, starts_at=starts)
    item_a = meeting_services.agenda_item_add(
        access=lead_access,
        meeting=meeting,
        part=2,
        case=case_a,
        title=f"Oppfølging av {a_name}",
        description="Mona Quixbyrd ringte om Canarina",
    )
    item_a.notes = f"Referat: {a_name} trenger lesekurs; Mona Quixbyrd informeres."
    item_a.notes_version = 3  # saved three times: a save from version 1 meets a conflict
    item_a.save(update_fields=["notes", "notes_version"])
    item_b = meeting_services.agenda_item_add(
        access=lead_access, meeting=meeting, part=2, case=case_b, title="Fenella Brambleworth: skolevegring"
    )
    item_c = meeting_services.agenda_item_add(
        access=lead_access, meeting=meeting, part=2, case=case_c, title="Ximena Plovdrup: PPT-henvisning"
    )
    Attendance.objects.update_or_create(meeting=meeting, user=member, defaults={"is_referent": True})
    task = Task.objects.create(
        school=school,
        team=team,
        meeting=meeting,
        agenda_item=item_a,
        case=case_a,
        title=f"Ringe Mona Quixbyrd om {a_name}",
        owner=member,
        deadline=today,
        created_by=lead,
    )
    invitation = _guest_invitation(meeting, guest, invited_by=lead, items=[item_a, item_b, item_c])

    past = meeting_services.meeting_create(
        access=lead_access, team=team, starts_at=starts - datetime.timedelta(days=21)
    )
    past_item = meeting_services.agenda_item_add(
        access=lead_access, meeting=past, part=2, case=case_a, title=f"Drøfting av {a_name}"
    )
    past_item.notes = "Canarina Zyxwort: foreldremøte med Mona Quixbyrd avtalt."
    past_item.save(update_fields=["notes"])
    Task.objects.create(
        school=school,
        team=team,
        meeting=past,
        agenda_item=past_item,
        case=case_a,
        title="Sende brev til Tord Quixbyrd",
        owner=member,
        deadline=today + datetime.timedelta(days=30),
        created_by=lead,
    )
    minutes_services.meeting_start(access=lead_access, meeting=past)  # a meeting has a life: started, then approved
    past.attendance.update(status=Attendance.Status.PRESENT)
    Attendance.objects.update_or_create(meeting=past, user=member, defaults={"is_referent": True})
    minutes_services.minutes_approve(access=lead_access, meeting=past)

    objects = {
        "student": student_a,
        "case": case_a,
        "referral": referral,
        "draft": draft,
        "attachment": attachment,
        "consent": consent_a,
        "plan": plan,
        "measure": measure,
        "meeting": meeting,
        "upcoming_meeting": meeting,
        "item": item_a,
        "task": task,
        "approved_meeting": past,
        "invitation": invitation,
    }
    objects.update(_attendance(school, student_a, case_a, lead=lead, teacher=teacher))
    objects.update(_ppt(school, case_a, lead=lead))
    objects.update(_ladder(case_a, lead=lead))
    objects.update(_wheel(school, lead))
    objects["emergency"] = _emergency(school, student_a, other_teacher)
    objects.update(_team_objects(school, team, student_a, lead))
    extra = {"case_b": case_b, "case_c": case_c, "student_b": student_b, "student_c": student_c}
    return CanaryWorld(school=school, people=people, objects=objects, extra=extra)


def _submitted_referral(school, case, student, author, text):
    return Referral.objects.create(
        school=school,
        kind=Kind.INDIVIDUAL,
        student=student,
        author=author,
        status=Referral.Status.SUBMITTED,
        case=case,
        challenges=["konsentrasjon"],
        social_description=text,
        referral_date=datetime.date(2026, 9, 1),
        submitted_at=timezone.now(),
    )


def _attendance(school, student, case, *, lead, teacher):
    """An open attendance follow-up on Breivang's ladder, its step records and form entries naming her."""
    from laget.attendance.models import Absence, FollowUp, FormEntry, StepRecord
    from laget.attendance.presets import preset_load

    ladder = preset_load("breivang")
    absence = Absence.objects.create(
        school=school,
        student=student,
        date=datetime.date(2026, 9, 3),
        kind=Absence.Kind.UNDOCUMENTED,
        note="Mona Quixbyrd sa Canarina var syk",
        registered_by=teacher,
    )
    followup = FollowUp.objects.create(
        school=school,
        student=student,
        ladder=ladder,
        opened_on=datetime.date(2026, 9, 3),
        trigger_absence=absence,
        case=case,
    )
    first_step = ladder.steps.order_by("number").first()
    StepRecord.objects.create(
        followup=followup,
        step=first_step,
        done_on=datetime.date(2026, 9, 4),
        what_done="Ringte Mona Quixbyrd om fraværet til Canarina",
        evaluation="Zyxwort-familien samarbeider",
        recorded_by=teacher,
    )
    FormEntry.objects.create(
        school=school,
        student=student,
        date=datetime.date(2026, 9, 5),
        measure="Samtale med Canarina Zyxwort",
        comment="Tord Quixbyrd følger henne til skolen",
        author=teacher,
    )
    return {"followup": followup}


def _ppt(school, case, *, lead):
    """A running PPT process on case A: the reason, the pedagogical report and both files name her."""
    from laget.ppt.models import PptProcess, PptStep, Step
    from laget.ppt.routines import routine_for_school

    routine = routine_for_school(school)
    process = PptProcess(
        school=school,
        case=case,
        referral_reason="Vurdering av lesevansker hos Canarina Zyxwort",
        pedagogical_report="Pedagogisk rapport: Canarina Zyxwort, mor Mona Quixbyrd",
        roles=dict(routine.roles),
        iep_days=routine.iep_days,
        step_days=routine.step_days,
        keep_half_year_report=routine.keep_half_year_report,
        created_by=lead,
    )
    _file(process, "pedagogical_report_file", "Pedagogisk_rapport_Canarina_Zyxwort.txt")
    process.save()
    step = PptStep(
        process=process,
        step=Step.REFERRAL_DRAFTED,
        date=datetime.date(2026, 9, 10),
        note="Henvisning for Canarina drøftet med Mona Quixbyrd",
        done_by=lead,
    )
    _file(step, "file", "Henvisning_Zyxwort.txt")
    step.save()
    return {"ppt_case": case, "ppt_process": process, "ppt_step": step}


def _ladder(case, *, lead):
    """Case A moved onto Oslo's ladder, with a reason that names her."""
    from laget.ladders.models import CaseLevel, Ladder, LadderMove, SchoolLadder
    from laget.ladders.presets import ensure_ladder_presets

    ensure_ladder_presets()
    ladder = Ladder.objects.get(code="oslo_six")
    SchoolLadder.objects.create(school=case.school, ladder=ladder)
    level = ladder.levels.order_by("number").first()
    LadderMove.objects.create(
        case=case, ladder=ladder, to_level=level, reason="Canarina Zyxwort trenger mer støtte", moved_by=lead
    )
    CaseLevel.objects.create(case=case, ladder=ladder, level=level)
    return {}


def _wheel(school, lead):
    from laget.wheel.models import RoutineDescription, WheelItem

    return {
        "wheel_item": WheelItem.objects.create(school=school, month=9, title="Nasjonale prøver", creates="agenda"),
        "routine_description": RoutineDescription.objects.create(school=school, topic="Nærvær", updated_by=lead),
    }


def _emergency(school, student, user):
    """A used, expired emergency access (nødtilgang) to A, whose reason names her."""
    from laget.audit.models import EmergencyAccess

    granted = timezone.make_aware(datetime.datetime(2026, 9, 10, 10, 0))
    return EmergencyAccess.objects.create(
        user=user,
        school_id=school.pk,
        student_id=student.pk,
        reason="Canarina Zyxwort var savnet etter friminuttet, trengte telefonen til Mona Quixbyrd.",
        granted_at=granted,
        expires_at=granted + datetime.timedelta(hours=2),
    )


def _team_objects(school, team, student, lead):
    """The team page's and the register import's objects. The pending import holds student A again
    (another birth date: a new student in the preview) with her guardians, the protected one too."""
    from laget.organisations.models import Agency
    from laget.students.models import RegisterImport
    from laget.students.register_rows import class_key

    guardians = [
        {
            "line": 2,
            "name": g.name,
            "national_id_key": "",
            "relation": g.relation,
            "phone": g.phone,
            "email": g.email,
            "address": g.address,
            "protected": g.protected_address,
        }
        for g in student.guardians.all()
    ]
    klass = student.school_class
    record = {
        "line": 2,
        "register_key": "",
        "national_id_key": "",
        "first_name": student.first_name,
        "last_name": student.last_name,
        "birth_date": (student.birth_date - datetime.timedelta(days=1)).isoformat(),
        "class_key": class_key(klass.name),
        "phone": "",
        "guardians": guardians,
    }
    payload = {
        "students": [record],
        "classes": {record["class_key"]: {"name": klass.name, "grade": klass.grade}},
        "staff": [],
    }
    return {
        "team": team,
        "membership": team.memberships.exclude(user=lead).first(),
        "agency": Agency.objects.create(owner_id=school.owner_id, school=school, name="TGL Fugl", kind="tgl"),
        "school_class": klass,
        "register_import": RegisterImport.objects.create(
            school=school, uploaded_by=lead, filename="elever.csv", payload=payload
        ),
    }
