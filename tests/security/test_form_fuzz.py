"""Hostile input to every form view as a user who may use it (issue "Privacy and security", item 11).

Each form is read from the page the user sees; Hypothesis keeps, drops or replaces every field
(unicode, control characters, very long text, impossible dates, huge numbers, invalid choices,
bad files) and adds unknown ones. The answer is never a server error (the test client re-raises
it), and a submission that is refused stores nothing half-way: row counts are unchanged, except
the referral draft, which is saved by design so the teacher loses nothing.

Every example runs in a savepoint that is rolled back, so the function-scoped fixtures are the
same for every example: the health check about them is suppressed deliberately.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from form_fuzz_strategies import forms_on, submissions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security_helpers import rolled_back

FUZZ = settings(
    max_examples=8,  # ~45 forms on 2 cores within the two-minute budget of tests/security
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_FILTERS = settings(FUZZ, max_examples=6)  # a filter is a read: fewer examples

# (form view, who submits, object for the target URL, page the form is on and its object)
FORM_VIEWS = {
    "cases:referral_create": ("teacher", None, "cases:referral_create", None),
    "cases:referral_edit": ("teacher", "draft", "cases:referral_edit", "draft"),
    "cases:consent_record": ("lead", "case", "cases:consent_record", "case"),
    "cases:healthnote_add": ("nurse", "case", "cases:case_detail", "case"),
    "cases:case_close": ("lead", "case", "cases:case_detail", "case"),
    "cases:case_area": ("lead", "case", "cases:case_detail", "case"),
    "plans:plan_create": ("member", "case", "plans:plan_create", "case"),
    "plans:plan_edit": ("member", "plan", "plans:plan_edit", "plan"),
    "plans:measure_evaluate": ("teacher", "measure", "plans:measure_evaluate", "measure"),
    "meetings:meeting_create": ("lead", None, "meetings:meeting_create", None),
    "meetings:series_create": ("lead", None, "meetings:series_create", None),
    "meetings:agenda_item_add": ("lead", "meeting", "meetings:meeting_detail", "meeting"),
    "meetings:agenda_item_edit": ("lead", "item", "meetings:agenda_item_edit", "item"),
    "meetings:attendance": ("lead", "meeting", "meetings:attendance", "meeting"),
    "meetings:notes_save": ("member", "item", "meetings:minutes", "meeting"),
    "meetings:task_create": ("member", "item", "meetings:minutes", "meeting"),
    "meetings:case_put": ("lead", "case", "cases:case_detail", "case"),
    "attendance:absence_create": ("member", None, "attendance:absence_create", None),
    "attendance:absence_import": ("member", None, "attendance:absence_import", None),
    "students:register_upload": ("lead", None, "students:register_upload", None),
    "students:register_preview": ("lead", "register_import", "students:register_preview", "register_import"),
    "students:class_contacts": ("lead", "school_class", "students:class_contacts", "school_class"),
    "team:member_add": ("lead", "team", "team:team", None),
    "team:member_edit": ("lead", "membership", "team:member_edit", "membership"),
    "team:agency_add": ("lead", "team", "team:team", None),
    "team:agency_edit": ("lead", "agency", "team:agency_edit", "agency"),
    "attendance:step_record": ("member", "followup", "attendance:followup_detail", "followup"),
    "attendance:followup_close": ("member", "followup", "attendance:followup_detail", "followup"),
    "attendance:student_form": ("teacher", "student", "attendance:student_form", "student"),
    "attendance:step_evaluate": ("member", "followup", "attendance:followup_detail", "followup"),
    # PPT: the lead drafts and records steps (nobody holds the default routine's roles in the fixture)
    "ppt:case_ppt": ("lead", "case", "ppt:case_ppt", "case"),
    "ppt:step_record": ("lead", "ppt_process", "ppt:process_detail", "ppt_process"),
    "ppt:report_record": ("lead", "ppt_process", "ppt:process_detail", "ppt_process"),
    # emergency access: a teacher of another class asks for the student
    "audit:emergency_request": ("other_teacher", "student", "audit:emergency_request", "student"),
    "guests:guest_manage": ("lead", "upcoming_meeting", "guests:guest_manage", "upcoming_meeting"),
    # the account: second factor, enrolment and e-mail after re-authentication
    "accounts:reauth": ("member", None, "accounts:reauth", None),
    "accounts:email_change": ("member", None, "accounts:email_change", None),
    "accounts:enrol": ("member", None, "accounts:enrol", None),
    "accounts:verify": ("member", None, "accounts:verify", None),
    "accounts:password_change": ("member", None, "accounts:password_change", None),
    "password_reset": ("member", None, "password_reset", None),
    "guests:signin_request": ("guest", None, "guests:signin_request", None),
    "accounts:language": ("member", None, "accounts:account", None),
    "ladders:case_move": ("member", "case", "cases:case_detail", "case"),
    # the routine page: the lead picks a preset, and edits the settings of a loaded routine
    "routines:load": ("lead", None, "routines:routine", None),
    "routines:edit": ("lead", None, "routines:edit", None),
    # the annual wheel: the lead fetches it from the routine, activates a year, adds and removes items
    "wheel:seed": ("lead", None, "wheel:year", None),
    "wheel:materialise": ("lead", None, "wheel:year", None),
    "wheel:item_create": ("lead", None, "wheel:item_create", None),
    "wheel:item_delete": ("lead", "wheel_item", "wheel:year", None),
    "wheel:routine_create": ("lead", None, "wheel:routine_create", None),
    "wheel:routine_edit": ("lead", "routine_description", "wheel:routine_edit", "routine_description"),
}
# Filter forms (method="get"): the generated values go in the query string.
GET_FORM_VIEWS = {
    "deadlines:school": ("lead", None, "deadlines:school", None),
    "audit:log_review": ("lead", None, "audit:log_review", None),
    "audit:emergency_search": ("other_teacher", None, "audit:emergency_search", None),
}
# URL arguments after the object's pk (the ladder step being recorded, the PPT step or report).
EXTRA_ARGS = {
    "attendance:step_record": [5],
    "attendance:step_evaluate": [5],
    "ppt:step_record": ["assessment_received"],
    "ppt:report_record": ["annual"],
}


def _ppt_steps_done_before(step):
    """The PPT process with the chain done up to `step` (None: all of it, so the IEP reports are due)."""

    def prepare(client, people, objects):
        from laget.ppt.models import STEP_ORDER, PptStep

        process = objects["ppt_process"]
        end = STEP_ORDER.index(step) if step else len(STEP_ORDER)
        for i, name in enumerate(STEP_ORDER[1:end], start=1):
            PptStep.objects.create(
                process=process, step=name, date=datetime.date(2026, 9, 10 + i), done_by=people["lead"]
            )

    return prepare


def _attendance_step_5_recorded(client, people, objects):
    from laget.attendance.models import StepRecord

    followup = objects["followup"]
    StepRecord.objects.create(
        followup=followup,
        step=followup.ladder.steps.get(number=5),
        done_on=datetime.date(2026, 9, 10),
        what_done="Samtale med eleven",
        recorded_by=people["member"],
    )


def _reauthenticated(client, people, objects):
    from laget.accounts import sessions

    session = client.session
    sessions.mark_reauthenticated(session)
    session.save()


def _second_factor_pending(client, people, objects):
    """Signed in with the password only: the code page shows its form."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


