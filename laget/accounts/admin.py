from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import FeideLink

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


class FeideLinkInline(admin.StackedInline):
    """The administrator binds a staff member to Feide by their Feide user id; Laget records the
    `sub` at the first Feide login (accounts.services.feide_user_resolve)."""

    model = FeideLink
    can_delete = True
    extra = 0
    max_num = 1
    fields = ["feide_userid", "sub", "linked_at", "last_login_at"]
    readonly_fields = ["sub", "linked_at", "last_login_at"]


@admin.register(User)
class LagetUserAdmin(UserAdmin):
    actions = [reset_two_factor]
    inlines = [FeideLinkInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not FeideLink:
            return super().save_formset(request, form, formset, change)
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            value = inline_form.cleaned_data.get("feide_userid") or ""
            services.feide_link_set(user=form.instance, feide_userid=value, by=request.user)
        return None
