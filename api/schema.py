"""drf-spectacular hooks."""

from django.conf import settings


def site_server(result, generator, request, public):
    """The schema's server is the site's own address (SITE_URL), read when the schema is made."""
    result["servers"] = [{"url": settings.SITE_URL}]
    return result
