"""Error pages in Norwegian with the product's look (templates 400/403/404/500.html and 403_csrf.html).

Django's own handlers render 400/403/404/500 from those templates; 500.html is rendered without a
request context, so it needs neither the database nor a signed-in user. The CSRF failure (an
expired form, most often) gets its own page that says what to do.
"""

from django.http import HttpResponseForbidden
from django.template import loader


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was older than the session (or cookies are off)."""
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
