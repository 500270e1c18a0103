"""Whole pages cached for hours, forgotten by what they show.

A rendered page carries keys for the content on it: `article:12`, `speaker:3`,
`tag:7`..., found by walking the objects its template was given, plus the
listing keys its view declares (`list:article`, `tagcounts`...). Forgetting a
key records when it was forgotten; a stored page is served only while every
key it carries was last forgotten before the page began to render. So an edit
forgets exactly the pages that show what changed, the rest of the site stays
cached, and a key can be forgotten in one write whatever the number of pages.

While one request re-renders a forgotten page, others get the previous copy
for at most RENDER_LOCK_SECONDS; a request with a session (an editor) never
gets a previous copy. When the database fails, a stored copy is served rather
than an error page.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page
from django.db import DatabaseError
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language

from symposium import proxy
from symposium.replicas import data_age_seconds

EVERYTHING = "all"
RENDER_LOCK_SECONDS = 5
# Clocks of different app servers may differ a little (NTP keeps them within
# milliseconds): a page that began to render this soon before one of its keys
# was forgotten is not trusted.
CLOCK_SKEW_SECONDS = 0.1
FORGOT_PREFIX = "forgot:"
KEYED_MODELS = {"article", "event", "quote", "priority", "speaker", "tag"}
WALK_DEPTH = 3


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


# What a page shows


# Listing keys of each view, by URL name; content keys come from what the template was given.
VIEW_KEYS = {
    "home": {"list:article", "list:priority", "tagcounts"},
    "articles:article_list": {"list:article"},
    "articles:speaker_list": {"list:speaker"},
    "articles:event_list": {"list:event"},
    "priorities:priority_list": {"list:priority"},
    "tag_list": {"tagcounts"},
    "search": {"search", "tagcounts"},
    "sitemap": {"syndication", "tagcounts"},
}


def view_keys(request):
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if name.startswith("feed_"):
        return {"syndication"}
    return VIEW_KEYS.get(name, set())


def key_of(obj):
    name = obj._meta.model_name
    return f"{name}:{obj.pk}" if name in KEYED_MODELS else None


def _loaded_relations(instance):
    yield from (related for related in instance._state.fields_cache.values() if related is not None)
    yield from getattr(instance, "_prefetched_objects_cache", {}).values()
    # Prefetch(..., to_attr=...) leaves a plain list on the instance.
    yield from (items for items in vars(instance).values() if isinstance(items, list))


def keys_shown(value, depth=0):
    """Keys of every content object in `value`: instances, their loaded relations, lists and pages."""
    keys = set()
    if depth > WALK_DEPTH:
        return keys
    if isinstance(value, Model):
        key = key_of(value)
        if key is None:
            return keys
        keys.add(key)
        for loaded in _loaded_relations(value):
            keys |= keys_shown(loaded, depth + 1)
    elif isinstance(value, QuerySet):
        if value._result_cache is not None:
            keys |= keys_shown(value._result_cache, depth)
    elif isinstance(value, Page):
        keys |= keys_shown(value.object_list, depth)
    elif isinstance(value, list | tuple):
        for item in value:
            keys |= keys_shown(item, depth)
    return keys


def page_keys(request, response):
    """A template page's keys are found in its context; a response with no template (the JSON API's)
    names its own, as `response.page_keys`."""
    keys = {EVERYTHING, *view_keys(request), *getattr(response, "page_keys", ())}
    for value in (getattr(response, "context_data", None) or {}).values():
        keys |= keys_shown(value)
    return keys


# Forgetting


def forget_keys(keys):
    """Every stored page carrying one of `keys` is stale from now on. False when the cache did not take it."""
    now = time.time()
    failed = page_cache().set_many({FORGOT_PREFIX + key: now for key in keys}, timeout=None)
    return not failed and not page_cache().is_down()


def _is_current(entry):
    if time.time() >= entry["fresh_until"]:
        return False
    forgotten = page_cache().get_many([FORGOT_PREFIX + key for key in entry["keys"]])
    if page_cache().is_down():
        return False
    return all(when < entry["rendered_at"] - CLOCK_SKEW_SECONDS for when in forgotten.values())


# The middleware


def cache_key(request):
    """The page's language, host and URL, without the query parameters no page reads (utm_source and the like).

    The URL names the language already (URLLanguageMiddleware); keying by the
    language too means no other way of choosing one could ever share a page.
    """
    kept = sorted((name, values) for name, values in request.GET.lists() if name in settings.PAGE_QUERY_PARAMETERS)
    query = urlencode(kept, doseq=True)
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    url = f"{language} {request.get_host()}{request.path}?{query}"
    return "page:" + hashlib.sha256(url.encode()).hexdigest()


def _cacheable_request(request):
    return request.method in ("GET", "HEAD")


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
        and "cookie" not in response.get("Vary", "").lower()
    )


def _has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _stored(response, keys, rendered_at, fresh_seconds, shared_seconds):
    return {
        "content": response.content,
        "headers": [(name, value) for name, value in response.items() if name not in ("Expires", "Cache-Control")],
        "keys": sorted(keys),
        "rendered_at": rendered_at,
        "fresh_until": rendered_at + fresh_seconds,
        # How long a proxy in front may keep it (PROXY_CACHE_SECONDS, the next publication).
        "shared_until": rendered_at + shared_seconds,
    }


def _from_stored(request, entry, state):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    patch_response_headers(response, settings.BROWSER_CACHE_SECONDS)
    # A previous copy served for a moment must not be kept for hours by a proxy.
    fresh_for = entry.get("shared_until", entry["fresh_until"]) - time.time() if state == "hit" else None
    _tell_shared_caches(request, response, entry["keys"], fresh_for)
    response["X-Page-Cache"] = state
    return response


def _tell_shared_caches(request, response, keys, fresh_for):
    """`fresh_for` None: the page may be out of date, so no shared cache keeps it."""
    if _has_session(request):
        proxy.mark_private(response)
    elif fresh_for is None:
        proxy.mark_unshareable(response)
    else:
        proxy.mark_shared(response, keys, fresh_for)


def _changed_while_rendering(keys, rendered_at):
    """True when one of `keys` was forgotten after the page began to render: it may show the old content."""
    if proxy.provider() is None:
        return False
    forgotten = page_cache().get_many([FORGOT_PREFIX + key for key in keys])
    return any(when >= rendered_at - CLOCK_SKEW_SECONDS for when in forgotten.values())


def fresh_seconds():
    """How long a page may be kept here, and by a proxy in front: hours, never past the next scheduled publication."""
    from symposium.cache import seconds_until_next_publication  # noqa: PLC0415  (models load after settings)

    longest = (settings.CACHE_MIDDLEWARE_SECONDS, settings.PROXY_CACHE_SECONDS)
    if max(longest) <= 0:
        return 0, 0
    due = seconds_until_next_publication()
    return tuple(max(0, min(seconds, due)) for seconds in longest)


class PageCacheMiddleware:
    """Serves and stores whole pages; sits where Django's cache middleware pair would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        entry = page_cache().get(key)
        if entry is not None:
            if _is_current(entry):
                return _from_stored(request, entry, "hit")
            request._stale_page = entry
            someone_renders = not page_cache().add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS)
            if someone_renders and not _has_session(request):
                return _from_stored(request, entry, "stale")
        # A page read from a lagging replica shows the site as it was a little earlier.
        rendered_at = time.time() - data_age_seconds()
        response = self.get_response(request)
        if response.has_header("X-Page-Cache"):
            return response
        if not _cacheable_response(response):
            if _has_session(request):
                proxy.mark_private(response)
            elif not response.streaming and not response.has_header("Cache-Control"):
                # A 404 or redirect today may be a page after the next save: no proxy keeps it.
                proxy.mark_unshareable(response)
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        keys = page_keys(request, response)
        seconds, shared_seconds = fresh_seconds()
        if seconds > 0 and not page_cache().is_down():
            stored = _stored(response, keys, rendered_at, seconds, shared_seconds)
            page_cache().set(key, stored, seconds + settings.STALE_IF_ERROR_SECONDS)
            page_cache().delete(f"{key}:rendering")
        patch_response_headers(response, settings.BROWSER_CACHE_SECONDS)
        changed = _changed_while_rendering(keys, rendered_at)
        _tell_shared_caches(request, response, keys, None if changed else shared_seconds)
        response["X-Page-Cache"] = "miss"
        return response

    def process_exception(self, request, exception):
        """With the database failing, the last copy of a page beats an error page."""
        entry = getattr(request, "_stale_page", None)
        if entry is not None and isinstance(exception, DatabaseError):
            return _from_stored(request, entry, "stale-if-error")
        return None
