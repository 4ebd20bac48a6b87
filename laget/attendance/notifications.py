"""E-mail to the attendance followers when a follow-up opens. Subject and text come from templates;
neither names the student (e-mail leaves Laget's access control), the link does."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from laget.organisations.language import for_school

from .models import FollowUp
from .selectors import followers_of


def followup_recipients(followup: FollowUp) -> list:
    """The school's attendance followers; if the team has none yet, its leads, so the concern is not lost."""
    users = [u for u in followers_of(followup.school_id) if u.email]
    if users:
        return users
    from laget.organisations.models import Membership

    leads = Membership.objects.filter(team__school_id=followup.school_id, role__leads_team=True, active=True)
    return list({m.user_id: m.user for m in leads.select_related("user") if m.user.email}.values())


def followup_opened_message(followup: FollowUp, user) -> EmailMultiAlternatives:
    context = {
        "followup": followup,
        "class_name": followup.student.school_class.name,
        "threshold": followup.ladder.threshold,
        "recipient": user,
        "url": settings.SITE_URL.rstrip("/") + reverse("attendance:followup_detail", args=[followup.pk]),
    }
    subject = " ".join(render_to_string("attendance/email/followup_opened_subject.txt", context).split())
    text = render_to_string("attendance/email/followup_opened.txt", context)
    return EmailMultiAlternatives(subject=subject, body=text, to=[user.email])


def followup_notify(*, followup_id: int) -> int:
    """Send once: the follow-up row is locked and stamped, so a retried task sends nothing twice."""
    with transaction.atomic():
        followup = (
            FollowUp.objects.select_for_update()
            .select_related("student__school_class", "ladder", "school")
            .filter(pk=followup_id)
            .first()
        )
        if followup is None or followup.notified_at is not None:
            return 0
        recipients = followup_recipients(followup)
        for user in recipients:
            with for_school(followup.school):
                message = followup_opened_message(followup, user)
            message.send()
        followup.notified_at = timezone.now()
        followup.save(update_fields=["notified_at"])
    return len(recipients)
