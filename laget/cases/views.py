"""Views: thin; fetch through selectors (404 for what the user may not see), act through services."""

from django.http import HttpResponse


def referral_list(request):
    return HttpResponse("TODO")


def case_list(request):
    return HttpResponse("TODO")
