"""Times as staff read them: in the site's time zone (TIME_ZONE), to the second."""

from django.utils import timezone
from django.utils.formats import date_format

# zoneinfo knows zones by key only; these are the names people say.
ZONE_NAMES = {
    "Asia/Shanghai": "China Standard Time",
    "Asia/Hong_Kong": "Hong Kong Time",
    "Asia/Taipei": "Taipei Standard Time",
    "UTC": "Coordinated Universal Time",
}


def zone_label():
    """The site's time zone in words, e.g. "China Standard Time (Asia/Shanghai, UTC+08:00)"."""
    zone = timezone.get_current_timezone()
    key = getattr(zone, "key", str(zone))
    offset = date_format(timezone.localtime(), "O")
    details = f"{key}, UTC{offset[:3]}:{offset[3:]}"
    name = ZONE_NAMES.get(key)
    return f"{name} ({details})" if name else details


def local_time(moment):
    """`moment` in the site's time zone, to the second: "12 Mar 2025, 14:03:27"."""
    return date_format(timezone.localtime(moment), "j M Y, H:i:s")
