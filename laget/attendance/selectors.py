"""Reads for attendance follow-up, scoped by need-to-know (rule 1).

A student's absence is register data: seen by those the disclosure policy gives a reason
(laget.cases.disclosure.students_visible_to: the contact teacher, the register role, a case named to
them …) and by the attendance follower of the student's follow-up; everything else is 404."""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from laget.cases import disclosure
from laget.organisations.access import Access
from laget.organisations.models import Membership, School
from laget.students.models import Student

from . import ladder as ladder_rules
from .models import FOLLOWER_ROLE, Absence, FollowUp, FormEntry, LadderStep, StepRecord


def may_work(access: Access, student: Student) -> bool:
    """Registers absence and walks the ladder: the school's team, or the student's contact teacher."""
    return access.is_team_member(student.school_id) or student.school_class_id in access.contact_class_ids


def attendance_register_school_ids(access: Access) -> set[int]:
    """Schools whose absence register this user keeps: the routine's attendance follower role."""
    return {m.team.school_id for m in access.memberships if m.role.code == FOLLOWER_ROLE}


def attendance_students(access: Access):
    followed = FollowUp.objects.filter(follower_id=access.user.pk).values("student_id")
    return Student.objects.filter(
        Q(pk__in=disclosure.students_visible_to(access).values("pk"))
        | Q(school_id__in=attendance_register_school_ids(access))
        | Q(pk__in=followed, school_id__in=access.staff_school_ids)
    ).select_related("school_class", "school")


def attendance_student_get(access: Access, pk) -> Student:
    student = attendance_students(access).filter(pk=pk).first()
    if student is None:
        raise Http404
    return student


def attendance_schools(access: Access) -> list[School]:
    """Schools where the user works attendance (team, or contact teacher of a class there)."""
    ids = set(access.team_school_ids)
    if access.contact_class_ids:
        ids |= set(
            Student.objects.filter(school_class_id__in=access.contact_class_ids).values_list("school_id", flat=True)
        )
    return list(School.objects.filter(pk__in=ids).order_by("name"))


def followup_get(access: Access, pk) -> FollowUp:
    followup = (
        FollowUp.objects.filter(pk=pk, student__in=attendance_students(access).values("pk"))
        .select_related("student", "student__school_class", "school", "ladder", "follower", "case")
        .first()
    )
    if followup is None:
        raise Http404
    return followup


def ladder_steps(ladder_id) -> list[LadderStep]:
    return list(LadderStep.objects.filter(ladder_id=ladder_id).order_by("number"))


def role_holders(school_ids) -> dict:
    """(school_id, role code) -> user ids of active team members holding that role, in a fixed order."""
    holders = defaultdict(list)
    rows = (
        Membership.objects.filter(team__school_id__in=school_ids, active=True)
        .order_by("pk")
        .values_list("team__school_id", "role__code", "user_id")
    )
    for school_id, code, user_id in rows:
        if user_id not in holders[(school_id, code)]:
            holders[(school_id, code)].append(user_id)
    return holders


def followers_of(school_id) -> list:
    """Attendance followers (nærværsoppfølgere) of the school's team, with e-mail."""
    memberships = Membership.objects.filter(
        team__school_id=school_id, role__code=FOLLOWER_ROLE, active=True
    ).select_related("user")
    users = {m.user_id: m.user for m in memberships}
    return list(users.values())


def undocumented_since_last_closed(student: Student) -> int:
    """Undocumented absences that count towards the threshold: those after the last closed follow-up."""
    last_closed = (
        FollowUp.objects.filter(student=student, status=FollowUp.Status.CLOSED)
        .order_by("-closed_on")
        .values_list("closed_on", flat=True)
        .first()
    )
    qs = Absence.objects.filter(student=student, kind=Absence.Kind.UNDOCUMENTED)
    if last_closed:
        qs = qs.filter(date__gt=last_closed)
    return qs.count()


def _followups_with_records():
    return FollowUp.objects.select_related("ladder").prefetch_related(
        Prefetch("records", queryset=StepRecord.objects.select_related("step"))
    )


