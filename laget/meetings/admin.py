"""Meetings in the Django admin: only the e-mail deliveries of invitations (who was sent what round
when). Meetings, agenda items, tasks and approved minutes carry case discussions and are shown only
through the product's pages, scoped and access-logged (laget.audit.admin says why)."""

from django.contrib import admin

from .models import InvitationDelivery


@admin.register(InvitationDelivery)
class InvitationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "round", "email", "queued_at", "sent_at"]
    readonly_fields = ["meeting", "user", "round", "email", "queued_at", "sent_at"]
