"""The address a login attempt came from, for django-axes (AXES_CLIENT_IP_CALLABLE)."""

from ipaddress import ip_address, ip_network

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR; behind a trusted proxy, the nearest untrusted address in X-Forwarded-For.

    Each proxy appends the address it was reached from, so the header is read
    right to left, skipping our own proxies: the first other address was
    written by a proxy we trust. Everything to its left came from the client
    and may be forged, and so does the whole header when the request did not
    come from a trusted proxy.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = [ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES]
    if not is_within(remote, networks):
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(forwarded):
        if not is_within(hop, networks):
            return hop if is_address(hop) else remote
    return remote


def is_address(text):
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def is_within(text, networks):
    return is_address(text) and any(ip_address(text) in network for network in networks)