# State the form needs before it is shown (a step to evaluate, a fresh re-authentication …).
def _routine_loaded(client, people, objects):
    from laget.organisations.models import Team
    from laget.routines.services import routine_load_preset

    team = Team.objects.filter(memberships__user=people["lead"]).first()
    routine_load_preset(school=team.school, preset="hustadvika_barneskole")


def _wheel_empty(client, people, objects):
    """The seed button shows only while the school's wheel has no items."""
    from laget.wheel.models import WheelItem

    WheelItem.objects.all().delete()


def _another_meeting_planned(client, people, objects):
    """The case page offers "Sett på møtet" while a planned meeting does not have the case yet."""
    import datetime

    from django.utils import timezone

    from laget.meetings.services import meeting_create
    from laget.organisations.access import Access

    team = objects["meeting"].team
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=21)
    meeting_create(access=Access(people["lead"]), team=team, starts_at=starts)


PREPARE = {
    "meetings:case_put": _another_meeting_planned,
    "wheel:seed": _wheel_empty,
    "routines:edit": _routine_loaded,
    "attendance:step_evaluate": _attendance_step_5_recorded,
    "ppt:step_record": _ppt_steps_done_before("assessment_received"),  # dated, with a file
    "ppt:report_record": _ppt_steps_done_before(None),
    "accounts:email_change": _reauthenticated,
    "accounts:enrol": _reauthenticated,
    "accounts:verify": _second_factor_pending,
}
# The referral draft is saved even when it cannot be submitted yet (rule 9: lose nothing typed).
SAVED_BY_DESIGN = {
    "cases:referral_create": {"cases.referral", "cases.triedmeasure", "cases.attachment", "cases.timelineentry"},
    "cases:referral_edit": {"cases.referral", "cases.triedmeasure", "cases.attachment", "cases.timelineentry"},
}
NOT_COUNTED = {"audit"}  # every read writes an access-log row, refused or not


