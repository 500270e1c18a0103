from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from articles.languages import to_django
from articles.models import Article, Event, Speaker
from articles.translations import url_in_language
from priorities.models import Priority
from symposium.tags import public_topics


class Sitemap(DjangoSitemap):
    """Locations on SITE_URL, whatever Host the request named; each page in every interface
    language, listing its versions as alternates (x-default, the English one, is added by
    symposium/sitemap.xml: Django's own x-default strips "/en/" from the URL, wrong here where
    English has no prefix and a slug may be "en")."""

    i18n = True
    alternates = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class TranslatedSitemap(Sitemap):
    """Articles and priorities: each once, at its page in its own language, its public
    translations as alternates, as its page's head names them (articles.translations).
    Its address in the other language redirects to the translation or says there is none."""

    i18n = False

    def items(self):
        items = list(self.public_items())
        self.versions = {}
        for item in items:
            key = self.version_key(item)
            if key is not None:
                self.versions.setdefault(key, {})[self.language_of(item)] = item
        return items

    def location(self, item):
        return url_in_language(item, self.language_of(item))

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            versions = self.versions.get(self.version_key(url["item"]), {})
            if len(versions) > 1:
                url["alternates"] = [
                    {"location": f"{protocol}://{domain}{url_in_language(each, lang)}", "lang_code": to_django(lang)}
                    for lang, each in versions.items()
                ]
        return urls


class ArticleSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def public_items(self):
        return Article.objects.published().order_by("-published_at")

    def language_of(self, item):
        return item.language

    def version_key(self, item):
        return item.translation_group_id

    def lastmod(self, item):
        return item.updated_at


class PrioritySitemap(TranslatedSitemap):
    """A priority's versions: the same number in the articles of a group of translations."""

    def public_items(self):
        return Priority.objects.public().select_related("article").order_by("pk")

    def language_of(self, item):
        return item.article.language

    def version_key(self, item):
        group = item.article.translation_group_id
        return (group, item.number) if group is not None else None


class PlainSitemap(Sitemap):
    """Pages whose URL is all a crawler needs."""

    def __init__(self, get_queryset):
        # A callable, so "public" is judged at request time, not at import.
        self.get_queryset = get_queryset

    def items(self):
        return self.get_queryset()


class TagSitemap(Sitemap):
    """Each topic once, at its canonical slug."""

    def items(self):
        return public_topics()

    def location(self, item):
        return reverse("tag_detail", kwargs={"slug": item.slug})


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "articles:article_list", "articles:speaker_list", "articles:event_list",
                "priorities:priority_list", "tag_list"]  # fmt: skip

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "speakers": PlainSitemap(lambda: Speaker.objects.public().order_by("pk")),
    "events": PlainSitemap(lambda: Event.objects.public().order_by("pk")),
    "priorities": PrioritySitemap,
    "tags": TagSitemap,
}
