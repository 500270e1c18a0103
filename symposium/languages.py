"""The interface languages: which one a page is in, and where the same page is in the others.

The URL alone decides a page's language (symposium.middleware.URLLanguageMiddleware):
English at today's paths, Chinese under /zh-hans/. A page's versions feed both
the language switcher and the `<link rel="alternate" hreflang>` tags, so the two
never disagree.

A view may name its versions itself, as the context variable
`language_alternates`: a list of (language code, url), e.g. an article whose
translation has another slug. Languages it lists are the page's real versions
(hreflang); a language it leaves out has none, and the switcher then leads to
the same path in that language, where the reader is told so.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation


@dataclass(frozen=True)
class Version:
    code: str  # as in settings.LANGUAGES: "zh-hans"
    name: str  # in its own language: "中文"
    path: str  # the page's own address, as a canonical link would name it
    url: str  # the same with the query parameters the page reads: where the switcher leads
    current: bool
    # The page exists in this language (hreflang lists it); otherwise the URL leads to a notice.
    listed: bool = True

    @property
    def lang(self):
        """The BCP 47 tag HTML wants: "en", "zh-Hans"."""
        return html_lang(self.code)


@dataclass(frozen=True)
class Versions:
    current: Version
    all: list

    @property
    def others(self):
        return [version for version in self.all if not version.current]

    @property
    def alternates(self):
        """(hreflang, url) of every listed version, then x-default, when the page exists in more than one."""
        listed = [version for version in self.all if version.listed]
        if len(listed) < 2:
            return []
        pairs = [(version.lang, version.path) for version in listed]
        default = next((version for version in listed if version.code == settings.LANGUAGE_CODE), None)
        return pairs + ([("x-default", default.path)] if default else [])


def html_lang(code):
    """ "zh-hans" -> "zh-Hans", the form `<html lang>` and hreflang use."""
    return translation.to_locale(code).replace("_", "-")


def path_in_language(request, code):
    """The same page in language `code`.

    What django.urls.translate_url does, from the URL match the request already
    has rather than resolving its path again; a path that matched nothing (a
    404) swaps its language prefix, as every public path has the same shape in
    each language.
    """
    match = request.resolver_match
    if match is not None:
        with translation.override(code):
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
    path = request.path
    current = f"/{translation.get_language()}"
    bare = path.removeprefix(current) if path.startswith(f"{current}/") else path
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def page_query(request):
    """The query parameters a page reads (?page=2, ?q=...), as the page cache keys it: no utm_source."""
    kept = [(name, value) for name, value in request.GET.lists() if name in settings.PAGE_QUERY_PARAMETERS]
    return urlencode(kept, doseq=True)


def page_versions(request, alternates=None):
    """The page of `request` in every interface language; `alternates` as a view's `language_alternates`."""
    current = translation.get_language()
    named = dict(alternates) if alternates is not None else None
    query = page_query(request)
    versions = []
    for code, name in settings.LANGUAGES:
        listed = named is None or code in named
        path = named[code] if listed and named else path_in_language(request, code)
        url = path + (f"?{query}" if query and not (listed and named) else "")
        versions.append(Version(code=code, name=name, path=path, url=url, current=code == current, listed=listed))
    return Versions(current=next(v for v in versions if v.current), all=versions)
