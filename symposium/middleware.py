from contextlib import contextmanager
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import set_response_etag
from django.utils.functional import cached_property

# Every query parameter a cached page reads: paging (`p` is the sitemap's),
# and the search's words, tags, match and kind. Anything else changes nothing.
PAGE_QUERY_PARAMETERS = frozenset({"page", "p", "q", "tag", "match", "type"})


class PrebuiltCSPMiddleware(CSPMiddleware):
    """django-csp, with the site-wide policy built once instead of on every response.

    Responses that ask for something else (a nonce, or django-csp's per-view
    decorators) still go through django-csp's own per-response path.
    """

    @cached_property
    def site_policy(self):
        return build_policy()

    def process_response(self, request, response):
        varies = getattr(request, "_csp_nonce", None) or any(
            hasattr(response, attr) for attr in ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
        )
        if varies or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self.site_policy
        return response


class ETagBeforeCachingMiddleware:
    """Adds the ETag before the page cache stores a response, so a cache hit needs no hashing.

    Only the ETag: turning requests into 304s stays with ConditionalGetMiddleware
    above the cache, as a 304 must never be what the cache stores.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cacheable = request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming
        if cacheable and not response.has_header("ETag"):
            set_response_etag(response)
        return response


def page_query(query_string):
    """The query string as a page sees it: its parameters only, in a fixed order (values keep theirs)."""
    pairs = [(name, value) for name, value in parse_qsl(query_string, keep_blank_values=True)
             if name in PAGE_QUERY_PARAMETERS]  # fmt: skip
    return urlencode(sorted(pairs, key=itemgetter(0)))


@contextmanager
def query_for_cache_key(request):
    """Django's cache middleware keys on the full URL; for the time it takes to
    make a key, the URL carries only what `page_query` keeps.

    The view never sees the change: it runs after the query is restored, and
    request.GET is parsed from the untouched environ.
    """
    original = request.META.get("QUERY_STRING", "")
    request.META["QUERY_STRING"] = page_query(original)
    try:
        yield
    finally:
        request.META["QUERY_STRING"] = original


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        with query_for_cache_key(request):
            return super().process_request(request)


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    def process_response(self, request, response):
        with query_for_cache_key(request):
            return super().process_response(request, response)
