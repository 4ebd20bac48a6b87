"""Writes on the resource team: memberships (person × role × fixed/invited, responsibility) and the
agencies the school invites. Lead of the school's team only; every write is in the access log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agency, Membership, Staff


def _require_lead(access, school_id):
    if not access.leads(school_id):
        raise ValidationError(_("Bare lederen av ressursteamet kan endre teamet."))


def _leads_left(team, without: Membership | None = None) -> int:
    qs = team.memberships.filter(active=True, role__leads_team=True)
    if without is not None:
        qs = qs.exclude(pk=without.pk)
    return qs.count()


def _check_agency(team, kind, agency):
    if agency is not None and agency.owner_id != team.school.owner_id:
        raise ValidationError({"agency": _("Instansen hører ikke til denne skoleeieren.")})
    if agency is not None and agency.school_id not in (None, team.school_id):
        raise ValidationError({"agency": _("Instansen hører til en annen skole.")})
    if kind == Membership.Kind.INVITED and agency is None:
        raise ValidationError({"agency": _("Et invitert medlem kommer fra en instans: velg hvilken.")})


def membership_add(*, access, team, user, role, kind, responsibility="", agency=None) -> Membership:
    """Put a staff member of the school on its team with a role (need-to-know, rule 1: the team sees
    the school's cases). A person removed earlier with the same role is taken back in."""
    _require_lead(access, team.school_id)
    if not Staff.objects.filter(user=user, school_id=team.school_id).exists():
        raise ValidationError({"user": _("Personen er ikke ansatt ved skolen. Legg dem inn som ansatt først.")})
    _check_agency(team, kind, agency)
    with transaction.atomic():
        membership = Membership.objects.filter(team=team, user=user, role=role).first()
        if membership is not None and membership.active:
            raise ValidationError(
                {
                    "user": _("%(name)s er allerede med i teamet som %(role)s.")
                    % {"name": user.get_full_name() or user.username, "role": role.name}
                }
            )
        membership = membership or Membership(team=team, user=user, role=role)
        membership.kind, membership.responsibility, membership.agency = kind, responsibility.strip(), agency
        membership.active = True
        membership.full_clean()
        membership.save()
        access.log(
            action="team.member_add", school_id=team.school_id, obj=membership, detail=f"{user.username}: {role.code}"
        )
    return membership


def membership_update(*, access, membership, role, kind, responsibility="", agency=None) -> Membership:
    """Change a member's role, fixed/invited and responsibility. The team keeps at least one lead
    (every deadline needs a responsible person, the lead when the routine's role has nobody)."""
    team = membership.team
    _require_lead(access, team.school_id)
    _check_agency(team, kind, agency)
    with transaction.atomic():
        if membership.role.leads_team and not role.leads_team and _leads_left(team, without=membership) == 0:
            raise ValidationError({"role": _("Teamet må ha minst én leder. Gi en annen lederrollen først.")})
        if (
            role.pk != membership.role_id
            and Membership.objects.filter(team=team, user=membership.user, role=role).exists()
        ):
            raise ValidationError({"role": _("Personen har allerede denne rollen i teamet.")})
        membership.role, membership.kind, membership.agency = role, kind, agency
        membership.responsibility = responsibility.strip()
        membership.full_clean()
        membership.save()
        access.log(action="team.member_update", school_id=team.school_id, obj=membership, detail=role.code)
    return membership


def membership_remove(*, access, membership) -> None:
    """Take a person off the team (kept as inactive: history and the access log still name them).
    The last lead cannot be removed."""
    team = membership.team
    _require_lead(access, team.school_id)
    with transaction.atomic():
        if membership.role.leads_team and _leads_left(team, without=membership) == 0:
            raise ValidationError(_("Teamet må ha minst én leder. Gi en annen lederrollen før du fjerner denne."))
        membership.active = False
        membership.save(update_fields=["active"])
        access.log(
            action="team.member_remove", school_id=team.school_id, obj=membership, detail=membership.user.username
        )


def agency_save(*, access, school, name, kind, agency=None) -> Agency:
    """Register or rename an agency the school invites (BUP, barnevern, TGL …): a record the routine
    and consent refer to, never free text. Names are unique per owner."""
    _require_lead(access, school.pk)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Skriv navnet på instansen.")})
    clash = Agency.objects.filter(owner_id=school.owner_id, name__iexact=name)
    if agency is not None:
        clash = clash.exclude(pk=agency.pk)
    if clash.exists():
        raise ValidationError({"name": _("Det finnes allerede en instans med dette navnet hos skoleeieren.")})
    with transaction.atomic():
        agency = agency or Agency(owner_id=school.owner_id, school=school)
        agency.name, agency.kind = name, kind
        agency.full_clean()
        agency.save()
        access.log(action="agency.save", school_id=school.pk, obj=agency, detail=f"{kind}: {name}")
    return agency
