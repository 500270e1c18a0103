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
    return paginator.get_page(_at_least_one(request.GET.get("page")))


def _at_least_one(number):
    """Page 0 or -3 is nearest to the first page (Django's get_page would give the last)."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return number  # get_page gives the first page for what is not a number


class PagedByIds:
    """A listing whose pages are found by their ids, then read with everything they show.

    `ids` is the listing's ids in its order, `rows` the listing itself. Finding
    page 40 means sorting every row the listing has: sorting only the ids (and
    the columns they are ordered by), which covering indexes can give without
    reading a table, is cheap; then only that page's rows are read in full.
    One query per page, as the ids are a subquery.
    """

    def __init__(self, *, ids, rows):
        self.ids = ids
        self.rows = rows

    def count(self):
        return self.ids.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("PagedByIds gives pages (slices), not single rows.")
        return self.rows.filter(pk__in=self.ids[index])
