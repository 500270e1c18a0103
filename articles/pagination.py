from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 20


class KnownCountPaginator(Paginator):
    """A paginator told its count, for lists whose count was already computed."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def page_of(request, object_list, per_page=PAGE_SIZE, *, count=None):
    """The requested page; a bad or out-of-range ?page= gives the nearest real page."""
    if count is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = KnownCountPaginator(object_list, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))
