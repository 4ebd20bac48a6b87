"""One way to page a list (rule: every list page paginates, so its cost does not grow with history)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, items, *, per_page: int = PAGE_SIZE, param: str = "side"):
    """The requested page of `items` and the querystring without the page parameter (for the links)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