def ladder_state(followup: FollowUp, steps: list[LadderStep], today=None) -> dict:
    """Every step of the ladder with its record, deadline and status; the next step and whether it is overdue."""
    today = today or timezone.localdate()
    records = list(followup.records.all())
    by_step = {r.step_id: r for r in records}
    upcoming = ladder_rules.next_step(followup, steps, records) if followup.status == FollowUp.Status.OPEN else None
    rows = []
    for step in steps:
        record = by_step.get(step.pk)
        due = (
            ladder_rules.step_due(step, followup, steps, records) if step.phase == LadderStep.Phase.FOLLOW_UP else None
        )
        eval_due = ladder_rules.evaluation_due(step, record)
        rows.append(
            {
                "step": step,
                "record": record,
                "due": due,
                "is_next": upcoming is not None and step.pk == upcoming.pk,
                "overdue": record is None and due is not None and due < today and upcoming is not None,
                "evaluation_due": eval_due,
                "evaluation_overdue": bool(record and eval_due and not record.evaluated_on and eval_due < today),
                "preventive": step.phase == LadderStep.Phase.PREVENTIVE,
            }
        )
    next_row = next((r for r in rows if r["is_next"]), None)
    return {
        "rows": rows,
        "next": next_row,
        "overdue": bool(next_row and next_row["due"] and next_row["due"] < today),
    }


def overview_rows(access: Access, today=None) -> list[dict]:
    """Students with absence or a follow-up, with counts, the open follow-up and its next step —
    in a fixed number of queries however many students there are."""
    students = list(
        attendance_students(access)
        .annotate(
            undocumented=Count("absences", filter=Q(absences__kind=Absence.Kind.UNDOCUMENTED), distinct=True),
            documented=Count("absences", filter=Q(absences__kind=Absence.Kind.DOCUMENTED), distinct=True),
            followups=Count("attendance_followups", distinct=True),
        )
        .filter(Q(undocumented__gt=0) | Q(documented__gt=0) | Q(followups__gt=0))
        .order_by("school_class__grade", "school_class__name", "last_name", "first_name")
    )
    open_followups = {
        f.student_id: f
        for f in _followups_with_records().filter(student_id__in=[s.pk for s in students], status=FollowUp.Status.OPEN)
    }
    steps_by_ladder = {}
    ladder_ids = {f.ladder_id for f in open_followups.values()}
    for step in LadderStep.objects.filter(ladder_id__in=ladder_ids).order_by("number"):
        steps_by_ladder.setdefault(step.ladder_id, []).append(step)
    rows = []
    for student in students:
        followup = open_followups.get(student.pk)
        state = ladder_state(followup, steps_by_ladder.get(followup.ladder_id, []), today) if followup else None
        rows.append({"student": student, "followup": followup, "state": state})
    return rows


def absences_for(student: Student):
    return Absence.objects.filter(student=student).select_related("registered_by").order_by("-date")


def followups_for(student: Student):
    return _followups_with_records().filter(student=student).select_related("case")


def form_rows(student: Student) -> list[dict]:
    """The form's Dato / Tiltak / Kommentar rows: entries written on the form, and the ladder steps taken."""
    rows = [
        {"date": e.date, "measure": e.measure, "comment": e.comment} for e in FormEntry.objects.filter(student=student)
    ]
    for record in StepRecord.objects.filter(followup__student=student).select_related("step"):
        comment = record.what_done
        if record.evaluation:
            comment = f"{comment}\n{record.evaluation}"
        rows.append(
            {"date": record.done_on, "measure": f"{record.step.number}. {record.step.title}", "comment": comment}
        )
    rows.sort(key=lambda r: r["date"] or datetime.date.min)
    return rows


def current_follower(student: Student):
    followup = FollowUp.objects.filter(student=student).select_related("follower").order_by("-opened_on").first()
    if followup and followup.follower:
        return followup.follower
    followers = followers_of(student.school_id)
    return followers[0] if followers else None
