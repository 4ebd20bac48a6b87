from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services

User = get_user_model()


@admin.action(description=_("Nullstill tofaktor"), permissions=["change"])
def reset_two_factor(modeladmin, request, queryset):
    """Delete the selected users' second-factor devices (they enrol again at next login); logged."""
    for user in queryset:
        count = services.two_factor_reset(user=user, by=request.user)
        modeladmin.log_change(request, user, f"Tofaktor nullstilt ({count} enheter slettet)")
    n = queryset.count()
    modeladmin.message_user(
        request,
        ngettext("Tofaktor nullstilt for %(n)d bruker.", "Tofaktor nullstilt for %(n)d brukere.", n) % {"n": n},
        messages.SUCCESS,
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class LagetUserAdmin(UserAdmin):
    actions = [reset_two_factor]
