"""Reminder e-mails as subject / text / HTML template triples. The context carries the deadline's
title (which never names a student), its date and a link — nothing from the case itself."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string

from laget.organisations.language import for_school

from .selectors import kind_label


def reminder_messages(reminder, recipients) -> list[EmailMultiAlternatives]:
    messages = []
    with for_school(reminder.school):
        for user in recipients:
            context = {
                "reminder": reminder,
                "stage": reminder.stage,
                "kind_label": kind_label(reminder.kind),
                "recipient": user,
                "owner_name": reminder.owner.get_full_name() or reminder.owner.username,
                "url": settings.SITE_URL.rstrip("/") + reminder.url,
                "mine_url": settings.SITE_URL.rstrip("/") + "/frister/mine/",
            }
            subject = " ".join(render_to_string("deadlines/email/reminder_subject.txt", context).split())
            text = render_to_string("deadlines/email/reminder.txt", context)
            html = render_to_string("deadlines/email/reminder.html", context)
            domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "laget"
            message = EmailMultiAlternatives(
                subject=subject, body=text, to=[user.email], headers={"Message-ID": make_msgid(domain=domain)}
            )
            message.attach_alternative(html, "text/html")
            messages.append(message)
    return messages
