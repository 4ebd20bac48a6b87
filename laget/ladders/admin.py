from django.contrib import admin

from .models import Ladder, LadderLevel, SchoolLadder


class LadderLevelInline(admin.TabularInline):
    model = LadderLevel
    extra = 0


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "strict")
    inlines = [LadderLevelInline]


@admin.register(SchoolLadder)
class SchoolLadderAdmin(admin.ModelAdmin):
    list_display = ("school", "ladder")
