"""Data classification (issue "Privacy and security", item 10): every field of every model in
the laget.* apps, and the auth User, is classified here. `tests/privacy/test_classification.py`
fails on any field missing from this registry, so a new field is classified when it is added.

Classes, from least to most sensitive:
- public: may be published (names of schools and roles, things in the published routine).
- internal: the school's own working data; no student can be identified from it alone
  (ids, dates, statuses, staff names). Anonymous key figures are built from these.
- confidential: personal data under the duty of confidentiality (forvaltningsloven § 13,
  opplæringslova): anything naming, describing or linking to a student or guardian.
- health: special-category data (GDPR art. 9), readable only by `sees_restricted` roles.

A field is classified by the most sensitive thing it can hold. Primary keys are internal
everywhere and need no entry. Reasons are given where the class is not obvious.
"""

PUBLIC = "public"
INTERNAL = "internal"
CONFIDENTIAL = "confidential"
HEALTH = "health"
CLASSES = (PUBLIC, INTERNAL, CONFIDENTIAL, HEALTH)

_BY_MODEL = {
    "auth.User": {
        INTERNAL: "last_login username first_name last_name email is_staff is_active date_joined groups "
        "user_permissions is_superuser",
        CONFIDENTIAL: "password",
    },
    "accounts.UserSession": {INTERNAL: "user created_at", CONFIDENTIAL: "session_key"},
    "accounts.FeideLink": {INTERNAL: "user feide_userid sub linked_at last_login_at"},
    "accounts.RateLimitHit": {INTERNAL: "scope key at"},
    "audit.AccessLogEntry": {
        INTERNAL: "chain seq at user_id username role school_id action object_type object_id emergency prev_hash hash",
        CONFIDENTIAL: "student_id detail reason",
    },
    "audit.ChainHead": {INTERNAL: "chain seq hash"},
    "audit.EmergencyAccess": {
        INTERNAL: "user school_id granted_at expires_at reviewed_at reviewed_by",
        CONFIDENTIAL: "student_id reason",
    },
    "organisations.Owner": {PUBLIC: "name kind language", INTERNAL: "retention_years"},
    "organisations.School": {PUBLIC: "owner name kind language"},
    "organisations.UserPreference": {INTERNAL: "user language"},
    # The routine is the school's published way of working; no student data in it.
    "routines.Routine": {PUBLIC: "owner school name preset"},
    "routines.RoutineVersion": {PUBLIC: "routine number data", INTERNAL: "created_by created_at note"},
    "routines.RoutineAssignment": {PUBLIC: "school routine", INTERNAL: "assigned_at"},
    "organisations.Role": {
        PUBLIC: "code name",
        INTERNAL: "leads_team sees_restricted sees_protected_address",
    },
    "organisations.Staff": {INTERNAL: "user school title"},
    "organisations.OwnerStaff": {INTERNAL: "user owner title"},
    "organisations.Team": {
        PUBLIC: "school name",
        INTERNAL: "meeting_weekday meeting_start meeting_minutes cadence_weeks location system_minutes "
        "max_individual_cases invitation_days_ahead",
    },
    "organisations.Membership": {INTERNAL: "team user role kind agency responsibility active"},
    "organisations.Agency": {PUBLIC: "owner school name kind"},
    "students.SchoolClass": {INTERNAL: "school name grade contact_teachers"},
    "students.Student": {
        INTERNAL: "school left_on",
        CONFIDENTIAL: "first_name last_name birth_date school_class phone lives_away_from_home register_key "
        "national_id_key",
    },
    "students.Guardian": {
        CONFIDENTIAL: "student name relation phone email address protected_address national_id_key",
    },
    # The uploaded register file between preview and confirmation (identity numbers only as keyed
    # hashes); emptied when applied or replaced.
    "students.RegisterImport": {
        INTERNAL: "school uploaded_by uploaded_at filename status summary applied_at",
        CONFIDENTIAL: "payload",
    },
    "cases.Case": {
        INTERNAL: "school number kind first_concern_date status outcome closed_on created_by created_at area "
        "grade archived_at archive_name purged_at routine_version",
        CONFIDENTIAL: "student title outcome_note retain_reason",
    },
    "cases.Referral": {
        INTERNAL: "school kind author status case referral_date first_concern_date submitted_at created_at "
        "updated_at version",
        CONFIDENTIAL: "student title challenges challenge_other social_description working_methods "
        "mapping_results strengths learning_environment",
    },
    "cases.TriedMeasure": {INTERNAL: "referral position", CONFIDENTIAL: "measure period assessment"},
    "cases.Attachment": {
        INTERNAL: "school referral case uploaded_by uploaded_at",
        CONFIDENTIAL: "file name description",
    },
    "cases.Consent": {
        INTERNAL: "case status scopes agencies given_by_student date method expires_on recorded_by recorded_at",
        CONFIDENTIAL: "guardian scanned_form note",
    },
    "cases.ActionPlan": {
        INTERNAL: "case meeting date_discussed date_reviewed_with_guardians evaluation_date referent created_by "
        "created_at updated_at version",
        CONFIDENTIAL: "challenges challenge_other main_challenge main_goal present absent",
    },
    "cases.Measure": {
        INTERNAL: "case action_plan owner start_date evaluation_date level staff_benefiting status reminded_on "
        "created_at",
        CONFIDENTIAL: "description",
    },
    "cases.Evaluation": {
        INTERNAL: "measure effect date continue_measure evaluated_by created_at",
        CONFIDENTIAL: "assessment",
    },
    "cases.HealthNote": {INTERNAL: "case author created_at", HEALTH: "text"},
    "cases.TimelineEntry": {
        INTERNAL: "school case at kind actor restricted",
        CONFIDENTIAL: "student",
        HEALTH: "summary",
    },
    "meetings.Meeting": {
        INTERNAL: "team kind kind_name starts_at duration_minutes location status series invitation_sent_at "
        "started_at invitation_round created_by created_at",
        CONFIDENTIAL: "participants_note",
    },
    "meetings.AgendaItem": {
        INTERNAL: "meeting part position kind case task measure preparer participants minutes notes_version "
        "notes_updated_at notes_updated_by version",
        CONFIDENTIAL: "title description notes",
    },
    "meetings.Attendance": {INTERNAL: "meeting user status is_referent"},
    "meetings.Task": {
        INTERNAL: "school team meeting agenda_item case owner deadline done_at reminded_on created_by created_at",
        CONFIDENTIAL: "title",
    },
    "meetings.MinutesVersion": {INTERNAL: "meeting number approved_by approved_at", CONFIDENTIAL: "snapshot"},
    "documents.ArchivedDocument": {
        INTERNAL: "school kind object_id source_version version filename checksum size package archived_at archived_by",
        CONFIDENTIAL: "case title",
    },
    "meetings.InvitationDelivery": {INTERNAL: "meeting user round email queued_at sent_at"},
    "cases.ReferralNotice": {INTERNAL: "referral user sent_at"},
    "meetings.GuestInvitation": {INTERNAL: "meeting guest agency agency_name invited_by invited_at revoked_at items"},
    "meetings.GuestSignIn": {
        INTERNAL: "invitation created_at expires_at used_at code_expires_at code_attempts signed_in_at",
        CONFIDENTIAL: "token_hash code_hash",
    },
    "deadlines.Reminder": {
        INTERNAL: "key stage kind school owner due url created_at sent_at recipient_count",
        CONFIDENTIAL: "title",
    },
    "deadlines.OutboxMessage": {
        INTERNAL: "message_id reminder from_email to created_at claimed_at attempts sent_at last_error",
        CONFIDENTIAL: "subject body html",
    },
    "deadlines.ScanSchedule": {INTERNAL: "name task_id updated_at"},
    "operations.ScheduledRun": {INTERNAL: "job period enqueued_at task_id"},
    "deadlines.CalendarFeed": {INTERNAL: "user created_at last_used_at", CONFIDENTIAL: "token"},
    "attendance.Ladder": {PUBLIC: "code name owner school threshold strict description"},
    "attendance.LadderStep": {
        PUBLIC: "ladder number title description phase owner_role owner_label deadline_rule deadline_days "
        "evaluation_after_days",
    },
    "attendance.Absence": {
        INTERNAL: "school date kind hours source registered_by created_at updated_at",
        CONFIDENTIAL: "student",
        HEALTH: "note",
    },
    "attendance.FollowUp": {
        INTERNAL: "school ladder opened_on trigger_absence follower case status closed_on notified_at created_at",
        CONFIDENTIAL: "student closed_note",
    },
    "attendance.StepRecord": {
        INTERNAL: "followup step done_on evaluated_on recorded_by created_at",
        CONFIDENTIAL: "what_done evaluation",
    },
    "attendance.FormEntry": {
        INTERNAL: "school date author created_at",
        CONFIDENTIAL: "student measure comment",
    },
    "ppt.PptRoutine": {PUBLIC: "owner school preset roles iep_days step_days keep_half_year_report updated_at"},
    "ppt.PptProcess": {
        INTERNAL: "school case status exception_by exception_at roles iep_days step_days keep_half_year_report "
        "created_by created_at",
        CONFIDENTIAL: "referral_reason pedagogical_report pedagogical_report_file exception_reason",
    },
    "ppt.PptStep": {INTERNAL: "process step date done_by done_at", CONFIDENTIAL: "note file"},
    "ppt.PptReport": {INTERNAL: "process kind due done_on done_by done_at"},
    "ladders.Ladder": {PUBLIC: "code name strict description source log_name"},
    "ladders.LadderLevel": {
        PUBLIC: "ladder number name description attendees optional_attendees attendees_note cadence"
    },
    "ladders.SchoolLadder": {INTERNAL: "school ladder"},
    "ladders.CaseLevel": {INTERNAL: "case ladder level version updated_at"},
    "ladders.LadderMove": {INTERNAL: "case ladder from_level to_level moved_by moved_at", CONFIDENTIAL: "reason"},
    # The annual wheel and the routine descriptions: the school's own yearly plan, no student data.
    "wheel.WheelItem": {
        INTERNAL: "school month week day title creates meeting_kind owner owner_role from_routine created_at",
    },
    "wheel.WheelRun": {INTERNAL: "item year due meeting agenda_item task created_at"},
    "wheel.RoutineDescription": {
        INTERNAL: "school topic written_by approved_by last_updated legal_basis purpose audience timing result "
        "general_comments external_references version updated_at updated_by",
    },
    "wheel.RoutineActivity": {INTERNAL: "description number activity owner collaboration comment"},
}

