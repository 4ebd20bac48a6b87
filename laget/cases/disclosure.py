"""The disclosure policy: the one place that decides who may know which child, in every output.

Every output — HTML pages, PDFs, e-mails (per recipient), `.ics` files and feeds, guest pages,
CSV — asks this module, for a viewer and a case or student: may the identity be shown
(`identity_shown`, `case_label`), which sections (`sections`), and the free text as it may be
shown (`redactor`, `redact_names`). No template or view decides identity on its own.

A viewer (`Viewer`) is a staff user with their relations (`viewer_for(access)`, also for an
e-mail or calendar recipient: `viewer_for_user(user)`), an invited agency's guest
(`viewer_for_guest(invitation)`), or "the team" for a document that travels (`TEAM`).

The rules (opplæringslova § 12-… and forvaltningsloven § 13 on confidentiality; GDPR art. 6/9):

1. A case without a student (a system case) names no one.
2. Those who know the child anyway see the name on the case: the referral's author, the
   student's contact teachers, the team lead who obtains consent, and someone holding an
   emergency access to the student (logged with its reason).
3. Consent decides everyone else, by scope. The team scope ("Drøfting i ressursteam") covers
   the team's fixed members, and staff following up a measure or task of the case. An invited
   member or a guest sees the case named only when the consent covers their agency: its kind's
   scope (PPT, health service, child welfare) or, for any other agency, a consent naming it.
4. Consent is given by whoever the law says: the guardians for a child; from the day the
   student turns 18, the student alone (the guardians' decisions no longer count).
   A consent counts when the latest decision of every person deciding is "given" and current;
   a refusal or withdrawal takes effect from its date.
5. A PDF travels (printed, filed, forwarded): it names a child only by consent for the team
   scope, and never more than its reader may know — even the lead's copy of an anonymous case.
6. Need-to-know for students: a student's page, register data and guardians' contact details
   only for a relation that gives a reason: their class, a referral they wrote, a measure or
   task they own, a case of the student named to them, the register roles (the team lead),
   or an emergency access.
7. An anonymous case is never linked to its student for anyone who sees it only anonymously:
   on a page that names a student, only the cases named to the viewer are shown.
8. Free text shown to a viewer without identity access has the student's and guardians'
   names (first, last and full, any case, whole words) replaced by "[navn]", file names included.
9. Restricted sections (the school nurse's notes) only for roles that see restricted notes;
   protected addresses (fortrolig adresse) only for roles granted them. Guests see neither.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.organisations.access import Access
from laget.students.models import Student

from .models import Case, Consent, ConsentScope, Referral, consent_scope_for_agency_kind

ADULT_AGE = 18

# ---------------------------------------------------------------------------------------------
# Viewers


@dataclass(frozen=True)
class Viewer:
    """Who is looking. `access` is set for staff users; `agency` for a guest; `team` for a
    document that travels (no personal relation, the team scope only)."""

    access: Access | None = None
    agency: object | None = None
    is_guest: bool = False
    is_team_document: bool = False
    label: str = field(default="", compare=False)

    @property
    def user_id(self):
        return self.access.user.pk if self.access is not None else None


TEAM = Viewer(is_team_document=True, label="team")


def viewer_for(access: Access) -> Viewer:
    return Viewer(access=access)


def viewer_for_user(user) -> Viewer:
    """An e-mail or calendar recipient who is a user: decided by their own relations."""
    return Viewer(access=Access(user))


def document_viewer(access: Access | None) -> Viewer:
    """The reader of a PDF. A PDF travels (printed, filed, forwarded): it names a child only with
    consent for the team scope, and never more than its reader may know (rule 5)."""
    return Viewer(access=access, is_team_document=True) if access is not None else TEAM


handout_viewer = document_viewer  # the meeting invitation handout follows the same rule


def viewer_for_guest(invitation) -> Viewer:
    """An invited agency's guest (laget.meetings.guests): only their agency's consent counts."""
    return Viewer(agency=invitation.agency, is_guest=True)


def _as_viewer(viewer) -> Viewer:
    return viewer if isinstance(viewer, Viewer) else viewer_for(viewer)


# ---------------------------------------------------------------------------------------------
# Consent


def age_on(student, on: datetime.date) -> int:
    born = student.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def student_decides(student, on: datetime.date | None = None) -> bool:
    """From 18 the student gives or refuses consent themself; the guardians no longer decide."""
    return student is not None and age_on(student, on or timezone.localdate()) >= ADULT_AGE


def consent_is_valid(consents, *, student=None, covers=None, scope: str = ConsentScope.TEAM, on=None) -> bool:
    """True when the latest decision of every person entitled to decide, among the decisions that
    cover the use (`covers(consent)`, default: the `scope`), is a current "given".

    `consents` is the case's consent rows (a list, so callers can prefetch). The entitled persons
    are the guardians for a child and the student alone from 18 (`student_decides`)."""
    on = on or timezone.localdate()
    covers = covers or (lambda c: scope in (c.scopes or []))
    by_student = student_decides(student, on) if student is not None else None
    latest = {}
    for c in sorted(consents, key=lambda c: (c.date, c.recorded_at or timezone.now(), c.pk or 0)):
        if c.date > on or not covers(c):
            continue
        if by_student is not None and bool(c.given_by_student) != by_student:
            continue
        latest["student" if c.given_by_student else c.guardian_id] = c
    if not latest:
        return False
    if any(c.status != Consent.Status.GIVEN for c in latest.values()):
        return False
    return any(c.expires_on is None or c.expires_on >= on for c in latest.values())


def _consents(case) -> list:
    return list(case.consents.all())


def has_consent(case, scope: str = ConsentScope.TEAM, on=None) -> bool:
    """The case's consent covers `scope` (the team scope by default). System cases have no student.
    For showing the consent's state; whether a viewer may know the child is `identity_shown`."""
    if case.student_id is None:
        return False
    return consent_is_valid(_consents(case), student=case.student, scope=scope, on=on)


