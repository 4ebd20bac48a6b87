"""Fixtures for the document tests: a full referral, an action plan with measures, a meeting with an agenda."""

import datetime

import pytest
from django.utils import timezone

from laget.cases.models import ActionPlan, Evaluation, HealthNote, Measure, TriedMeasure
from laget.meetings import minutes as minutes_services
from laget.meetings import services as meeting_services
from laget.meetings.models import AgendaItem, Attendance, Meeting, Task
from laget.organisations.access import Access


@pytest.fixture
def full_case(world, case_factory):
    """Builds a case with every referral field filled and a restricted health note."""

    def build(*, consent: bool):
        case = case_factory(consent=consent)
        referral = case.referral
        referral.social_description = "Trives i friminuttene, men Ola trekker seg unna i grupper."
        referral.working_methods = "Jobber best med korte oppgaver."
        referral.mapping_results = "Kartleggeren: under bekymringsgrensen i lesing."
        referral.strengths = "Flink i matematikk og kroppsøving."
        referral.learning_environment = "Rolig klasse med 24 elever."
        referral.challenge_other = ""
        referral.save()
        TriedMeasure.objects.create(
            referral=referral, measure="Lesekurs i liten gruppe", period="Uke 34–40", assessment="Noe effekt"
        )
        HealthNote.objects.create(case=case, text="HEMMELIG HELSENOTAT", author=world.nurse)
        return case

    return build


@pytest.fixture
def plan_for(world):
    def build(case):
        plan = ActionPlan.objects.create(
            case=case,
            date_discussed=datetime.date(2026, 9, 15),
            date_reviewed_with_guardians=datetime.date(2026, 9, 20),
            evaluation_date=datetime.date(2026, 11, 1),
            present="Rita Rektorsen, Per Pedersen",
            absent="Hanne Helse",
            referent="Per Pedersen",
            challenges=["lesevansker", "konsentrasjon"],
            challenge_other="Lite søvn, sier Ola.",
            main_challenge="Avkoding i lesing",
            main_goal="Lese alderstilpasset tekst innen jul",
            created_by=world.lead,
        )
        measure = Measure.objects.create(
            case=case,
            action_plan=plan,
            description="Lesetrening 3 x 20 min i uka",
            owner=world.teacher,
            start_date=datetime.date(2026, 9, 21),
            evaluation_date=datetime.date(2026, 11, 1),
        )
        Evaluation.objects.create(
            measure=measure,
            effect=Evaluation.Effect.SOME,
            assessment="Bedre flyt, fortsatt langsom",
            date=datetime.date(2026, 11, 1),
            continue_measure=True,
            evaluated_by=world.teacher,
        )
        return plan

    return build


@pytest.fixture
def meeting_with(world):
    def build(*cases):
        meeting = Meeting.objects.create(
            team=world.team,
            starts_at=timezone.make_aware(datetime.datetime(2026, 9, 22, 12, 0)),
            location="Møterom 1",
            created_by=world.lead,
        )
        AgendaItem.objects.create(
            meeting=meeting,
            part=AgendaItem.Part.SYSTEM,
            position=1,
            title="Læringsmiljøet på 5. trinn",
            preparer=world.lead,
            minutes=30,
        )
        for i, case in enumerate(cases, start=1):
            AgendaItem.objects.create(
                meeting=meeting,
                part=AgendaItem.Part.INDIVIDUAL,
                position=i,
                kind=AgendaItem.Kind.CASE,
                case=case,
                title=f"Lesing – {case.student.first_name}" if case.student else case.title,
                preparer=world.member,
                minutes=20,
            )
        return meeting

    return build


@pytest.fixture
def documents_for(full_case, plan_for, meeting_with):
    """The five document URLs for one fully filled case (consent or not)."""
    from django.urls import reverse

    def build(*, consent: bool) -> dict[str, str]:
        case = full_case(consent=consent)
        plan = plan_for(case)
        meeting = meeting_with(case)
        return {
            "referral_pdf": reverse("documents:referral_pdf", args=[case.referral.pk]),
            "invitation_pdf": reverse("documents:invitation_pdf", args=[meeting.pk]),
            "plan_pdf": reverse("documents:plan_pdf", args=[plan.pk]),
            "consent_pdf": reverse("documents:consent_pdf", args=[case.pk]),
            "consent_blank_pdf": reverse("documents:consent_blank_pdf", args=[case.pk]),
        }

    return build


@pytest.fixture
def approved(world, case_factory):
    """A held meeting: Ola's case named (consent), Kari's anonymous, a system topic; minutes approved."""
    lead = Access(world.lead)
    named = case_factory(consent=True)
    anonymous = case_factory(student=world.student2)
    starts = timezone.now() - datetime.timedelta(days=1)
    meeting = meeting_services.meeting_create(access=lead, team=world.team, starts_at=starts)
    system = meeting_services.agenda_item_add(
        access=lead, meeting=meeting, part=AgendaItem.Part.SYSTEM, title="Arbeidsro i 6. trinn"
    )
    item_named = meeting_services.agenda_item_add(
        access=lead, meeting=meeting, part=AgendaItem.Part.INDIVIDUAL, case=named
    )
    item_anon = meeting_services.agenda_item_add(
        access=lead, meeting=meeting, part=AgendaItem.Part.INDIVIDUAL, case=anonymous
    )
    AgendaItem.objects.filter(pk=system.pk).update(notes="Felles regler for overganger.")
    AgendaItem.objects.filter(pk=item_named.pk).update(notes="Ola leser bedre etter lesekurset.")
    AgendaItem.objects.filter(pk=item_anon.pk).update(notes="Kari Hansen gråter i friminuttene; Hans ringer skolen.")
    Task.objects.create(
        school=world.school,
        team=world.team,
        meeting=meeting,
        agenda_item=item_anon,
        case=anonymous,
        title="Ringe Hans om Kari",
        owner=world.member,
        deadline=datetime.date(2026, 12, 15),
        created_by=world.lead,
    )
    Attendance.objects.update_or_create(
        meeting=meeting, user=world.member, defaults={"status": "present", "is_referent": True}
    )
    Attendance.objects.update_or_create(meeting=meeting, user=world.lead, defaults={"status": "present"})
    Attendance.objects.update_or_create(meeting=meeting, user=world.nurse, defaults={"status": "absent"})
    plan = ActionPlan.objects.create(
        case=named,
        meeting=meeting,
        date_discussed=timezone.localdate(starts),
        main_challenge="Lesing",
        main_goal="Leser 60 ord i minuttet",
        created_by=world.lead,
    )
    Measure.objects.create(
        case=named,
        action_plan=plan,
        description="Lesekurs 3 x 20 min",
        owner=world.teacher,
        evaluation_date=datetime.date(2027, 1, 15),
    )
    minutes_services.meeting_start(access=lead, meeting=meeting)  # only a held meeting's minutes are approved
    Attendance.objects.filter(meeting=meeting, status="expected").update(status="absent")
    minutes_services.minutes_approve(access=lead, meeting=meeting)
    return meeting, named, anonymous
