"""The site's own address comes from settings.SITE_URL, never from the request's Host header."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri


def site_url(path="/"):
    """An absolute URL on this site for a path ("/articles/…")."""
    return iri_to_uri(settings.SITE_URL + path)


class AtSiteAddress:
    """A request that answers Django's "which site is this?" with SITE_URL.

    For code such as the syndication feeds, which builds absolute links from
    `request.get_host()` and `request.is_secure()`; everything else is the
    request's own.
    """

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self):
        return urlsplit(settings.SITE_URL).netloc

    def is_secure(self):
        return urlsplit(settings.SITE_URL).scheme == "https"
