"""Password change (signed in) and reset by e-mail: Django's own views, Norwegian templates, rate-limited.

Reset never tells whether an address has an account: the same page follows every request, and
only active users with a password of their own get the e-mail (not Feide-only users or guests).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from . import throttle
from .client_ip import client_ip
from .forms import LagetPasswordChangeForm, LagetPasswordResetForm, LagetSetPasswordForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LagetPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        hour = 3600
        per_client = throttle.allow(
            scope="pw-reset-ip",
            key=client_ip(self.request) or "",
            limit=settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR,
            window_seconds=hour,
        )
        per_email = throttle.allow(
            scope="pw-reset-email", key=email, limit=settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR, window_seconds=hour
        )
        if not (per_client and per_email):
            form.add_error(
                None,
                _("Det er bedt om nytt passord for mange ganger den siste timen. Vent en time og prøv igjen."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        # Links point at the configured address, never at whatever Host the request claimed.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = LagetSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Signed in (and past the second factor): the old password, then the new one twice. Other sessions
    of the user end with the change (Django's session hash); this one stays."""

    form_class = LagetPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_usable_password():
            messages.info(request, _("Du logger inn med Feide og har ikke noe eget passord i Laget."))
            return redirect("accounts:account")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Passordet er endret. Du er logget ut på andre enheter."))
        return response
