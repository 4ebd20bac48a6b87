"""Classes and their contact teachers, set by the lead of the school's team (404 for everyone else)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laget.forms import form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import Staff

from .forms import ContactTeachersForm
from .selectors import led_class_get, led_classes
from .services import class_contact_teachers_set

User = get_user_model()


@require_GET
def class_list(request):
    access = access_for(request)
    school, schools, classes = led_classes(access, request.GET.get("skole"))
    context = {"nav": "students", "school": school, "schools": schools, "classes": classes}
    return render(request, "students/class_list.html", context)


def class_contacts(request, pk):
    access = access_for(request)
    school_class = led_class_get(access, pk)
    staff = User.objects.filter(
        pk__in=Staff.objects.filter(school_id=school_class.school_id).values("user_id")
    ).order_by("last_name", "first_name")
    form = ContactTeachersForm(
        request.POST or None, staff=staff, initial={"teachers": list(school_class.contact_teachers.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            class_contact_teachers_set(access=access, school_class=school_class, teachers=form.cleaned_data["teachers"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Kontaktlærerne for %(c)s er lagret.") % {"c": school_class.name})
            return redirect(f"{reverse('students:class_list')}?skole={school_class.school_id}")
    context = {"nav": "students", "school_class": school_class, "form": form}
    return render(request, "students/class_contacts.html", context, status=400 if form.errors else 200)
