from django.core.paginator import Paginator

PAGE_SIZE = 20


def page_of(request, object_list, per_page=PAGE_SIZE):
    """The requested page; a bad or out-of-range ?page= gives the nearest real page."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
