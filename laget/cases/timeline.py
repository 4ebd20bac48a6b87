"""The case and student timeline: services append one entry per thing that happened."""

from django.utils import timezone

from .models import TimelineEntry


def timeline_add(
    *, case=None, student=None, school=None, kind: str, summary: str, actor=None, restricted: bool = False, at=None
) -> TimelineEntry:
    """Append to the timeline. `summary` must not name the student (the page decides how to show identity)."""
    if case is not None:
        student = student if student is not None else case.student
        school = school or case.school
    return TimelineEntry.objects.create(
        school=school,
        case=case,
        student=student,
        at=at or timezone.now(),
        kind=kind,
        summary=summary[:300],
        actor=actor,
        restricted=restricted,
    )


def timeline_for_case(case, *, include_restricted: bool):
    qs = case.timeline.select_related("actor")
    return qs if include_restricted else qs.filter(restricted=False)


def timeline_for_student(student, *, include_restricted: bool, case_ids=None):
    qs = TimelineEntry.objects.filter(student=student).select_related("actor", "case")
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    return qs if include_restricted else qs.filter(restricted=False)
