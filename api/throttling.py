"""Anonymous rate limiting: requests per client address, counted in the shared cache.

DRF's own anonymous throttle, keyed by the address symposium.client_ip
trusts (X-Forwarded-For only from our own proxies) and with a rate read from
settings on each request, so it can be changed without a restart of code that
imported it. With the cache down, nothing is counted and nobody is limited:
the cache fails open (symposium.cache_backends).
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from symposium.client_ip import client_ip


def api_rate():
    return settings.API_RATE_LIMIT


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return api_rate()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