def consent_covers_agency(case, agency, on=None) -> bool:
    """The consent reaches this agency: its kind's scope (PPT, health, child welfare), or a
    consent naming this very agency (BUP, TGL, … and any other)."""
    if case.student_id is None or agency is None:
        return False
    scope = consent_scope_for_agency_kind(agency.kind)

    def covers(c):
        return (scope is not None and scope in (c.scopes or [])) or agency.pk in {a.pk for a in c.agencies.all()}

    return consent_is_valid(_consents(case), student=case.student, covers=covers, on=on)


# ---------------------------------------------------------------------------------------------
# Identity


def _referral_author_id(case: Case):
    # A caller that annotates referral_author_id or select_related "referral" keeps list pages flat.
    if hasattr(case, "referral_author_id"):
        return case.referral_author_id
    if Case.referral.is_cached(case):
        referral = Case.referral.related.get_cached_value(case)
        return referral.author_id if referral is not None else None
    return Referral.objects.filter(case=case).values_list("author_id", flat=True).first()


def knows_student_anyway(access: Access, case: Case) -> bool:
    """The referral's author, the contact teachers, the team lead (who obtains consent) and an
    emergency access holder know who the student is without the team being told."""
    if case.student_id is None or access is None or not access.user.is_authenticated:
        return False
    return (
        access.leads(case.school_id)
        or case.student.school_class_id in access.contact_class_ids
        or access.emergency_grant_for(case.school_id, case.student_id) is not None
        or _referral_author_id(case) == access.user.pk
    )


def identity_shown(viewer, case, *, on=None) -> bool:
    """May this viewer know who the case's student is? (rules 1–5 in the module docstring)"""
    viewer = _as_viewer(viewer)
    if case is None or case.student_id is None:
        return False
    if viewer.is_team_document and (not has_consent(case, on=on) or viewer.access is None):
        return False if viewer.access is not None else has_consent(case, on=on)
    if viewer.is_guest:
        return consent_covers_agency(case, viewer.agency, on)
    access = viewer.access
    if access is None or not access.user.is_authenticated:
        return False
    if knows_student_anyway(access, case):
        return True
    school_id = case.school_id
    if school_id in access.fixed_school_ids:
        return has_consent(case, on=on)
    if school_id in access.invited_agencies:
        return any(consent_covers_agency(case, a, on) for a in access.invited_agencies[school_id])
    # Staff of the school following up a measure or task of the case: the team scope.
    if school_id in access.staff_school_ids:
        return has_consent(case, on=on)
    return False


