"""A municipality at real size for the benchmark, written with bulk inserts.

One owner with `60 × scale` schools and `17,000 × scale` students over five school years, plus
one large school (`600 × scale` students) per history multiplier: 1× is five school years, 10× is
fifty, 100× five hundred, so "history" is years piling up while the current year stays the same.

Every invariant the services keep is kept here: case numbers unique per school, one referral per
case, consent rows never edited (a withdrawal is a new row), measures with owner and evaluation
date, tasks with owner and deadline, one open attendance follow-up per student, one active PPT
process per case, and the access log hash-chained per school through `laget.audit.services.chain_link`
(the chain head records the tip, so `manage.py audit_verify` passes on the result).

Random but reproducible (`seed`). Rows go in with bulk_create; the access log, by far the largest
table, with COPY on PostgreSQL.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from laget.attendance.models import Absence, FollowUp, StepRecord
from laget.attendance.models import Ladder as AttendanceLadder
from laget.audit.models import AccessLogEntry, ChainHead
from laget.audit.services import chain_link, chain_name
from laget.cases.models import (
    ActionPlan,
    Case,
    Consent,
    ConsentScope,
    Evaluation,
    Kind,
    Measure,
    Referral,
    TimelineEntry,
)
from laget.ladders.models import CaseLevel, LadderMove
from laget.ladders.models import Ladder as CaseLadder
from laget.meetings.models import AgendaItem, Attendance, Meeting, MinutesVersion, Task
from laget.organisations.models import Membership, Owner, Role, School, Staff, Team
from laget.organisations.roles import ensure_default_roles
from laget.ppt.models import STEP_ORDER, PptProcess, PptStep
from laget.students.models import Guardian, SchoolClass, Student

User = get_user_model()
BATCH = 5000

FIRST = ["Ola", "Kari", "Nora", "Emil", "Jakob", "Sofie", "Ella", "Noah", "Filip", "Leah", "Oskar", "Maja"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Karlsen", "Jensen"]
CHALLENGES = ["lesevansker", "konsentrasjon", "sosialt", "fravaer", "sprak", "atferd"]
ACTIONS = ["case.view", "student.view", "meeting.view", "home.my_page", "minutes.view", "referral.view"]


@dataclass
class SchoolData:
    school: School
    team: Team
    history: int
    lead: object
    members: list
    teachers: list  # one per class, index-aligned with classes
    classes: list
    students: list
    guardians: dict = field(default_factory=dict)  # student id -> [guardian]
    cases: list = field(default_factory=list)


def school_year_start(day: datetime.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def school_days(year: int, today: datetime.date) -> list[datetime.date]:
    """Weekdays of one school year (15 August to 20 June), up to today."""
    day, end, out = datetime.date(year, 8, 15), min(datetime.date(year + 1, 6, 20), today), []
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += datetime.timedelta(days=1)
    return out


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


class Generator:
    def __init__(self, *, scale: float = 1.0, history=(1, 10, 100), seed: int = 12, log_per_day: int = 30, out=print):
        self.scale = scale
        self.history = list(history)
        self.rng = random.Random(seed)
        self.log_per_day = log_per_day
        self.out = out
        self.today = timezone.localdate()
        self.current_year = school_year_start(self.today)
        self.password = None
        self.user_seq = 0

    # -- people and schools ---------------------------------------------------------------------
    def run(self) -> dict:
        ensure_default_roles()
        self.roles = {r.code: r for r in Role.objects.all()}
        self.owner = Owner.objects.create(name="Benchvik kommune")
        n_schools = max(2, round(60 * self.scale))
        n_students = max(60, round(17000 * self.scale))
        large = max(30, round(600 * self.scale))
        sizes = self._split(n_students, n_schools)
        self.owner_user = self._user("eier", "Eva", "Eiersen", superuser=True)
        result = {"large": {}}
        for i, size in enumerate(sizes):
            data = self._school(f"Benchvik skole {i + 1}", size, history=1)
            self._history(data)
        for h in self.history:
            data = self._school(f"Storeng skole ({h}x historikk)", large, history=h)
            self._history(data)
            result["large"][h] = data
        self.out("access log ...")
        return result

    def _split(self, total: int, parts: int) -> list[int]:
        weights = [self.rng.uniform(0.4, 1.6) for _ in range(parts)]
        s = sum(weights)
        return [max(20, round(total * w / s)) for w in weights]

    def _user(self, prefix, first, last, superuser=False):
        self.user_seq += 1
        user = User(
            username=f"{prefix}{self.user_seq}",
            first_name=first,
            last_name=last,
            email=f"{prefix}{self.user_seq}@bench.test",
            is_superuser=superuser,
            is_staff=superuser,
        )
        if self.password is None:
            user.set_password("bench-password-123")  # hashed once, copied to every bench user
            self.password = user.password
        user.password = self.password
        user.save()
        return user

    def _school(self, name: str, n_students: int, *, history: int) -> SchoolData:
        school = School.objects.create(owner=self.owner, name=name, kind=School.Kind.PRIMARY)
        team = Team.objects.create(school=school, name="Ressursteam", location="Møterom")
        lead = self._user("rektor", "Rita", f"Rektor{school.pk}")
        members = [lead]
        for code, first in (("pprad", "Per"), ("helsesykepleier", "Hanne"), ("spesped", "Siri")):
            members.append(self._user(code, first, f"{code.capitalize()}{school.pk}"))
        Staff.objects.bulk_create([Staff(user=u, school=school) for u in members])
        Membership.objects.bulk_create(
            [
                Membership(team=team, user=u, role=self.roles[code])
                for u, code in zip(members, ("rektor", "pprad", "helsesykepleier", "spesped"), strict=True)
            ]
        )
        n_classes = max(2, n_students // 24)
        classes = SchoolClass.objects.bulk_create(
            [
                SchoolClass(school=school, name=f"{1 + i % 7}{chr(65 + i // 7)}", grade=1 + i % 7)
                for i in range(n_classes)
            ]
        )
        teachers = []
        for c in classes:
            teacher = self._user("laerer", "Lise", f"Lærer{c.name}")
            teachers.append(teacher)
        Staff.objects.bulk_create([Staff(user=t, school=school, title="Kontaktlærer") for t in teachers])
        SchoolClass.contact_teachers.through.objects.bulk_create(
            [
                SchoolClass.contact_teachers.through(schoolclass_id=c.pk, user_id=t.pk)
                for c, t in zip(classes, teachers, strict=True)
            ]
        )
        rng = self.rng
        students = Student.objects.bulk_create(
            [
                Student(
                    school=school,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    birth_date=datetime.date(2012 + classes[i % n_classes].grade % 7, 1 + i % 12, 1 + i % 28),
                    school_class=classes[i % n_classes],
                )
                for i in range(n_students)
            ],
            batch_size=BATCH,
        )
        guardians = Guardian.objects.bulk_create(
            [
                Guardian(student=s, name=f"Foresatt {k} {s.last_name}", relation=("Mor", "Far")[k], email="")
                for s in students
                for k in (0, 1)
            ],
            batch_size=BATCH,
        )
        data = SchoolData(school, team, history, lead, members, teachers, classes, students)
        for g in guardians:
            data.guardians.setdefault(g.student_id, []).append(g)
        return data

    # -- five (or 5 × history) school years -----------------------------------------------------
    def _history(self, data: SchoolData):
        years = range(self.current_year - 5 * data.history + 1, self.current_year + 1)
        self.out(f"{data.school.name}: {len(data.students)} students, {len(years)} school years")
        for chunk_start in range(0, len(years), 10):
            with transaction.atomic():
                for year in years[chunk_start : chunk_start + 10]:
                    self._year(data, year)
        with transaction.atomic():
            self._upcoming_meetings(data)
            self._log(data, years)

    def _year(self, data: SchoolData, year: int):
        rng, school = self.rng, data.school
        days = school_days(year, self.today)
        if not days:
            return
        current = year == self.current_year
        n_cases = max(1, round(0.04 * len(data.students)))
        cases, referrals = [], []
        number = len(data.cases)
        for _ in range(n_cases):
            number += 1
            student = rng.choice(data.students)
            concern = rng.choice(days[: max(1, len(days) - 20)] if not current else days)
            closed = not current or (concern < self.today - datetime.timedelta(days=90) and rng.random() < 0.5)
            case = Case(
                school=school,
                number=number,
                kind=Kind.INDIVIDUAL,
                student=student,
                title=rng.choice(["Lesing", "Konsentrasjon", "Trivsel", "Fravær", "Språk"]),
                first_concern_date=concern,
                status=Case.Status.CLOSED if closed else Case.Status.OPEN,
                outcome=rng.choice(list(Case.Outcome.values)) if closed else "",
                closed_on=min(concern + datetime.timedelta(days=120), days[-1]) if closed else None,
                area=rng.choice(list(Case.Area.values)),
                created_by=data.teachers[data.classes.index(student.school_class)],
            )
            cases.append(case)
        Case.objects.bulk_create(cases, batch_size=BATCH)
        data.cases.extend(cases)
        for case in cases:
            author = case.created_by
            referrals.append(
                Referral(
                    school=school,
                    kind=Kind.INDIVIDUAL,
                    student=case.student,
                    title=case.title,
                    author=author,
                    status=Referral.Status.SUBMITTED,
                    case=case,
                    challenges=rng.sample(CHALLENGES, 2),
                    social_description="Eleven trives med faste rammer.",
                    strengths="Glad i matematikk.",
                    referral_date=case.first_concern_date,
                    first_concern_date=case.first_concern_date,
                    submitted_at=at(case.first_concern_date, 9),
                )
            )
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        consents, timeline = [], []
        for case in cases:
            guardian = data.guardians[case.student_id][0]
            r = rng.random()
            d = case.first_concern_date + datetime.timedelta(days=3)
            if r < 0.85:
                status = Consent.Status.GIVEN if r < 0.75 else Consent.Status.REFUSED
                consents.append(
                    Consent(
                        case=case,
                        guardian=guardian,
                        status=status,
                        scopes=[ConsentScope.TEAM, ConsentScope.PPT],
                        date=d,
                        method=Consent.Method.SIGNED_FORM,
                        recorded_by=data.lead,
                    )
                )
                if status == Consent.Status.GIVEN and rng.random() < 0.08:
                    consents.append(
                        Consent(
                            case=case,
                            guardian=guardian,
                            status=Consent.Status.WITHDRAWN,
                            scopes=[ConsentScope.TEAM],
                            date=d + datetime.timedelta(days=30),
                            method=Consent.Method.PHONE,
                            recorded_by=data.lead,
                        )
                    )
            timeline.append(
                TimelineEntry(
                    school=school,
                    case=case,
                    student=case.student,
                    at=at(case.first_concern_date, 9),
                    kind="referral.submitted",
                    summary="Melding sendt til ressursteamet",
                    actor=case.created_by,
                )
            )
            if case.closed_on:
                timeline.append(
                    TimelineEntry(
                        school=school,
                        case=case,
                        student=case.student,
                        at=at(case.closed_on, 13),
                        kind="case.closed",
                        summary="Saken ble avsluttet",
                        actor=data.lead,
                    )
                )
        Consent.objects.bulk_create(consents, batch_size=BATCH)
        meetings = self._meetings(data, year, days, cases)
        self._plans(data, cases, meetings)
        self._ppt(data, cases)
        self._attendance(data, year, days)
        TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH)

    def _meetings(self, data: SchoolData, year: int, days: list, cases: list) -> list:
        """Weekly meetings on the team's weekday, held and approved, each with the cases referred the week before."""
        rng = self.rng
        meeting_days = [d for d in days if d.weekday() == data.team.meeting_weekday and d < self.today]
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    team=data.team,
                    starts_at=at(d, 11),
                    location="Møterom",
                    status=Meeting.Status.APPROVED,
                    invitation_sent_at=at(d - datetime.timedelta(days=3), 8),
                    invitation_round=1,
                    created_by=data.lead,
                )
                for d in meeting_days
            ],
            batch_size=BATCH,
        )
        if not meetings:
            return []
        items, attendance, versions = [], [], []
        by_week = {}
        for case in cases:
            m = next((m for m in meetings if m.starts_at.date() >= case.first_concern_date), meetings[-1])
            by_week.setdefault(m.pk, []).append(case)
        for m in meetings:
            items.append(
                AgendaItem(
                    meeting=m,
                    part=AgendaItem.Part.SYSTEM,
                    position=0,
                    kind=AgendaItem.Kind.TOPIC,
                    title="Læringsmiljø på trinnet",
                    notes="Drøftet tiltak på trinnet.",
                    notes_version=1,
                )
            )
            for pos, case in enumerate(by_week.get(m.pk, [])):
                items.append(
                    AgendaItem(
                        meeting=m,
                        part=AgendaItem.Part.INDIVIDUAL,
                        position=pos,
                        kind=AgendaItem.Kind.CASE,
                        case=case,
                        preparer=rng.choice(data.members),
                        notes="Saken ble drøftet; tiltak avtalt.",
                        notes_version=1,
                    )
                )
            for u in data.members:
                attendance.append(
                    Attendance(meeting=m, user=u, status=Attendance.Status.PRESENT, is_referent=u is data.members[1])
                )
            versions.append(
                MinutesVersion(
                    meeting=m,
                    number=1,
                    snapshot={"items": [{"title": "Læringsmiljø på trinnet", "notes": "Drøftet tiltak på trinnet."}]},
                    approved_by=data.lead,
                    approved_at=m.starts_at + datetime.timedelta(days=1),
                )
            )
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        MinutesVersion.objects.bulk_create(versions, batch_size=BATCH)
        return meetings

    def _plans(self, data: SchoolData, cases: list, meetings: list):
        """An action plan for most cases, two measures each (owner + evaluation date), evaluations, two tasks.

        Old cases keep what today's product leaves behind: a closed case's measures stay active unless
        evaluated, and a few tasks were never ticked off."""
        rng = self.rng
        plans = []
        for case in cases:
            if rng.random() < 0.8:
                discussed = case.first_concern_date + datetime.timedelta(days=14)
                plans.append(
                    ActionPlan(
                        case=case,
                        meeting=next((m for m in meetings if m.starts_at.date() >= discussed), None),
                        date_discussed=discussed,
                        evaluation_date=discussed + datetime.timedelta(days=42),
                        present="Ressursteamet",
                        referent="PP-rådgiver",
                        challenges=["lesevansker"],
                        main_challenge="Lesing",
                        main_goal="Eleven leser på trinnets nivå",
                        created_by=data.lead,
                    )
                )
        ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
        measures = []
        for plan in plans:
            for k in range(2):
                evaluation_date = plan.date_discussed + datetime.timedelta(days=42 + 14 * k)
                done = plan.case.status == Case.Status.CLOSED or evaluation_date < self.today - datetime.timedelta(60)
                measures.append(
                    Measure(
                        case=plan.case,
                        action_plan=plan,
                        description=rng.choice(["Lesekurs", "Fast voksen i friminutt", "Tilpasset lekseplan"]),
                        owner=rng.choice([*data.members[1:], plan.case.created_by]),
                        start_date=plan.date_discussed,
                        evaluation_date=evaluation_date,
                        status=Measure.Status.EVALUATED if done and rng.random() < 0.85 else Measure.Status.ACTIVE,
                    )
                )
        Measure.objects.bulk_create(measures, batch_size=BATCH)
        Evaluation.objects.bulk_create(
            [
                Evaluation(
                    measure=m,
                    effect=rng.choice(list(Evaluation.Effect.values)),
                    assessment="Vurdert i ressursteamet.",
                    date=m.evaluation_date,
                    evaluated_by=data.lead,
                )
                for m in measures
                if m.status == Measure.Status.EVALUATED
            ],
            batch_size=BATCH,
        )
        tasks = []
        for case in cases:
            for k in range(2):
                deadline = case.first_concern_date + datetime.timedelta(days=21 + 7 * k)
                past = deadline < self.today - datetime.timedelta(days=14)
                tasks.append(
                    Task(
                        school=data.school,
                        team=data.team,
                        meeting=next((m for m in meetings if m.starts_at.date() >= case.first_concern_date), None),
                        case=case,
                        title=rng.choice(["Kartlegg lesing", "Ring foresatte", "Observer i friminutt"]),
                        owner=rng.choice(data.members),
                        deadline=deadline,
                        done_at=at(deadline) if past and rng.random() < 0.95 else None,
                        created_by=data.lead,
                    )
                )
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        ladder = self.case_ladder
        if ladder is not None:
            levels = self.case_levels
            picked = [c for c in cases if rng.random() < 0.2]
            CaseLevel.objects.bulk_create(
                [CaseLevel(case=c, ladder=ladder, level=levels[1 % len(levels)]) for c in picked], batch_size=BATCH
            )
            moves = []
            for c in picked:
                moves.append(LadderMove(case=c, ladder=ladder, to_level=levels[0], reason="Start", moved_by=data.lead))
                moves.append(
                    LadderMove(
                        case=c,
                        ladder=ladder,
                        from_level=levels[0],
                        to_level=levels[1 % len(levels)],
                        reason="Trenger mer støtte",
                        moved_by=data.lead,
                    )
                )
            LadderMove.objects.bulk_create(moves, batch_size=BATCH)

    @property
    def case_ladder(self):
        if not hasattr(self, "_case_ladder"):
            self._case_ladder = CaseLadder.objects.order_by("pk").first()
            self.case_levels = list(self._case_ladder.levels.all()) if self._case_ladder else []
        return self._case_ladder

    def _ppt(self, data: SchoolData, cases: list):
        rng = self.rng
        processes = [
            PptProcess(
                school=data.school,
                case=c,
                status=PptProcess.Status.ENDED if c.status == Case.Status.CLOSED else PptProcess.Status.ACTIVE,
                referral_reason="Vurdering av behov for spesialundervisning",
                roles={},
                iep_days=21,
                step_days=14,
                keep_half_year_report=False,
                created_by=data.lead,
            )
            for c in cases
            if rng.random() < 0.1
        ]
        PptProcess.objects.bulk_create(processes, batch_size=BATCH)
        steps = []
        for p in processes:
            for k, step in enumerate(STEP_ORDER[: rng.randint(1, len(STEP_ORDER))]):
                steps.append(
                    PptStep(
                        process=p,
                        step=step,
                        date=p.case.first_concern_date + datetime.timedelta(days=14 * (k + 1)),
                        done_by=data.lead,
                    )
                )
        PptStep.objects.bulk_create(steps, batch_size=BATCH)

    def _attendance(self, data: SchoolData, year: int, days: list):
        """Three absences per student a year; a follow-up on the ladder for the 3 % who cross the threshold."""
        rng = self.rng
        absences = []
        for s in data.students:
            for d in rng.sample(days, min(3, len(days))):
                absences.append(
                    Absence(
                        school=data.school,
                        student=s,
                        date=d,
                        kind=rng.choice(list(Absence.Kind.values)),
                        source=Absence.Source.IMPORT,
                        registered_by=data.lead,
                    )
                )
        Absence.objects.bulk_create(absences, batch_size=BATCH)
        ladder = self.attendance_ladder
        if ladder is None:
            return
        current = year == self.current_year
        followed = rng.sample(data.students, max(1, len(data.students) * 3 // 100))
        followups = FollowUp.objects.bulk_create(
            [
                FollowUp(
                    school=data.school,
                    student=s,
                    ladder=ladder,
                    opened_on=days[len(days) // 3],
                    follower=data.members[1],
                    status=FollowUp.Status.OPEN if current and k % 2 == 0 else FollowUp.Status.CLOSED,
                    closed_on=None if current and k % 2 == 0 else days[-1],
                )
                for k, s in enumerate(followed)  # open ones only this year: one open follow-up per student
            ],
            batch_size=BATCH,
        )
        records = []
        for f in followups:
            for k, step in enumerate(self.attendance_steps[:2]):
                records.append(
                    StepRecord(
                        followup=f,
                        step=step,
                        done_on=f.opened_on + datetime.timedelta(days=7 * (k + 1)),
                        what_done="Samtale med eleven og foresatte",
                        recorded_by=data.lead,
                    )
                )
        StepRecord.objects.bulk_create(records, batch_size=BATCH)

    @property
    def attendance_ladder(self):
        if not hasattr(self, "_attendance_ladder"):
            self._attendance_ladder = AttendanceLadder.objects.order_by("pk").first()
            self.attendance_steps = list(self._attendance_ladder.steps.all()) if self._attendance_ladder else []
        return self._attendance_ladder

    def _upcoming_meetings(self, data: SchoolData):
        """The next four weekly meetings, planned (nothing on their agenda yet)."""
        day = self.today + datetime.timedelta(days=1)
        out = []
        series = uuid.uuid4()
        while len(out) < 4:
            if day.weekday() == data.team.meeting_weekday:
                out.append(
                    Meeting(
                        team=data.team, starts_at=at(day, 11), location="Møterom", series=series, created_by=data.lead
                    )
                )
            day += datetime.timedelta(days=1)
        Meeting.objects.bulk_create(out)

    # -- the access log ---------------------------------------------------------------------------
    def _log(self, data: SchoolData, years):
        """`log_per_day` reads a school day by the team and the teachers, chained in order of time."""
        rng = self.rng
        chain = chain_name(data.school.pk)
        head, _ = ChainHead.objects.get_or_create(chain=chain)
        seq, prev = head.seq, head.hash
        readers = data.members + data.teachers[:4]
        roles = {
            u.pk: ("Rektor" if u is data.lead else "Ressursteam" if u in data.members else "Kontaktlærer")
            for u in readers
        }
        cases = data.cases
        for year in years:
            entries = []
            for day in school_days(year, self.today):
                for k in range(self.log_per_day):
                    user = rng.choice(readers)
                    case = rng.choice(cases)
                    action = rng.choice(ACTIONS)
                    entries.append(
                        AccessLogEntry(
                            chain=chain,
                            at=at(day, 7 + k * 11 // max(1, self.log_per_day), k % 60),
                            user_id=user.pk,
                            username=user.username,
                            role=roles[user.pk],
                            school_id=data.school.pk,
                            student_id=case.student_id,
                            action=action,
                            object_type="case",
                            object_id=str(case.pk),
                        )
                    )
            seq, prev = chain_link(entries, seq=seq, prev_hash=prev)
            write_log(entries)
        ChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)


LOG_COLUMNS = [
    "chain",
    "seq",
    "at",
    "user_id",
    "username",
    "role",
    "school_id",
    "student_id",
    "action",
    "object_type",
    "object_id",
    "detail",
    "reason",
    "emergency",
    "prev_hash",
    "hash",
]


def write_log(entries):
    """COPY on PostgreSQL (millions of rows), bulk_create elsewhere."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        AccessLogEntry.objects.bulk_create(entries, batch_size=BATCH)
        return
    table = AccessLogEntry._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(LOG_COLUMNS)}) FROM STDIN") as copy,
    ):
        for e in entries:
            copy.write_row([getattr(e, c) for c in LOG_COLUMNS])
