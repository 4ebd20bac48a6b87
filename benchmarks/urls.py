"""Laget's URLs plus `/__bench/bare`: a Django view that does nothing, through the same middleware."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from laget.urls import urlpatterns as laget_urlpatterns


@login_not_required
def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("__bench/bare", bare), *laget_urlpatterns]