def anonymous_label(case) -> str:
    if case.student_id is None:
        return case.title or _("Systemsak %(number)s") % {"number": case.number}
    return _("Anonym sak %(number)s (%(grade)s. trinn)") % {"number": case.number, "grade": case.student.grade}


def named_label(case) -> str:
    return f"{case.student.full_name} ({case.student.school_class.name})"


def case_label(viewer, case) -> str:
    """The name a case is shown under to this viewer."""
    if case.student_id is not None and identity_shown(viewer, case):
        return named_label(case)
    return anonymous_label(case)


def label_rows(viewer, rows, attr: str | None = "case") -> list:
    """Give each row (a task, measure, referral … or a case when attr is None) its `case_label`,
    or None without a case, and `redact` for its free text."""
    rows = list(rows)
    for row in rows:
        case = row if attr is None else getattr(row, attr)
        row.case_label = case_label(viewer, case) if case is not None else None
        row.redact = redactor(viewer, case)
    return rows


def cases_linked_to_student(viewer, cases) -> list:
    """Rule 7: on a page that names a student, only the cases named to the viewer."""
    return [c for c in cases if identity_shown(viewer, c)]


# ---------------------------------------------------------------------------------------------
# Sections


@dataclass(frozen=True)
class Sections:
    restricted: bool  # the school nurse's notes, restricted timeline entries
    protected_address: bool  # a protected guardian's address, phone and e-mail


def sections(viewer, school_id) -> Sections:
    viewer = _as_viewer(viewer)
    if viewer.access is None:  # guests and documents that travel
        return Sections(restricted=False, protected_address=False)
    return Sections(
        restricted=viewer.access.sees_restricted(school_id),
        protected_address=viewer.access.sees_protected_address(school_id),
    )


# ---------------------------------------------------------------------------------------------
# Free text

NAME_MASK = "[navn]"
# A name is a whole word: not next to a letter or digit. Underscores, dots and dashes are
# boundaries, so "Selma_Eriksen_kartlegging.pdf" loses both names.
_BOUNDARY_BEFORE = r"(?<![^\W_])"
_BOUNDARY_AFTER = r"(?![^\W_])"


def names_of(student) -> list[str]:
    """The student's and guardians' names: full names, and every part of them, longest first."""
    if student is None:
        return []
    full = [f"{student.first_name} {student.last_name}"]
    full += [g.name for g in student.guardians.all()]
    words = set()
    for name in [*full, student.first_name, student.last_name]:
        name = " ".join(name.split())
        if not name:
            continue
        words.add(name)
        for word in name.split():
            for part in [word, *word.split("-")]:
                if len(part) >= 2:
                    words.add(part)
    return sorted(words, key=lambda w: (-len(w), w.lower()))


def _pattern(student):
    words = names_of(student)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(f"{_BOUNDARY_BEFORE}(?:{alternatives}){_BOUNDARY_AFTER}", re.IGNORECASE)


def redact_names(text: str, student) -> str:
    """The one redaction: the student's and guardians' names out of free text."""
    if not text or student is None:
        return text
    pattern = _pattern(student)
    return pattern.sub(NAME_MASK, text) if pattern else text


def names_in_text(text: str, student) -> list[str]:
    """The names (as written) of the student or a guardian found in `text`, for the form warning."""
    if not text or student is None:
        return []
    pattern = _pattern(student)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(text):
        if m.group(0) not in found:
            found.append(m.group(0))
    return found


class Redactor:
    """Free text of one case as one viewer may see it: `redact(text)`, or in a template
    `{{ text|redact:redact }}` (laget.cases.templatetags.disclosure)."""

    do_not_call_in_templates = True

    def __init__(self, pattern=None):
        self.pattern = pattern

    def __call__(self, text):
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(NAME_MASK, str(text))