def _url(name, obj_key, objects):
    return reverse(name, args=[objects[obj_key].pk, *EXTRA_ARGS.get(name, [])]) if obj_key else reverse(name)


def counts() -> dict:
    models = [m for m in apps.get_models() if m.__module__.startswith("laget.")]
    models = [m for m in models if m._meta.app_label not in NOT_COUNTED]
    return {m._meta.label_lower: m.objects.count() for m in models}


def target_form(client, view, objects, views=FORM_VIEWS):
    _role, obj_key, page_name, page_obj = views[view]
    page_url = _url(page_name, page_obj, objects)
    response = client.get(page_url)
    assert response.status_code == 200, f"{page_url}: {response.status_code}"
    target = _url(view, obj_key, objects)
    found = [f for f in forms_on(response.content.decode(), page_url) if f.action.split("?")[0].split("#")[0] == target]
    assert found, f"no form posting to {target} on {page_url}"
    return target, found[0]


@pytest.mark.parametrize("view", sorted(FORM_VIEWS))
def test_hostile_input_never_breaks_a_form(client, schools, view):
    (people, objects), _other = schools
    client.force_login(people[FORM_VIEWS[view][0]])
    if view in PREPARE:
        PREPARE[view](client, people, objects)
    target, form = target_form(client, view, objects)
    allowed_to_change = SAVED_BY_DESIGN.get(view, set())

    @FUZZ
    @given(data=submissions(form), submit=st.booleans())
    def submit_once(data, submit):
        if submit and view.startswith("cases:referral"):
            data["submit"] = "1"
        with rolled_back():
            before = counts()
            response = client.post(target, data)
            assert response.status_code < 500
            if response.status_code != 302:
                after = counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                unexpected = {k: v for k, v in changed.items() if k not in allowed_to_change}
                assert not unexpected, f"refused submission ({response.status_code}) stored rows: {unexpected}"

    submit_once()


@pytest.mark.parametrize("view", sorted(GET_FORM_VIEWS))
def test_hostile_filters_never_break_a_page(client, schools, view):
    """Filter forms (GET): any query string gives a page or a 404, never a server error, and stores nothing."""
    (people, objects), _other = schools
    client.force_login(people[GET_FORM_VIEWS[view][0]])
    target, form = target_form(client, view, objects, GET_FORM_VIEWS)

    @FUZZ_FILTERS
    @given(data=submissions(form))
    def filter_once(data):
        with rolled_back():
            before = counts()
            response = client.get(target, data)
            assert response.status_code < 500
            assert counts() == before

    filter_once()


def test_forged_formset_counts_are_capped():
    """A forged TOTAL_FORMS must not make a view build (and re-render) thousands of forms: Django's
    default cap is max_num + 1000. Measured: 99999999 on the plan form gives 2000 forms, 17 s, 5 MB."""
    from laget.cases.forms import TriedMeasureFormSet
    from laget.cases.plan_forms import measure_formset

    caps = {
        "cases.forms.TriedMeasureFormSet (referral)": TriedMeasureFormSet.absolute_max,
        "cases.plan_forms.measure_formset (action plan)": measure_formset(owners=[]).absolute_max,
    }
    too_many = {name: cap for name, cap in caps.items() if cap > 100}
    assert not too_many, f"formsets accepting more than 100 forms (set absolute_max): {too_many}"


