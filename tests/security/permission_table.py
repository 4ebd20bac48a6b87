"""The permission matrix: who may reach which URL (issue "Privacy and security", item 4).

One row per URL name the resolver knows (admin/ and static excepted). A URL without a row fails
tests/security/test_permission_matrix.py, so every new page has to say here who may use it.

A row is `row(obj, lead=…, member=…, nurse=…, teacher=…, other_teacher=…)`:
- `obj` says which fixture object fills the URL's kwargs (`pk`, `case_pk`, …); `None` for URLs without one.
- The roles are people at the object's own school: lead = rektor (leads the team), member = PP-rådgiver,
  nurse = helsesykepleier (sees restricted notes), teacher = contact teacher of the student's class,
  other_teacher = contact teacher of another class. The outsider (rektor at the other school) is tested
  against their own school's objects with the lead's expectation, and everyone against the other
  school's objects, which must answer 404 (another school's data does not exist, rule 1).
- `guest` is an invited agency's person (barnevern, BUP …: a user without a staff row or team
  membership, laget.meetings.guests), invited to one agenda item of this school's upcoming meeting.
  Nothing but their invitation's pages exists for them: the default is NO everywhere else.
- An expectation is OK (may: 2xx, 3xx, or 400/409 for a form the empty POST did not fill), NO (must not:
  403 or 404, never 2xx or a redirect), or NOT_FOUND (must be exactly 404: the object is hidden from them).
  A dict `{"GET": …, "POST": …}` gives one per method. 405 is always accepted: the view does not take
  that method. Anonymous users are always sent to the login page.
- `post` is the body of the POST (empty unless given), so a refusal is tested on a real submission.
"""

from django.urls import URLPattern, URLResolver, get_resolver


def kwarg_value(value, objects):
    """A row's URL argument: a literal, or "@name" for the pk of that fixture object (for a URL that
    takes two objects, e.g. a meeting and a case)."""
    if isinstance(value, str) and value.startswith("@"):
        return objects[value[1:]].pk
    return value


OK = "ok"
NO = "no"
NOT_FOUND = "404"
ROLES = ("lead", "member", "nurse", "teacher", "other_teacher", "guest")


def row(
    obj=None, *, lead, member, nurse, teacher, other_teacher, guest=NO, other_school=NOT_FOUND, post=None, **kwargs
):
    return {
        "obj": obj,
        "post": post or {},
        "roles": {
            "lead": lead,
            "member": member,
            "nurse": nurse,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "guest": guest,
        },
        "other_school": other_school,
        "kwargs": kwargs,
    }


EVERYONE = {"lead": OK, "member": OK, "nurse": OK, "teacher": OK, "other_teacher": OK}
# Everyone signed in, the guest too: public pages, one's own account (/konto/ is per user, no objects).
SIGNED_IN = {**EVERYONE, "guest": OK}
# Nobody at all (404 for every role): Feide while it is not configured, a made-up sign-in link.
NOBODY_WITHOUT_FEIDE = {"lead": NO, "member": NO, "nurse": NO, "teacher": NO, "other_teacher": NO, "guest": NO}
TEAM = {"lead": OK, "member": OK, "nurse": OK, "teacher": NO, "other_teacher": NO}
LEAD = {"lead": OK, "member": NO, "nurse": NO, "teacher": NO, "other_teacher": NO}
# The case is the contact teacher's own referral: they see it; a teacher of another class does not.
CASE_READERS = {"lead": OK, "member": OK, "nurse": OK, "teacher": OK, "other_teacher": NOT_FOUND}

# Attendance (laget.attendance): the school's team (the attendance follower is a member) and the
# contact teacher for their class; a teacher of another class does not see the student.
ATTENDANCE = {"lead": OK, "member": OK, "nurse": OK, "teacher": OK, "other_teacher": NOT_FOUND}

# PPT (laget.ppt): the process of a case is for the school's resource team; the contact teacher
# sees the case but not its PPT pages. Each step is done by the role the school's routine names;
# nobody holds the default routine's roles in the fixture except rektor, so the lead does them.
PPT_TEAM = {"lead": OK, "member": OK, "nurse": OK, "teacher": NOT_FOUND, "other_teacher": NOT_FOUND}
PPT_ACT = {"lead": OK, "member": NO, "nurse": NO, "teacher": NOT_FOUND, "other_teacher": NOT_FOUND}