SHOW_ALL = Redactor()


def redactor(viewer, case) -> Redactor:
    """Free text of this case as this viewer may see it (rule 8)."""
    if case is None or case.student_id is None or identity_shown(viewer, case):
        return SHOW_ALL
    return Redactor(_pattern(case.student))


def free_text(viewer, case, text: str) -> str:
    return redactor(viewer, case)(text)


def file_name(viewer, case, name: str) -> str:
    """A download's file name (Content-Disposition) as the viewer may see it: names become "navn"."""
    name = (name or "").rsplit("/", 1)[-1]
    return redactor(viewer, case)(name).replace(NAME_MASK, "navn")


# ---------------------------------------------------------------------------------------------
# Agenda items (laget.meetings): a case item, or an item about a measure or task of a case


def item_case(item):
    if getattr(item, "case_id", None):
        return item.case
    if getattr(item, "measure_id", None):
        return item.measure.case
    if getattr(item, "task_id", None) and item.task.case_id:
        return item.task.case
    return None


def agenda_item_label(viewer, item) -> str:
    """ "Anonym sak 12 (5. trinn): Lesing", with the item's own title as the viewer may see it."""
    case = item_case(item)
    if case is None:
        return item.title
    label = case_label(viewer, case)
    title = redactor(viewer, case)(item.title)
    return f"{label}: {title}" if title and title != label else label


def label_items(viewer, items) -> list:
    """Give each agenda item its `label` and `redact` (for description, notes and tasks)."""
    items = list(items)
    for item in items:
        item.label = agenda_item_label(viewer, item)
        item.redact = redactor(viewer, item_case(item))
    return items


# ---------------------------------------------------------------------------------------------
# Students: need-to-know (rule 6)


def register_school_ids(access: Access) -> set[int]:
    """The roles that keep the student register: the team lead (rektor / avdelingsleder)."""
    return set(access.lead_school_ids)


def _named_student_ids(access: Access) -> set[int]:
    """Students with a case the user works on — on their team, or a measure or task they own — that
    is named to them (computed once per request). Owning a task in an anonymous case is no reason
    to open the student: it would tie the case to the child."""
    cached = getattr(access, "_disclosure_named_student_ids", None)
    if cached is not None:
        return cached
    # The register schools' students are seen whole (student_relation_q): only other cases matter.
    # Cases by id lists, not joins (Access.related_case_ids): the cost stays with the user's schools.
    register = register_school_ids(access)
    works_on = Q(school_id__in=access.team_school_ids - register) | Q(pk__in=access.owned_case_ids)
    cases = (
        Case.objects.filter(works_on, student__isnull=False)
        .exclude(school_id__in=register)
        .select_related("student__school_class", "referral")
        .prefetch_related("consents__agencies")
    )
    viewer = viewer_for(access)
    ids = {c.student_id for c in cases if identity_shown(viewer, c)}
    access._disclosure_named_student_ids = ids
    return ids


def student_relation_q(access: Access) -> Q:
    """An OR of id lists on indexed columns, no joins (see Access: the cost stays with the user's schools)."""
    authored = Referral.objects.filter(author_id=access.user.pk, student__isnull=False).order_by()
    emergency = access.emergency_student_ids_subquery().order_by()
    related = set(authored.values_list("student_id", flat=True)) | set(emergency.values_list("student_id", flat=True))
    return (
        Q(school_class_id__in=access.contact_class_ids)
        | Q(school_id__in=register_school_ids(access))
        | Q(pk__in=related | _named_student_ids(access))
    )


def students_visible_to(access: Access):
    """Students this user has a reason to see (rule 6)."""
    if not access.user.is_authenticated:
        return Student.objects.none()
    return Student.objects.filter(student_relation_q(access)).select_related("school_class", "school")


def student_get(access: Access, pk) -> Student:
    student = students_visible_to(access).filter(pk=pk).first()
    if student is None:
        raise Http404
    return student
