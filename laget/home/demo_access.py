"""Logins for every demo school, so a newcomer can try each routine (`manage.py demo` prints them).

Fjordvik's schools have their team logins from demo_data.LOGINS; this adds the lead and a member of
every preset school, an attendance follower at the Breivang school (its ladder names that role),
an invited agency member and a guest from an agency, and a user of the municipality who sees the
owner's key figures. Idempotent: run on every `manage.py demo`, so an older demo database gets
them too, and nothing changes on a second run.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone

from laget.accounts.middleware import DEMO_GROUP
from laget.attendance.models import FOLLOWER_ROLE
from laget.meetings.guests import guest_invite
from laget.meetings.models import AgendaItem, GuestInvitation, Meeting
from laget.organisations.access import Access
from laget.organisations.models import Agency, Membership, Owner, OwnerStaff, Role, School, Staff
from laget.routines.presets import preset_data

from . import demo_data as D

User = get_user_model()

FOLLOWER = ("demo-nordfylke-narvaer", "Nina", "Næss", "Nærværsoppfølger")
MUNICIPALITY_USER = ("demo-kommune", "Kjersti", "Kommunaas", "Rådgiver, oppvekst")
GUEST = ("demo-gjest-bup@demo.invalid", "Berit Bupsen", "BUP Fjordvik", Agency.Kind.BUP)
INVITED_MEMBER = "demo-barnevern"
FJORDVIK_SECONDARY_LEAD = "demo-rektor-u"


def _with_password(user):
    if not user.password or not user.has_usable_password():
        user.set_password(D.PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
    return user


def _user(username, first, last, email=None):
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": email or f"{username}@{D.EMAIL_DOMAIN}"},
    )
    return _with_password(user)


def ensure_demo_access() -> list[tuple[str, str, str]]:
    """Create what is missing; return (username, who, where) for every demo login beyond LOGINS."""
    from .demo_builder import PRESET_SCHOOLS

    logins = []
    fjordvik = Owner.objects.get(name=D.OWNER_NAME)
    secondary = School.objects.get(name=D.SECONDARY_NAME)
    lead_u = _with_password(User.objects.get(username=FJORDVIK_SECONDARY_LEAD))
    logins.append((lead_u.username, f"{lead_u.get_full_name()}, rektor (leder ressursteamet)", secondary.name))

    for key, name, _kind, preset, lead_role, member_role, _klass in PRESET_SCHOOLS:
        school = School.objects.get(name=name)
        for suffix, role in (("leder", lead_role), ("medlem", member_role)):
            user = _with_password(User.objects.get(username=f"demo-{key}-{suffix}"))
            role_name = Role.objects.get(code=role).name
            who = f"{user.get_full_name()}, {role_name.lower()}" + (
                " (leder ressursteamet)" if suffix == "leder" else ""
            )
            logins.append((user.username, who, f"{school.name}, rutine: {preset_data(preset)['name']}"))
        if preset == "breivang_vgs":
            logins.append(_follower(school))

    logins.append(_invited_member())
    logins.append(_guest())
    user = _user(*MUNICIPALITY_USER[:3])
    OwnerStaff.objects.get_or_create(user=user, owner=fjordvik, defaults={"title": MUNICIPALITY_USER[3]})
    logins.append((user.username, f"{user.get_full_name()}, skoleeier: nøkkeltall for alle skolene", fjordvik.name))
    return logins


def _follower(school):
    """Breivang's ladder gives most steps to the attendance follower (nærværsoppfølger)."""
    username, first, last, title = FOLLOWER
    user = _user(username, first, last)
    Staff.objects.get_or_create(user=user, school=school, defaults={"title": title})
    team = school.teams.first()
    roles = {r["code"]: r.get("responsibility", "") for r in preset_data("breivang_vgs")["roles"]}
    Membership.objects.get_or_create(
        team=team,
        user=user,
        role=Role.objects.get(code=FOLLOWER_ROLE),
        defaults={"kind": Membership.Kind.FIXED, "responsibility": roles.get(FOLLOWER_ROLE) or title},
    )
    return (username, f"{first} {last}, nærværsoppfølger", school.name)


def _invited_member():
    """Fjordvik barneskole's child-welfare contact: an invited member of the team, from an agency."""
    user = _with_password(User.objects.get(username=INVITED_MEMBER))
    membership = Membership.objects.filter(user=user).select_related("team__school").first()
    school = membership.team.school
    if membership.agency_id is None:
        agency, _c = Agency.objects.get_or_create(
            owner_id=school.owner_id, name="Barneverntjenesten i Fjordvik", defaults={"kind": Agency.Kind.CHILD_WELFARE}
        )
        membership.agency = agency
        membership.save(update_fields=["agency"])
    return (user.username, f"{user.get_full_name()}, barnevernet (invitert medlem av ressursteamet)", school.name)


def _guest():
    """A guest from BUP, invited to one named case on Fjordvik barneskole's next meeting."""
    email, name, agency, kind = GUEST
    school = School.objects.get(name=D.PRIMARY_NAME)
    active = GuestInvitation.objects.filter(guest__email=email, revoked_at__isnull=True).select_related("meeting")
    if not any(i.is_active for i in active):
        meeting = (
            Meeting.objects.filter(team__school=school, starts_at__gte=timezone.now())
            .filter(Q(status=Meeting.Status.PLANNED) | Q(status=Meeting.Status.INVITED))
            .order_by("starts_at")
            .first()
        )
        items = AgendaItem.objects.filter(meeting=meeting, case__student__isnull=False)[:1] if meeting else []
        if items:
            lead = Membership.objects.filter(team=meeting.team, role__leads_team=True).first().user
            guest_invite(
                access=Access(lead),
                meeting=meeting,
                email=email,
                name=name,
                agency=agency,
                items=items,
                agency_kind=kind,
            )
    guest = User.objects.filter(email=email).first()
    if guest is None:
        return (email, f"{name}, gjest fra {agency} (ingen kommende møte å invitere til)", school.name)
    _with_password(guest)
    return (guest.username, f"{name}, gjest fra {agency} (invitert til én sak)", school.name)
