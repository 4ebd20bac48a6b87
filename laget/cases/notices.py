"""Telling the team of a new referral: the team lead (and whoever the routine names) gets an e-mail.

The routine may say who hears of new referrals (`referral_notice.roles`, role codes) and whether by
e-mail (`referral_notice.email`, default yes). Without such a setting the team's lead hears of it:
a referral must reach someone (rule 10). The e-mail never names the student: it says a referral
came in, for which grade, from whom, and links to the case (rule 3; the page decides what is shown).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from laget.organisations.models import Membership
from laget.routines.selectors import routine_data_for_school

from .disclosure import anonymous_label
from .models import Referral, ReferralNotice

User = get_user_model()


def _settings(school) -> dict:
    return routine_data_for_school(school).get("referral_notice") or {}


def referral_notice_recipients(school) -> list:
    """Who hears of a new referral: the routine's roles on the school's team, else its leads."""
    memberships = Membership.objects.filter(team__school=school, active=True).select_related("user", "role")
    roles = set(_settings(school).get("roles") or [])
    chosen = [m for m in memberships if m.role.code in roles] if roles else []
    if not chosen:
        chosen = [m for m in memberships if m.role.leads_team]
    users = {}
    for membership in chosen:
        users.setdefault(membership.user_id, membership.user)
    return list(users.values())


def referral_notice_queue(referral: Referral) -> None:
    """After the referral's transaction commits, send the notices (from a task, idempotent)."""
    if _settings(referral.school).get("email", True) is False:
        return
    from .tasks import send_referral_notices

    transaction.on_commit(lambda: send_referral_notices.enqueue(referral_id=referral.pk))


def referral_notice_message(referral: Referral, user) -> EmailMultiAlternatives:
    case = referral.case
    author = referral.author
    context = {
        "recipient": user,
        "label": anonymous_label(case),
        "is_system": case.kind == "system",
        "author": author.get_full_name() or author.username,
        "school": referral.school,
        "submitted": timezone.localtime(referral.submitted_at),
        "url": settings.SITE_URL.rstrip("/") + reverse("cases:case_detail", args=[case.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("cases/email/referral_notice_subject.txt", context).split())
        text = render_to_string("cases/email/referral_notice.txt", context)
    return EmailMultiAlternatives(subject=subject, body=text, to=[user.email])


def referral_notices_deliver(*, referral_id: int) -> int:
    """Send each recipient's e-mail once: the notice row is claimed under a lock and marked sent,
    so a retried task sends nothing twice. Returns the number sent."""
    referral = Referral.objects.select_related("school", "author", "case").get(pk=referral_id)
    sent = 0
    for user in referral_notice_recipients(referral.school):
        if not user.email:
            continue
        with transaction.atomic():
            notice, _created = ReferralNotice.objects.get_or_create(referral=referral, user=user)
            notice = ReferralNotice.objects.select_for_update().get(pk=notice.pk)
            if notice.sent_at is not None:
                continue
            referral_notice_message(referral, user).send()
            notice.sent_at = timezone.now()
            notice.save(update_fields=["sent_at"])
            sent += 1
    return sent