TABLE = {
    "attendance:overview": row(**EVERYONE),
    "attendance:absence_create": row(**EVERYONE),
    "attendance:absence_import": row(**EVERYONE),
    "attendance:student_detail": row("student", **ATTENDANCE),
    "attendance:student_form": row("student", **ATTENDANCE),
    "attendance:student_form_pdf": row("student", **ATTENDANCE),
    "attendance:followup_detail": row("followup", **ATTENDANCE),
    "attendance:step_record": row("followup", **ATTENDANCE, number=5),
    "attendance:step_evaluate": row("followup", **ATTENDANCE, number=5),
    "attendance:followup_close": row("followup", **ATTENDANCE),
    # public and personal pages (my page sends a guest to their guest page)
    "healthz": row(**SIGNED_IN),
    "readyz": row(**SIGNED_IN),
    "login": row(**SIGNED_IN),
    "logout": row(**SIGNED_IN),
    # Feide (OpenID Connect): public routes, off (404) for everyone while Feide is not configured, as in
    # these tests; tests/browser/test_feide_login.py drives them against a real provider.
    "feide_login": row(**NOBODY_WITHOUT_FEIDE),
    "feide_callback": row(**NOBODY_WITHOUT_FEIDE),
    # Password reset by e-mail: public pages (Django's views); a made-up token shows "the link does not work".
    # A signed-in guest has no password (they sign in by an e-mailed link): these pages do not exist for them.
    "password_reset": row(**EVERYONE),
    "password_reset_done": row(**EVERYONE),
    "password_reset_confirm": row(**EVERYONE, uidb64="MQ", token="ikke-en-ekte-lenke"),
    "password_reset_complete": row(**EVERYONE),
    "home:my_page": row(**SIGNED_IN),
    # the account (laget.accounts): per user; 2FA pages, re-authentication before changes
    "accounts:account": row(**SIGNED_IN),
    "accounts:language": row(**SIGNED_IN, post={"language": "nn"}),
    "accounts:reauth": row(**SIGNED_IN),
    "accounts:email_change": row(**SIGNED_IN),
    "accounts:password_change": row(**SIGNED_IN),
    "accounts:logout_everywhere": row(**SIGNED_IN),
    "accounts:verify": row(**SIGNED_IN),
    "accounts:enrol": row(**SIGNED_IN),
    "accounts:recovery_codes": row(**SIGNED_IN),
    "accounts:recovery_codes_new": row(**SIGNED_IN),
    # the access log (laget.audit): the lead reviews the school's log, answers a guardian's access
    # request (Art. 15) and reviews emergency accesses; any staff member of the school may ask for
    # emergency access to a student of that school with a reason (nødtilgang), a guest may not.
    "audit:log_review": row(**LEAD),
    "audit:student_report": row("student", **LEAD),
    "audit:emergency_review": row("emergency", **LEAD),
    "audit:emergency_search": row(**EVERYONE, guest=NOT_FOUND),
    "audit:emergency_request": row("student", **EVERYONE, guest=NOT_FOUND),
    # guests (laget.meetings.urls_guest): the lead invites and revokes; the guest sees their invitation
    "guests:guest_home": row(**SIGNED_IN),
    # A guest's sign-in (laget.meetings.guest_signin): public. A made-up link opens nothing for anyone;
    # the code page without a link opened in this browser refuses (400); anyone may ask for a new link.
    "guests:signin": row(**NOBODY_WITHOUT_FEIDE, token="en-lenke-som-ikke-finnes"),
    "guests:signin_code": row(**SIGNED_IN),
    "guests:signin_request": row(**SIGNED_IN),
    "guests:guest_meeting": row(
        "invitation",
        lead=NOT_FOUND,
        member=NOT_FOUND,
        nurse=NOT_FOUND,
        teacher=NOT_FOUND,
        other_teacher=NOT_FOUND,
        guest=OK,
    ),
    "guests:guest_manage": row("upcoming_meeting", **LEAD),
    "guests:guest_revoke": row("invitation", **LEAD),
    # PPT (laget.ppt)
    "ppt:process_list": row(**EVERYONE),
    # The case without a process: the team reads the gate; only the routine's drafter posts a referral.
    "ppt:case_ppt": row("case", **{**PPT_TEAM, "member": {"GET": OK, "POST": NO}, "nurse": {"GET": OK, "POST": NO}}),
    "ppt:process_detail": row("ppt_process", **PPT_TEAM),
    "ppt:step_record": row("ppt_process", **PPT_ACT, step="department_approved"),
    "ppt:report_record": row("ppt_process", **PPT_ACT, kind="annual"),
    "ppt:report_file": row("ppt_process", **PPT_TEAM),
    "ppt:step_file": row("ppt_step", **PPT_TEAM),
    # deadlines (laget.deadlines): the school page sends people without a team to their own page
    "deadlines:school": row(**EVERYONE),
    "deadlines:mine": row(**EVERYONE),
    "deadlines:feed_regenerate": row(**EVERYONE),
    "deadlines:feed_revoke": row(**EVERYONE),
    "deadlines:calendar_feed": row(
        lead=NOT_FOUND, member=NOT_FOUND, nurse=NOT_FOUND, teacher=NOT_FOUND, other_teacher=NOT_FOUND, token="x"
    ),
    "home:student_detail": row("student", **{**CASE_READERS}),
    "students:student_list": row(**EVERYONE),
    # Import from the register: the lead of the school's team (or an administrator); 404 for the rest.
    "students:register_upload": row(**LEAD),
    "students:register_preview": row("register_import", **LEAD),
    "students:register_example": row(**LEAD, fmt="csv"),
    # Classes and contact teachers, the team and its agencies: managed by the lead in the product.
    "students:class_list": row(**LEAD),
    "students:class_contacts": row("school_class", **LEAD),
    "team:team": row(**LEAD),
    "team:member_add": row("team", **LEAD),
    "team:member_edit": row("membership", **LEAD),
    "team:member_remove": row("membership", **LEAD),
    "team:agency_add": row("team", **LEAD),
    "team:agency_edit": row("agency", **LEAD),
    # referrals and cases
    "cases:referral_list": row(**EVERYONE),
    "cases:referral_create": row(**EVERYONE),
    # A draft is its author's alone until it is submitted.
    "cases:referral_edit": row(
        "draft", lead=NOT_FOUND, member=NOT_FOUND, nurse=NOT_FOUND, teacher=OK, other_teacher=NOT_FOUND
    ),
    # Deleting a draft: its author only (without "confirm" the POST asks first).
    "cases:referral_delete": row(
        "draft", lead=NOT_FOUND, member=NOT_FOUND, nurse=NOT_FOUND, teacher=OK, other_teacher=NOT_FOUND
    ),
    "cases:attachment_download": row("attachment", **CASE_READERS),
    "cases:case_list": row(**EVERYONE),
    "cases:case_detail": row("case", **CASE_READERS),
    # Consent is recorded by those who know the family: the author, the contact teacher and the lead.
    "cases:consent_record": row("case", **{**CASE_READERS, "member": NOT_FOUND, "nurse": NOT_FOUND}),
    # Health notes: only the roles the routine names (rule 2).
    "cases:healthnote_add": row(
        "case", lead=NOT_FOUND, member=NOT_FOUND, nurse=OK, teacher=NOT_FOUND, other_teacher=NOT_FOUND
    ),
    "cases:case_close": row(
        "case", lead=OK, member=NOT_FOUND, nurse=NOT_FOUND, teacher=NOT_FOUND, other_teacher=NOT_FOUND
    ),
    # Saksområde: the school's team sets it (the retain reason is the lead's, checked in the service);
    # the contact teacher reads the case but may not change it.
    "cases:case_area": row("case", **TEAM, post={"area": "kap12"}),
    "cases:consent_scan_download": row("consent", **{**CASE_READERS, "teacher": OK}),
    # action plans
    "plans:plan_create": row("case", **{**TEAM, "teacher": NO, "other_teacher": NOT_FOUND}),
    "plans:plan_detail": row("plan", **CASE_READERS),
    "plans:plan_edit": row("plan", **{**TEAM, "teacher": NO, "other_teacher": NOT_FOUND}),
    # The measure's owner (the contact teacher here) evaluates it with the team.
    "plans:measure_evaluate": row("measure", **CASE_READERS),
    # documents
    "documents:referral_pdf": row("referral", **CASE_READERS),
    "documents:invitation_pdf": row("meeting", **TEAM),
    # The møtereferat and one student's extract of it: from approved minutes, for the team.
    "documents:minutes_pdf": row("approved_meeting", **TEAM),
    # Sending documents to the students' archive folders: the team lead's.
    "documents:archive": row(**LEAD),
    "documents:archive_send": row(**LEAD),
    "documents:minutes_extract_pdf": row("approved_meeting", **TEAM, case_pk="@case"),
    "documents:plan_pdf": row("plan", **CASE_READERS),
    "documents:consent_pdf": row("case", **CASE_READERS),
    "documents:consent_blank_pdf": row("case", **CASE_READERS),
    # meetings: the team reads, the lead plans
    "meetings:meeting_list": row(**EVERYONE),
    "meetings:meeting_create": row(**LEAD),
    "meetings:series_create": row(**LEAD),
    # The contact teacher referred the case on this meeting: invited to its item, they see that item.
    "meetings:meeting_detail": row("meeting", **{**TEAM, "teacher": OK}),
    "meetings:agenda_item_add": row("meeting", **LEAD),
    "meetings:agenda_item_edit": row("item", **LEAD),
    "meetings:agenda_item_remove": row("item", **LEAD),
    "meetings:agenda_item_move": row("item", **LEAD),
    "meetings:invitation_send": row("meeting", **LEAD),
    "meetings:meeting_ics": row("meeting", **TEAM),
    # Attendance is registered by the team (the referent is often a member, not the lead).
    "meetings:attendance": row("meeting", **TEAM),
    "meetings:minutes": row("meeting", **TEAM),
    "meetings:notes_save": row("item", **TEAM, post={"notes": "Drøftet.", "version": "0"}),
    "meetings:task_create": row("item", **TEAM),
    "meetings:minutes_approve": row("meeting", **LEAD),
    # The lead starts the meeting on its day and ends it (a meeting has a life).
    "meetings:meeting_start": row("meeting", **LEAD),
    "meetings:meeting_finish": row("meeting", **LEAD),
    "meetings:minutes_reopen": row("approved_meeting", **LEAD),
    "meetings:minutes_version": row("approved_meeting", **TEAM, number=1),
    # The task's owner (a team member) marks it done, and the lead.
    "meetings:task_done": row("task", **{**LEAD, "member": OK}),
    # The lead puts a case on a meeting from the case page; whoever else sees the case may not.
    "meetings:case_put": row("case", **{**LEAD, "other_teacher": NOT_FOUND}),
    # From the minutes: a system topic becomes a system case (the fixture's item has a case already).
    "meetings:topic_to_case": row("item", **TEAM),
    # annual wheel and routine descriptions (laget.wheel): school-internal, the team reads, the lead plans
    "wheel:year": row(**TEAM),
    "wheel:seed": row(**LEAD),
    "wheel:materialise": row(**LEAD),
    "wheel:item_create": row(**LEAD),
    "wheel:item_delete": row("wheel_item", **LEAD),
    "wheel:routine_list": row(**TEAM),
    "wheel:routine_create": row(**LEAD),
    "wheel:routine_detail": row("routine_description", **TEAM),
    "wheel:routine_edit": row("routine_description", **LEAD),
    "wheel:routine_pdf": row("routine_description", **TEAM),
    # Routine (laget.routines): the school's team reads its routine; the lead (or a superuser) loads a
    # preset and edits the settings (a new version). No objects in the URL: the user's own school.
    "routines:routine": row(**TEAM),
    "routines:load": row(**LEAD),
    "routines:edit": row(**LEAD),
    # Escalation ladders (laget.ladders): the school's team moves a case; a teacher who sees it may not.
    "ladders:case_move": row("case", **TEAM, post={"to_level": "1", "reason": "Drøftet.", "version": "0"}),
    # Key figures (laget.reports): the team reads its school's figures (no names); the lead sees the
    # compliance view; the owner view (aggregates across schools) is for superusers only, 404 for everyone here.
    "reports:school": row(**TEAM),
    "reports:school_csv": row(**TEAM),
    "reports:meeting": row("meeting", **TEAM),
    "reports:compliance": row(**LEAD),
    "reports:owner": row(lead=NO, member=NO, nurse=NO, teacher=NO, other_teacher=NO),
}


def _walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue  # Django admin: staff only, its own login and permissions
            yield from _walk(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace and p.name else p.name or str(p.pattern)), p


def url_names() -> dict:
    """Every URL pattern of the project by name (admin/ excepted): the rows TABLE must have. Also
    walked by the canary test (tests/privacy/test_canary.py), so a new URL is checked there too."""
    return dict(_walk(get_resolver().url_patterns))