REASONS = {
    "ladders.LadderMove.reason": "Free text about why one student's case moved; purged by retention.",
    "attendance.Absence.note": "The reason for an absence is often illness (documented absence): health.",
    "attendance.Ladder.description": "The owner's published routine (tiltakstrappa).",
    "deadlines.OutboxMessage.body": "Reminder e-mails name cases (anonymously unless consent), and tasks.",
    "deadlines.CalendarFeed.token": "A bearer secret for the calendar feed.",
    "ppt.PptProcess.pedagogical_report": "The pedagogical report about one student.",
    "ppt.PptStep.file": "Expert assessment (sakkyndig vurdering) or decision documents.",
    "meetings.GuestInvitation.agency": "Which agency is invited; the items it may see are ids.",
    "meetings.GuestInvitation.agency_name": "The agency's name as the lead typed it.",
    "cases.Consent.agencies": "Which named agencies the consent reaches, not who gave it.",
    "cases.Consent.given_by_student": "Whether the student (18 or older) decided, not what about.",
    "auth.User.password": "A secret (hash); never exported.",
    "auth.User.email": "Staff work addresses, known inside the school.",
    "accounts.UserSession.session_key": "A bearer secret: whoever has it is logged in.",
    "meetings.GuestSignIn.token_hash": "Hash of a bearer secret (a guest sign-in link); the link is never stored.",
    "accounts.FeideLink.feide_userid": "Staff's work identity, like their e-mail address; not a secret.",
    "audit.AccessLogEntry.student_id": "Who looked at which student reveals that the student has a case.",
    "audit.AccessLogEntry.reason": "Free text about why a student was opened.",
    "audit.AccessLogEntry.detail": "May carry a filter or a field name about a student.",
    "audit.EmergencyAccess.reason": "Free text about a student.",
    "organisations.Membership.responsibility": "The role description from the routine, not about students.",
    "students.SchoolClass.contact_teachers": "Staff, known to every parent of the class.",
    "students.Student.school": "Which school; a student cannot be identified from it alone.",
    "students.Student.lives_away_from_home": "Family circumstance (hybelboer).",
    "students.Guardian.protected_address": "Even the flag says that a family lives at a protected address.",
    "cases.Case.kind": "Kept after purge as an anonymous key figure, with dates, outcome and grade.",
    "cases.Case.grade": "Anonymous once the student link is removed; only set by retention.",
    "cases.Case.student": "The link that makes the case personal data; removed by retention.",
    "cases.Case.title": "Free text; may name or describe the student.",
    "cases.Case.retain_reason": "May name the decision (enkeltvedtak) about the student.",
    "cases.Referral.challenges": "The checked difficulties describe one student.",
    "cases.Consent.scopes": "What consent covers, not who gave it; meaningful only with the case.",
    "cases.Consent.guardian": "Links the decision to a named guardian.",
    "cases.ActionPlan.present": "Who was present: staff, and often the guardians and the student by name.",
    "cases.ActionPlan.absent": "Who was absent: may name the guardians.",
    "cases.ActionPlan.challenges": "The checked difficulties describe one student.",
    "cases.HealthNote.text": "The school nurse's notes: health data, GDPR art. 9; restricted section.",
    "cases.TimelineEntry.summary": "Restricted entries summarise health notes; classified by the worst case.",
    "meetings.AgendaItem.notes": "Minutes of a case discussion.",
    "meetings.MinutesVersion.snapshot": "Frozen minutes, including case discussions.",
    "documents.ArchivedDocument.title": "Names the student when the case had consent for team discussion.",
    "meetings.InvitationDelivery.email": "Staff work address.",
    "meetings.Meeting.participants_note": "Who the guardians chose for one student's ansvarsgruppe.",
    "wheel.WheelItem.title": "A recurring item of every school year (what, not whom); creates the run's task.",
    "wheel.RoutineDescription.purpose": "Routine text on Breivang's template: how the school works, no student.",
}


def _build() -> dict[str, str]:
    registry = {}
    for model, by_class in _BY_MODEL.items():
        for cls, names in by_class.items():
            assert cls in CLASSES, cls
            for name in names.split():
                key = f"{model}.{name}"
                assert key not in registry, f"{key} classified twice"
                registry[key] = cls
    return registry


CLASSIFICATION: dict[str, str] = _build()


def classify(model_label: str, field_name: str, *, is_primary_key: bool = False) -> str | None:
    """The class of one field, or None when it is not classified."""
    if is_primary_key:
        return CLASSIFICATION.get(f"{model_label}.{field_name}", INTERNAL)
    return CLASSIFICATION.get(f"{model_label}.{field_name}")


def fields_of_class(model_label: str, cls: str) -> list[str]:
    prefix = f"{model_label}."
    return [k.removeprefix(prefix) for k, v in CLASSIFICATION.items() if k.startswith(prefix) and v == cls]
