from django.conf import settings


def laget(request):
    return {"LAGET_DEMO": settings.DEMO}
