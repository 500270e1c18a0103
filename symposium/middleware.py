from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils import translation
from django.utils.cache import set_response_etag
from django.utils.functional import cached_property

from symposium.languages import html_lang


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


def language_of_path(path):
    """The language whose prefix starts `path` exactly ("/zh-hans/..."), else the default one."""
    prefix = path.split("/", 2)[1] if path.startswith("/") else ""
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class URLLanguageMiddleware:
    """Activates the language the URL names: Chinese under /zh-hans/, English everywhere else.

    Django's LocaleMiddleware would do the same for these URLs, but it marks
    every unprefixed page `Vary: Accept-Language`, as if the header could change
    it; here nothing but the path can, so a cache or CDN keyed by URL always
    hands out the right language, and cookies and Accept-Language are never read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        request.LANGUAGE_CODE = language
        # Only for this request: code that runs after it (a test, a command) is not left in its language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", html_lang(language))
        return response
