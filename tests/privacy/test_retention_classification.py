"""Retention is driven by the classification: every confidential and health field of every row
reachable from a case is emptied by the purge, and every stored file is deleted. A new model with a
foreign key to a case (or to anything of a case) fails here until the fixture plants a row of it,
and is then purged without anyone adding it to a list."""

import datetime
import json
import zipfile

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from laget.attendance.models import FollowUp, StepRecord
from laget.attendance.presets import preset_load
from laget.cases.models import Case, Evaluation, Measure, TriedMeasure
from laget.ladders.models import Ladder, LadderMove
from laget.ladders.presets import ensure_ladder_presets
from laget.meetings import services as meeting_services
from laget.meetings.models import Task
from laget.organisations.access import Access
from laget.ppt.models import PptProcess, PptStep, Step
from laget.ppt.routines import routine_for_school
from laget.privacy.archive import MANIFEST
from laget.privacy.case_data import case_models
from laget.privacy.retention import retention_run
from laget.students.models import Guardian, Student

CANARY = "Ola Nordmann gråter"


@pytest.fixture
def every_row_of_a_case(world, restricted_case):
    """The restricted case (referral, attachment, consents, health note, plan, measure, timeline)
    and a row of everything else a case has: tried measure, evaluation, agenda item, task, ladder
    move, PPT process and step, attendance follow-up with a step record."""
    case, lead = restricted_case, world.lead
    referral = case.referral
    TriedMeasure.objects.create(referral=referral, measure="Lesekurs")
    measure = Measure.objects.get(case=case)
    Evaluation.objects.create(
        measure=measure,
        effect=Evaluation.Effect.values[0],
        assessment="x",
        date=datetime.date(2026, 12, 1),
        evaluated_by=lead,
    )
    access = Access(lead)
    meeting = meeting_services.meeting_create(
        access=access, team=world.team, starts_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 12, 0))
    )
    item = meeting_services.agenda_item_add(access=access, meeting=meeting, part=2, case=case)
    Task.objects.create(
        school=world.school,
        team=world.team,
        meeting=meeting,
        agenda_item=item,
        case=case,
        title="x",
        owner=world.member,
        deadline=datetime.date(2026, 11, 1),
        created_by=lead,
    )
    ensure_ladder_presets()
    ladder = Ladder.objects.get(code="oslo_six")
    LadderMove.objects.create(case=case, ladder=ladder, to_level=ladder.levels.first(), moved_by=lead, reason="x")
    routine = routine_for_school(world.school)
    process = PptProcess.objects.create(
        school=world.school,
        case=case,
        roles=dict(routine.roles),
        iep_days=routine.iep_days,
        step_days=routine.step_days,
        keep_half_year_report=routine.keep_half_year_report,
        created_by=lead,
    )
    PptStep.objects.create(process=process, step=Step.REFERRAL_DRAFTED, date=datetime.date(2026, 9, 10), done_by=lead)
    attendance_ladder = preset_load("breivang")
    followup = FollowUp.objects.create(
        school=world.school,
        student=world.student,
        ladder=attendance_ladder,
        opened_on=datetime.date(2026, 9, 3),
        case=case,
    )
    StepRecord.objects.create(
        followup=followup,
        step=attendance_ladder.steps.first(),
        done_on=datetime.date(2026, 9, 4),
        what_done="x",
        recorded_by=lead,
    )
    from laget.documents.models import ArchivedDocument

    ArchivedDocument.objects.create(
        school=world.school,
        case=case,
        kind=ArchivedDocument.Kind.values[0],
        object_id=case.pk,
        source_version=1,
        version=1,
        title="x",
        filename="x.pdf",
        checksum="0" * 64,
        size=1,
        package="x.zip",
        archived_at=timezone.now(),
        archived_by=lead,
    )
    return case


def plant(row, field, world) -> str | None:
    """Put the canary (or the student, a guardian, a file naming the student) into one field."""
    if field.is_relation:
        target = {Student: world.student, Guardian: world.guardian}.get(field.related_model)
        if target is not None:  # a link to the case itself stays: it is how the row is found
            setattr(row, field.name, target)
        return None
    if isinstance(field, models.FileField):
        getattr(row, field.name).save(f"{field.name}.txt", ContentFile(CANARY.encode()), save=False)
        return getattr(row, field.name).name
    if isinstance(field, models.JSONField):
        setattr(row, field.name, [CANARY])
    elif isinstance(field, models.BooleanField):
        setattr(row, field.name, True)
    else:
        setattr(row, field.name, CANARY[: field.max_length or None])
    return None


def test_every_confidential_and_health_field_reachable_from_a_case_is_purged(
    world, every_row_of_a_case, archive_root, django_capture_on_commit_callbacks
):
    case = every_row_of_a_case
    entries = [e for e in case_models() if e.personal]
    # The walk finds what a hand-written list forgot: PPT, attendance follow-ups, ladder moves.
    labels = {e.label for e in entries}
    assert {"ppt.PptProcess", "ppt.PptStep", "attendance.FollowUp", "attendance.StepRecord"} <= labels
    assert {"cases.Referral", "cases.Attachment", "meetings.AgendaItem", "meetings.Task"} <= labels

    stored, planted = [], []
    for entry in [*entries]:
        rows = list(entry.rows(case))
        assert rows, f"plant a row of {entry.label} in every_row_of_a_case: it has personal fields"
        for row in rows:
            for field in entry.personal:
                if not field.many_to_many:
                    stored.append(plant(row, field, world))
                    planted.append((entry.label, field.name))
            row.save()
    case.title, case.outcome_note = CANARY, CANARY
    case.status, case.outcome, case.closed_on = Case.Status.CLOSED, Case.Outcome.RESOLVED, datetime.date(2026, 12, 1)
    case.first_concern_date = datetime.date(2026, 9, 1)
    case.save()
    stored = [name for name in stored if name]
    storage = PptProcess._meta.get_field("pedagogical_report_file").storage
    assert stored
    assert all(storage.exists(name) for name in stored)
    assert len(planted) >= 30  # every personal field of every row: the sum the purge must answer for

    later = datetime.datetime(2037, 6, 15, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert [c.pk for c in retention_run()] == [case.pk]

    leftovers = []
    for entry in entries:
        for row in entry.rows(case):
            for field in entry.personal:
                value = getattr(row, field.attname) if not field.many_to_many else list(getattr(row, field.name).all())
                if value not in (None, "", [], {}, False):
                    leftovers.append(f"{entry.label}.{field.name} = {value!r}")
    case.refresh_from_db()
    for name in ("student_id", "title", "outcome_note"):
        if getattr(case, name) not in (None, ""):
            leftovers.append(f"cases.Case.{name}")
    assert leftovers == []
    assert [name for name in stored if storage.exists(name)] == []  # files deleted from storage
    assert case.grade == 5  # the anonymous key figure is kept
    assert PptProcess.objects.filter(case=case).exists()  # blanked, not deleted: counts stay
    # What was purged was archived first: the PPT path and the attendance follow-up too.
    with zipfile.ZipFile(archive_root / str(case.school_id) / case.archive_name) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        ppt_files = [n for n in zf.namelist() if n.startswith("ppt/")]
    assert manifest["ppt"][0]["referral_reason"] == CANARY
    assert manifest["ppt"][0]["steps"][0]["note"] == CANARY
    assert manifest["attendance"][0]["records"][0]["what_done"] == CANARY
    assert len(ppt_files) == 2  # the pedagogical report and the step's document
