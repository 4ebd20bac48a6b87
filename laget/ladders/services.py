"""Moving a case on its escalation ladder."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laget.cases.models import Case
from laget.cases.timeline import timeline_add
from laget.organisations.access import Access

from .models import CaseLevel, LadderLevel, LadderMove
from .selectors import ladder_for_school, may_move_case


def case_escalate(
    *, access: Access, case: Case, to_level: int, reason: str, seen_version: int | None = None
) -> LadderMove:
    """Move the case to `to_level` on its ladder, with a reason.

    Only the team of the case's school moves cases. A strict ladder is walked one level up at a
    time (the first placement is on the lowest level); moving down is always allowed with a reason.
    The move is kept, the timeline gets an entry that does not name the student, and the access log
    a row, all in one transaction. `seen_version` refuses a move made on a stale page (rule 9).
    """
    if not may_move_case(access, case):
        raise PermissionDenied(_("Bare ressursteamet ved skolen kan flytte saker i trappen."))
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)
        if case.status != Case.Status.OPEN:
            raise ValidationError(_("Saken er avsluttet og kan ikke flyttes."))
        current = CaseLevel.objects.select_for_update().filter(case=case).select_related("ladder", "level").first()
        if seen_version is not None and seen_version != (current.version if current else 0):
            raise ValidationError(_("Noen andre har flyttet saken mens du så på den. Se gjennom og prøv igjen."))
        ladder = current.ladder if current else ladder_for_school(case.school)
        if ladder is None:
            raise ValidationError(_("Skolen har ingen trapp for saker. Velg en i rutinen eller som skolens standard."))
        errors = {}
        target = LadderLevel.objects.filter(ladder=ladder, number=to_level).first()
        if target is None:
            errors["to_level"] = _("Velg et nivå i trappen.")
        if not reason:
            errors["reason"] = _("Skriv en begrunnelse for flyttingen.")
        if errors:
            raise ValidationError(errors)
        from_level = current.level if current else None
        if from_level is not None and target.number == from_level.number:
            raise ValidationError({"to_level": _("Saken står allerede på dette nivået.")})
        if ladder.strict:
            lowest = ladder.levels.order_by("number").first()
            if from_level is None and target.number != lowest.number:
                raise ValidationError(
                    {"to_level": _("Trappen kan ikke hoppes over: saken starter på nivå %(n)s.") % {"n": lowest.number}}
                )
            if from_level is not None and target.number > from_level.number:
                next_up = ladder.levels.filter(number__gt=from_level.number).order_by("number").first()
                if target.number != next_up.number:
                    raise ValidationError(
                        {"to_level": _("Trappen kan ikke hoppes over: neste nivå er %(n)s.") % {"n": next_up.number}}
                    )
        if current is None:
            current = CaseLevel(case=case, ladder=ladder, level=target)
        else:
            current.level = target
            current.version += 1
        current.save()
        move = LadderMove(
            case=case, ladder=ladder, from_level=from_level, to_level=target, reason=reason, moved_by=access.user
        )
        move.full_clean()
        move.save()
        if from_level is None:
            summary = _("Plassert på nivå %(to)s – %(name)s (%(ladder)s)")
        elif target.number > from_level.number:
            summary = _("Flyttet opp fra nivå %(from)s til nivå %(to)s – %(name)s (%(ladder)s)")
        else:
            summary = _("Flyttet ned fra nivå %(from)s til nivå %(to)s – %(name)s (%(ladder)s)")
        timeline_add(
            case=case,
            kind="ladder.moved",
            summary=summary
            % {
                "from": from_level.number if from_level else "",
                "to": target.number,
                "name": target.name,
                "ladder": ladder.name,
            },
            actor=access.user,
        )
        access.log(
            action="case.escalate",
            school_id=case.school_id,
            student_id=case.student_id,
            obj=case,
            detail=f"{ladder.code}: {from_level.number if from_level else '-'} -> {target.number}",
        )
    return move