def test_every_form_view_in_the_matrix_is_fuzzed():
    """Every URL in the permission table is fuzzed here, or is a read or a plain button."""
    from permission_table import TABLE

    posts_only_buttons = {
        # These take no input but a click (or a direction / next URL, checked by the matrix).
        "logout",
        "login",
        "meetings:agenda_item_remove",
        "cases:referral_delete",  # a click, then a confirm page (tests/cases/test_referral_sending.py)
        "meetings:agenda_item_move",
        "meetings:invitation_send",
        "meetings:minutes_approve",
        "meetings:meeting_start",
        "meetings:topic_to_case",
        "meetings:meeting_finish",
        "meetings:minutes_reopen",
        "meetings:task_done",
        "audit:emergency_review",
        "guests:guest_revoke",
        "team:member_remove",
        "accounts:logout_everywhere",
        "accounts:recovery_codes_new",
        # Behind a token URL: fuzzed in tests/accounts/test_password_reset.py.
        "password_reset_confirm",
        # A guest's link: one button; the code form needs that link opened in this browser, so it is
        # fuzzed in tests/guests/test_guest_signin.py.
        "guests:signin",
        "guests:signin_code",
        # Feide: no form of ours (the login form is Feide's); the callback takes Feide's answer.
        "feide_login",
        "feide_callback",
        # New / delete calendar-feed token: a click, tested in tests/deadlines.
        "deadlines:feed_regenerate",
        "deadlines:feed_revoke",
        # Send what is due to the archive folders: a click, tested in tests/documents.
        "documents:archive_send",
    }
    not_fuzzed = set(TABLE) - posts_only_buttons - READ_ONLY_VIEWS - set(FORM_VIEWS)
    assert not not_fuzzed, f"form views missing from FORM_VIEWS (or say why in this test): {sorted(not_fuzzed)}"


READ_ONLY_VIEWS = {
    "documents:archive",
    "routines:routine",  # its preset form posts to routines:load
    "healthz",
    "readyz",
    "deadlines:school",
    "deadlines:mine",
    "deadlines:calendar_feed",
    "home:my_page",
    "home:student_detail",
    "students:student_list",
    "students:register_example",
    "students:class_list",
    "team:team",
    "cases:referral_list",
    "cases:attachment_download",
    "cases:case_list",
    "cases:case_detail",
    "cases:consent_scan_download",
    "plans:plan_detail",
    "documents:referral_pdf",
    "documents:invitation_pdf",
    "documents:plan_pdf",
    "documents:consent_pdf",
    "documents:consent_blank_pdf",
    "documents:minutes_pdf",
    "documents:minutes_extract_pdf",
    "meetings:meeting_list",
    "meetings:meeting_detail",
    "meetings:meeting_ics",
    "meetings:minutes",
    "meetings:minutes_version",
    "attendance:overview",
    "attendance:student_detail",
    "attendance:followup_detail",
    "attendance:student_form_pdf",
    "accounts:account",
    "accounts:recovery_codes",  # shows the codes kept in the session once
    "password_reset_done",
    "password_reset_complete",
    "audit:log_review",  # its filter form: GET_FORM_VIEWS
    "audit:student_report",
    "audit:emergency_search",  # its search form: GET_FORM_VIEWS
    "guests:guest_home",
    "guests:guest_meeting",
    "ppt:process_list",
    "ppt:process_detail",
    "ppt:report_file",
    "ppt:step_file",
    # key figures (laget.reports): reads; the school/year picker is a GET filter
    "reports:school",
    "reports:school_csv",
    "reports:meeting",
    "reports:compliance",
    "reports:owner",
    # annual wheel: reads (the year page's school picker is shown only to staff of two schools)
    "wheel:year",
    "wheel:routine_list",
    "wheel:routine_detail",
    "wheel:routine_pdf",
}
