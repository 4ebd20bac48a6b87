"""Builds the fictional demo municipality for `manage.py demo` (the command checks settings.DEMO)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from laget.accounts.middleware import DEMO_GROUP
from laget.cases.models import ActionPlan, Case, Consent, ConsentScope, HealthNote, Kind, Measure, Referral
from laget.cases.timeline import timeline_add
from laget.home import demo_data as D
from laget.meetings.models import AgendaItem, Attendance, Meeting, Task
from laget.organisations.models import Membership, Owner, Role, School, Staff, Team
from laget.organisations.roles import ensure_default_roles
from laget.routines.services import routine_load_preset
from laget.students.models import Guardian, SchoolClass, Student

User = get_user_model()

COUNTY_NAME = "Nordfylke fylkeskommune (demo)"
# A school on each of the other seed presets (the Fjordvik schools run Hustadvika's):
# key, name, kind, preset, lead role, member role, (grade, class).
PRESET_SCHOOLS = [
    (
        "vestvik",
        "Vestvik ungdomsskole (demo)",
        School.Kind.LOWER_SECONDARY,
        "baerum_ungdomsskole",
        "rektor",
        "pprad",
        (9, "9A"),
    ),
    ("sandvik", "Sandvik skole (demo)", School.Kind.COMBINED, "sandnes_grunnskole", "rektor", "pprad", (6, "6A")),
    ("aasen", "Åsen barneskole (demo)", School.Kind.PRIMARY, "oslo_barneskole", "rektor", "pprad", (4, "4A")),
    (
        "nordfylke",
        "Nordfylke vidaregåande skole (demo)",
        School.Kind.UPPER_SECONDARY,
        "breivang_vgs",
        "avdelingsleder",
        "radgiver",
        (11, "VG1A"),
    ),
]
# The team of each: staff without a login (unusable password): suffix, first name, last name, title.
PRESET_STAFF = [("leder", "Randi", "Lunde", "Teamleder"), ("medlem", "Geir", "Moen", "Kontaktlærer")]


class DemoBuilder:
    def __init__(self):
        self.rng = random.Random(2026)  # same names on every fresh database
        self.today = timezone.localdate()
        ensure_default_roles()
        self.roles = {r.code: r for r in Role.objects.all()}
        self.users = {}

    # ---------------------------------------------------------------- people
    def build(self):
        owner = Owner.objects.create(name=D.OWNER_NAME, kind=Owner.Kind.MUNICIPALITY)
        self.schools = {
            "primary": School.objects.create(owner=owner, name=D.PRIMARY_NAME, kind=School.Kind.PRIMARY),
            "secondary": School.objects.create(owner=owner, name=D.SECONDARY_NAME, kind=School.Kind.LOWER_SECONDARY),
        }
        self.teams = {
            "primary": Team.objects.create(
                school=self.schools["primary"], location="Møterommet i 2. etasje", meeting_weekday=1
            ),
            "secondary": Team.objects.create(
                school=self.schools["secondary"], location="Rådgiverkontoret", meeting_weekday=3, cadence_weeks=2
            ),
        }
        for username, first, last, school, title, role in D.LOGINS:
            user = self.person(username, first, last, school, title, password=D.PASSWORD)
            if role:
                self.member(school, user, role, Membership.Kind.FIXED)
        for username, first, last, school, title, role, kind in D.TEAM_OTHERS:
            user = self.person(username, first, last, school, title)
            self.member(school, user, role, kind)
        # The demo schools run Hustadvika's routine (seed 000), one preset per school type.
        routine_load_preset(school=self.schools["primary"], preset="hustadvika_barneskole")
        routine_load_preset(school=self.schools["secondary"], preset="hustadvika_ungdomsskole")
        for team in self.teams.values():
            team.refresh_from_db()  # the routine set the meeting length (Hustadvika: 90 minutes) and cadence
        self.classes = {}
        teachers = iter(D.TEACHER_NAMES)
        for key, classes in (("primary", D.PRIMARY_CLASSES), ("secondary", D.SECONDARY_CLASSES)):
            for name, grade in classes:
                school_class = SchoolClass.objects.create(school=self.schools[key], name=name, grade=grade)
                if key == "primary" and name == "5A":
                    teacher = self.users["kontaktlaerer"]
                else:
                    first, last = next(teachers)
                    username = f"demo-{name.lower()}-{'b' if key == 'primary' else 'u'}"
                    teacher = self.person(username, first, last, key, f"Kontaktlærer {name}")
                school_class.contact_teachers.add(teacher)
                self.classes[(key, name)] = school_class
                self.students_for(school_class, 9 if key == "primary" else 10)
        self.primary_cases()
        self.secondary_cases()
        self.preset_schools(owner)

    def preset_schools(self, owner):
        """Small schools that show the other seed routines: one class of 8 students and a team of a
        lead and a member (staff without a login), each school on its preset."""
        county = Owner.objects.create(name=COUNTY_NAME, kind=Owner.Kind.COUNTY)
        for key, name, kind, preset, lead_role, member_role, (grade, class_name) in PRESET_SCHOOLS:
            school = School.objects.create(owner=county if preset == "breivang_vgs" else owner, name=name, kind=kind)
            self.schools[key] = school
            self.teams[key] = Team.objects.create(school=school, location="Møterommet")
            people = [self.person(f"demo-{key}-{n}", first, last, key, title) for n, first, last, title in PRESET_STAFF]
            for user, role in zip(people, (lead_role, member_role), strict=True):
                Membership.objects.create(
                    team=self.teams[key], user=user, role=self.roles[role], kind=Membership.Kind.FIXED
                )
            routine_load_preset(school=school, preset=preset)  # fills in the roles' responsibilities
            school_class = SchoolClass.objects.create(school=school, name=class_name, grade=grade)
            school_class.contact_teachers.add(people[1])
            self.students_for(school_class, 8)

    def person(self, username, first, last, school, title, password=None):
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{D.EMAIL_DOMAIN}",
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        # Demo users may skip the second factor, but only while settings.DEMO is on (laget.accounts).
        user.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
        Staff.objects.create(user=user, school=self.schools[school], title=title)
        self.users[username] = user
        return user

    def member(self, school, user, role, kind):
        Membership.objects.create(
            team=self.teams[school],
            user=user,
            role=self.roles[role],
            kind=kind,
            responsibility=D.RESPONSIBILITY.get(role, ""),
        )

    def students_for(self, school_class, count):
        rng = self.rng
        start_year = self.today.year if self.today.month >= 8 else self.today.year - 1
        birth_year = start_year - 5 - school_class.grade
        for i in range(count):
            first = rng.choice(D.GIRLS if i % 2 else D.BOYS)
            last = rng.choice(D.SURNAMES)
            student = Student.objects.create(
                school=school_class.school,
                school_class=school_class,
                first_name=first,
                last_name=last,
                birth_date=datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
            )
            address = f"{rng.choice(D.STREETS)} {rng.randint(1, 80)}, 9999 Fjordvik"
            parents = [("Mor", rng.choice(D.ADULT_WOMEN)), ("Far", rng.choice(D.ADULT_MEN))]
            for relation, parent in parents[: rng.choice([1, 2, 2])]:
                Guardian.objects.create(
                    student=student,
                    name=f"{parent} {last}",
                    relation=relation,
                    phone=f"4{rng.randint(1000000, 9999999)}",
                    email=f"{parent.lower()}.{student.pk}@{D.EMAIL_DOMAIN}",
                    address=address,
                )

    # ---------------------------------------------------------------- cases
    def days(self, n) -> datetime.date:
        return self.today + datetime.timedelta(days=n)

    def at(self, n, hour=10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.days(n), datetime.time(hour, 0)))

    def student_in(self, key, class_name, index=0) -> Student:
        return self.classes[(key, class_name)].students.order_by("pk")[index]

    def case(self, key, *, student, author, title="", days_ago=30, kind=Kind.INDIVIDUAL, **referral_fields):
        """A submitted referral and its case, with the timeline entry a submit leaves."""
        school = self.schools[key]
        number = (
            Case.objects.filter(school=school).order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        case = Case.objects.create(
            school=school,
            number=number,
            kind=kind,
            student=student,
            title=title,
            first_concern_date=self.days(-days_ago - 14),
            created_by=author,
        )
        Referral.objects.create(
            school=school,
            kind=kind,
            student=student,
            title=title,
            author=author,
            status=Referral.Status.SUBMITTED,
            case=case,
            referral_date=self.days(-days_ago),
            first_concern_date=self.days(-days_ago - 14),
            submitted_at=self.at(-days_ago),
            **referral_fields,
        )
        timeline_add(
            case=case,
            school=school,
            kind="referral.submit",
            summary="Melding til ressursteam sendt inn",
            actor=author,
            at=self.at(-days_ago),
        )
        return case

    def consent(self, case, guardian, recorded_by, days_ago):
        Consent.objects.create(
            case=case,
            guardian=guardian,
            status=Consent.Status.GIVEN,
            scopes=[ConsentScope.TEAM, ConsentScope.PPT],
            date=self.days(-days_ago),
            method=Consent.Method.SIGNED_FORM,
            recorded_by=recorded_by,
        )
        timeline_add(
            case=case,
            kind="consent.record",
            summary="Samtykke til drøfting i ressursteam registrert",
            actor=recorded_by,
            at=self.at(-days_ago, 11),
        )

    def primary_cases(self):
        u = self.users
        teacher, lead, spesped, pprad, nurse = (
            u["kontaktlaerer"],
            u["rektor"],
            u["spesped"],
            u["pprad"],
            u["helsesykepleier"],
        )
        # A draft the contact teacher has not sent yet.
        Referral.objects.create(
            school=self.schools["primary"],
            student=self.student_in("primary", "5A", 2),
            author=teacher,
            challenges=["skrivevansker"],
            social_description="Trives godt med de fleste i klassen.",
            referral_date=self.today,
        )
        # Submitted, anonymous: no consent yet.
        anonymous = self.case(
            "primary",
            student=self.student_in("primary", "5A", 0),
            author=teacher,
            days_ago=6,
            challenges=["konsentrasjon", "urolig"],
            working_methods="Kommer raskt i gang, men faller ut etter få minutter.",
            strengths="Hjelpsom og god i praktiske fag.",
        )
        # Named: consent from one guardian; the other guardian has a confidential address.
        named_student = self.student_in("primary", "5A", 1)
        guardians = list(named_student.guardians.all())
        if len(guardians) < 2:
            guardians.append(Guardian.objects.create(student=named_student, name="Foresatt med fortrolig adresse"))
        protected = guardians[1]
        protected.protected_address = True
        protected.save()
        named = self.case(
            "primary",
            student=named_student,
            author=teacher,
            days_ago=20,
            challenges=["lesevansker", "fagvansker"],
            mapping_results="Carlsten lesetest: under bekymringsgrensen.",
            strengths="Muntlig sterk.",
        )
        self.consent(named, guardians[0], lead, 18)

        # A case with an action plan from a held meeting; one measure overdue.
        held = self.meeting("primary", -14, status=Meeting.Status.HELD)
        plan_student = self.student_in("primary", "3A", 0)
        planned = self.case(
            "primary",
            student=plan_student,
            author=u["demo-3a-b"],
            days_ago=40,
            challenges=["samspill"],
            social_description="Havner ofte i konflikt i friminuttene.",
        )
        self.consent(planned, plan_student.guardians.first(), lead, 35)
        plan = ActionPlan.objects.create(
            case=planned,
            meeting=held,
            date_discussed=self.days(-14),
            evaluation_date=self.days(28),
            present="Rektor, inspektør, spesialpedagogisk koordinator, PP-rådgiver, helsesykepleier, kontaktlærer",
            referent="Siri Haugland",
            challenges=["samspill"],
            main_challenge="Konflikter i ustrukturerte situasjoner.",
            main_goal="Eleven deltar i lek uten konflikter i friminuttene.",
            created_by=lead,
        )
        timeline_add(
            case=planned,
            kind="plan.create",
            summary="Tiltaksplan vedtatt i ressursteam",
            actor=lead,
            at=self.at(-14, 13),
        )
        overdue = Measure.objects.create(
            case=planned,
            action_plan=plan,
            owner=spesped,
            start_date=self.days(-14),
            evaluation_date=self.days(-2),
            description="Kartlegging av samspill med observasjon i tre friminutt.",
        )
        Measure.objects.create(
            case=planned,
            action_plan=plan,
            owner=teacher,
            start_date=self.days(-14),
            evaluation_date=self.days(21),
            description="Fast voksen i friminuttene og organisert lek to dager i uka.",
        )
        Measure.objects.create(
            case=planned,
            action_plan=plan,
            owner=pprad,
            start_date=self.days(-14),
            evaluation_date=self.days(28),
            description="Veiledning av kontaktlærer i relasjonsbygging.",
        )
        HealthNote.objects.create(case=planned, author=nurse, text="Samtale med eleven om søvn og trivsel.")
        timeline_add(
            case=planned,
            kind="healthnote.add",
            summary="Helsesykepleier har skrevet et skjermet notat",
            actor=nurse,
            restricted=True,
            at=self.at(-10),
        )

        # A system topic and a closed case.
        system = self.case(
            "primary",
            student=None,
            author=spesped,
            kind=Kind.SYSTEM,
            days_ago=10,
            title="Uro i friminuttene på mellomtrinnet",
            learning_environment="Mange konflikter ved fotballbanen, lite voksentetthet.",
        )
        closed = self.case(
            "primary",
            student=self.student_in("primary", "6A", 0),
            author=u["demo-6a-b"],
            days_ago=120,
            challenges=["passiv"],
        )
        closed.status, closed.outcome, closed.closed_on = Case.Status.CLOSED, Case.Outcome.RESOLVED, self.days(-30)
        closed.outcome_note = "Tiltakene virket; videre oppfølging i ordinær undervisning."
        closed.save()
        timeline_add(case=closed, kind="case.close", summary="Saken avsluttet: løst", actor=lead, at=self.at(-30))

        # Two planned meetings with agenda items, and the task log.
        first = self.meeting("primary", 7 - self.today.weekday() + 1)
        second = self.meeting("primary", 14 - self.today.weekday() + 1)
        self.item(first, AgendaItem.Part.SYSTEM, case=system, title=system.title, preparer=spesped, minutes=30)
        self.item(first, AgendaItem.Part.INDIVIDUAL, case=anonymous, title="", preparer=teacher, minutes=20)
        self.item(first, AgendaItem.Part.INDIVIDUAL, case=named, title="", preparer=spesped, minutes=20)
        self.item(
            second,
            AgendaItem.Part.INDIVIDUAL,
            kind=AgendaItem.Kind.EVALUATION,
            case=planned,
            measure=overdue,
            title="Evaluering av tiltak",
            preparer=spesped,
            minutes=15,
        )
        Task.objects.create(
            school=self.schools["primary"],
            team=self.teams["primary"],
            meeting=held,
            case=anonymous,
            title="Innhente samtykke fra foresatte",
            owner=lead,
            deadline=self.days(-1),
            created_by=lead,
        )
        Task.objects.create(
            school=self.schools["primary"],
            team=self.teams["primary"],
            meeting=held,
            title="Lage forslag til friminuttsplan for mellomtrinnet",
            owner=spesped,
            deadline=self.days(9),
            created_by=lead,
        )

    def secondary_cases(self):
        u = self.users
        radgiver, lead = u["radgiver"], u["demo-rektor-u"]
        student = self.student_in("secondary", "9A", 0)
        case = self.case(
            "secondary",
            student=student,
            author=u["demo-9a-u"],
            days_ago=15,
            challenges=["lite_utbytte", "passiv"],
            strengths="Interessert i naturfag.",
        )
        self.consent(case, student.guardians.first(), lead, 12)
        Measure.objects.create(
            case=case,
            owner=radgiver,
            start_date=self.days(-7),
            evaluation_date=self.days(14),
            description="Ukentlige samtaler med rådgiver om skolehverdagen.",
        )
        anonymous = self.case(
            "secondary",
            student=self.student_in("secondary", "10B", 0),
            author=u["demo-10b-u"],
            days_ago=4,
            challenges=["oppforsel"],
        )
        meeting = self.meeting("secondary", 7 - self.today.weekday() + 3)
        self.item(meeting, AgendaItem.Part.SYSTEM, title="Resultater fra Elevundersøkelsen", preparer=radgiver)
        self.item(meeting, AgendaItem.Part.INDIVIDUAL, case=case, title="", preparer=radgiver)
        self.item(meeting, AgendaItem.Part.INDIVIDUAL, case=anonymous, title="", preparer=lead)
        Task.objects.create(
            school=self.schools["secondary"],
            team=self.teams["secondary"],
            case=case,
            title="Avtale møte med foresatte",
            owner=radgiver,
            deadline=self.days(5),
            created_by=lead,
        )

    # ---------------------------------------------------------------- meetings
    def meeting(self, key, days_ahead, status=Meeting.Status.PLANNED):
        team = self.teams[key]
        starts = timezone.make_aware(
            datetime.datetime.combine(self.days(days_ahead), datetime.time.fromisoformat(str(team.meeting_start)))
        )
        meeting = Meeting.objects.create(
            team=team,
            starts_at=starts,
            duration_minutes=team.meeting_minutes,
            location=team.location,
            status=status,
            created_by=team.memberships.filter(role__leads_team=True).first().user,
        )
        for membership in team.memberships.filter(kind=Membership.Kind.FIXED).select_related("user"):
            Attendance.objects.create(
                meeting=meeting,
                user=membership.user,
                status=Attendance.Status.PRESENT if status == Meeting.Status.HELD else Attendance.Status.EXPECTED,
                is_referent=membership.role.code == "spesped",
            )
        return meeting

    def item(self, meeting, part, *, kind=None, case=None, title="", preparer=None, minutes=10, measure=None):
        position = meeting.items.filter(part=part).count()
        return AgendaItem.objects.create(
            meeting=meeting,
            part=part,
            position=position,
            kind=kind or (AgendaItem.Kind.CASE if case else AgendaItem.Kind.TOPIC),
            title=title,
            case=case,
            measure=measure,
            preparer=preparer,
            minutes=minutes,
        )
