from django.conf import settings


def laget(request):
    from laget.accounts import feide

    context = {"LAGET_DEMO": settings.DEMO, "FEIDE_ENABLED": feide.enabled()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from laget.organisations.access import access_for

        access = access_for(request)  # computed once per request and shared with the view
        context["laget_team_member"] = bool(access.team_ids)
        context["laget_lead"] = bool(access.lead_school_ids)
        context["laget_owner"] = bool(access.owner_ids)
        context["laget_owner_only"] = bool(access.owner_ids) and not access.staff_school_ids
        # A guest from another agency: the guest pages only, never the staff menu (StaffOnlyMiddleware).
        # The school owner's staff are not guests: they have their own menu (key figures only).
        context["laget_guest"] = not user.is_superuser and not access.staff_school_ids and not access.owner_ids
    return context
