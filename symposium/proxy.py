"""What a caching proxy or CDN in front is told about each page.

A public page says how long shared caches may keep it (`s-maxage`, hours:
freshness comes from purging, not from expiry) and which page keys it carries,
in the header the configured proxy reads (`xkey` for Varnish, `Surrogate-Key`
for Fastly, `Cache-Tag` for Cloudflare). The keys are the page cache's own
(symposium.pagecache), so whatever forgets a page in the page cache purges it
at the proxy too (symposium.purge). Browsers keep a page only briefly.

A request with a session (an editor) gets `private` pages: a shared cache
never keeps or hands on what was rendered for one.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.cache import patch_cache_control

# Item keys are `<kind>:<id>`; a page whose keys would overflow the header
# carries `any:<kind>` instead, which every purge of such an item includes.
ITEM_KEY = re.compile(r"^(?P<kind>[a-z]+):\d+$")
ANY_PREFIX = "any:"


@dataclass(frozen=True)
class Provider:
    header: str
    separator: str
    # The longest value the proxy accepts in that header.
    max_header_bytes: int
    # The most keys one purge call may name.
    keys_per_purge: int


PROVIDERS = {
    # varnishd refuses a response with a header line over http_resp_hdr_len (8 KB by default).
    "varnish": Provider(header="xkey", separator=" ", max_header_bytes=7000, keys_per_purge=300),
    # Fastly: Surrogate-Key up to 16 KB; a batch purge names at most 256 keys.
    "fastly": Provider(header="Surrogate-Key", separator=" ", max_header_bytes=16000, keys_per_purge=256),
    # Cloudflare: Cache-Tag up to 16 KB, comma-separated; a purge names at most 30 tags.
    "cloudflare": Provider(header="Cache-Tag", separator=",", max_header_bytes=16000, keys_per_purge=30),
}


def provider():
    """The configured proxy's conventions, or None when no proxy is in front."""
    return PROVIDERS.get(settings.PROXY_CACHE)


def key_header_name():
    return settings.PROXY_KEY_HEADER or provider().header


def header_value(keys, max_bytes):
    """The keys as the header lists them; when they do not fit, item keys give way to their kind's `any:` key."""
    separator = provider().separator
    value = separator.join(sorted(keys))
    if len(value.encode()) <= max_bytes:
        return value
    kept = {key for key in keys if not ITEM_KEY.match(key)}
    kept |= {ANY_PREFIX + ITEM_KEY.match(key)["kind"] for key in keys if ITEM_KEY.match(key)}
    return separator.join(sorted(kept))


def purge_keys(keys):
    """The keys to purge at the proxy for page keys forgotten: each item's own, and its kind's `any:` key."""
    return set(keys) | {ANY_PREFIX + match["kind"] for match in map(ITEM_KEY.match, keys) if match}


def mark_shared(response, keys, fresh_seconds):
    """Lets shared caches keep a public page for up to `fresh_seconds`, findable by its keys."""
    if provider() is None:
        return
    patch_cache_control(
        response,
        public=True,
        s_maxage=max(0, int(min(settings.PROXY_CACHE_SECONDS, fresh_seconds))),
        stale_while_revalidate=settings.PROXY_STALE_WHILE_REVALIDATE_SECONDS,
        stale_if_error=settings.STALE_IF_ERROR_SECONDS,
    )
    response[key_header_name()] = header_value(keys, provider().max_header_bytes)


def mark_private(response):
    """A page rendered for a session: the reader's browser may keep it, no shared cache may."""
    patch_cache_control(response, private=True)


def mark_unshareable(response):
    """A page that may already be out of date (what it shows changed while it rendered): no shared cache keeps it."""
    if provider() is not None:
        patch_cache_control(response, s_maxage=0)
