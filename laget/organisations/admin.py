"""The organisation is set up here: owners, schools, resource teams with their members, roles and staff."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Agency, Membership, Owner, Role, School, Staff, Team


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0
    fields = ["name", "kind"]
    show_change_link = True


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "school_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [SchoolInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_school_count=Count("schools"))

    @admin.display(description=_("skoler"), ordering="_school_count")
    def school_count(self, obj):
        return obj._school_count


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "meeting_weekday", "meeting_start", "cadence_weeks", "location"]
    show_change_link = True


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    fields = ["user", "title"]
    autocomplete_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner"]
    list_filter = ["kind", "owner"]
    search_fields = ["name", "owner__name"]
    list_select_related = ["owner"]
    inlines = [TeamInline, StaffInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["user", "role", "kind", "agency", "responsibility", "active"]
    autocomplete_fields = ["user"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "responsibility":
            field.widget.attrs.update({"rows": 2, "cols": 40})
        return field


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "weekday", "meeting_start", "cadence_weeks", "member_count"]
    list_filter = ["school__owner", "school__kind"]
    search_fields = ["name", "school__name"]
    list_select_related = ["school"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["school", "name", "location"]}),
        (
            _("Møter"),
            {
                "fields": [
                    "meeting_weekday",
                    "meeting_start",
                    "meeting_minutes",
                    "cadence_weeks",
                    "system_minutes",
                    "max_individual_cases",
                    "invitation_days_ahead",
                ]
            },
        ),
    ]

    WEEKDAYS = [_("mandag"), _("tirsdag"), _("onsdag"), _("torsdag"), _("fredag"), _("lørdag"), _("søndag")]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("memberships", filter=Q(memberships__active=True)))

    @admin.display(description=_("møtedag"), ordering="meeting_weekday")
    def weekday(self, obj):
        return self.WEEKDAYS[obj.meeting_weekday] if obj.meeting_weekday < 7 else obj.meeting_weekday

    @admin.display(description=_("aktive medlemmer"), ordering="_members")
    def member_count(self, obj):
        return obj._members


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user_name", "role", "kind", "agency", "team", "active"]
    list_filter = ["role", "kind", "agency__kind", "active", "team__school"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "team__school__name"]
    list_select_related = ["user", "role", "team__school"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("person"), ordering="user__last_name")
    def user_name(self, obj):
        return obj.user.get_full_name() or obj.user.username


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "leads_team", "sees_restricted"]
    list_filter = ["leads_team", "sees_restricted"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user_name", "title", "school"]
    list_filter = ["school"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "title", "school__name"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("navn"), ordering="user__last_name")
    def user_name(self, obj):
        return obj.user.get_full_name() or obj.user.username


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """The services outside the school an invited member or a guest comes from. The kind decides
    which consent scope reaches them (PPT, health, child welfare); others need consent naming them."""

    list_display = ["name", "kind", "owner", "school"]
    list_filter = ["kind", "owner"]
    search_fields = ["name", "owner__name", "school__name"]
    list_select_related = ["owner", "school"]
