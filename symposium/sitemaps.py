from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from articles.models import Article, Event, Speaker
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


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


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
    "priorities": PlainSitemap(lambda: Priority.objects.public().order_by("pk")),
    "tags": TagSitemap,
}
