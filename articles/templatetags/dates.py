from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def _time(day, format_name):
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day, format_name))


@register.simple_tag
def event_dates(event):
    """An event's day, or its first and last days as the page's language writes a range.

    "5 July to 7 July 2019" in English, "2019年7月5日至7月7日" in Chinese: within
    one year the year is written once, where each language puts it
    (RANGE_*_SAME_YEAR_FORMAT in symposium/formats/).
    """
    start, end = event.start_date, event.end_date
    if not end or end == start:
        return _time(start, "DATE_FORMAT")
    if start.year == end.year:
        first, last = _time(start, "RANGE_START_SAME_YEAR_FORMAT"), _time(end, "RANGE_END_SAME_YEAR_FORMAT")
    else:
        first, last = _time(start, "DATE_FORMAT"), _time(end, "DATE_FORMAT")
    # Translators: an event's first and last days, each already written as a date.
    return format_html(gettext("{start} – {end}"), start=first, end=last)
