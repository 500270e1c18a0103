from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Speaker
from symposium.languages import html_lang
from symposium.redirects import canonical_redirect
from symposium.site_address import AtSiteAddress
from symposium.tags import carrying_any, public_topic

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    # Each language has its own feeds (/feeds/..., /zh-hans/feeds/...): the same
    # articles, with the feed's words and links in that language.
    title = _("Symposium: latest articles")
    description = _("Coverage of industry symposia.")

    @property
    def language(self):
        return html_lang(get_language())

    def get_feed(self, obj, request):
        # Links in the feed point at SITE_URL, whatever Host the request named.
        return super().get_feed(obj, AtSiteAddress(request))

    def link(self):
        return reverse("articles:article_list")

    def items(self):
        return Article.objects.for_listing().one_per_group()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagArticlesFeed(LatestArticlesFeed):
    """Articles carrying any of a topic's tags; its other slugs redirect to the canonical one."""

    def __call__(self, request, *args, **kwargs):
        topic = public_topic(kwargs["slug"])
        if topic is None:
            raise Http404("No public content carries this tag.")
        if topic.slug != kwargs["slug"]:
            return canonical_redirect(request, topic.slug)
        request.tag_topic = topic
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return request.tag_topic

    def title(self, tag):
        return gettext("Symposium: articles tagged “%(tag)s”") % {"tag": tag.name}

    def link(self, tag):
        return reverse("tag_detail", kwargs={"slug": tag.slug})

    def items(self, tag):
        return carrying_any(Article.objects.for_listing().one_per_group(), tag.tag_ids)[:FEED_SIZE]


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SpeakerArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Speaker.objects.public(), slug=slug)

    def title(self, speaker):
        return gettext("Symposium: articles quoting %(name)s") % {"name": speaker.name}

    def link(self, speaker):
        return speaker.get_absolute_url()

    def items(self, speaker):
        return Article.objects.for_listing().one_per_group().filter(quotes__speaker=speaker).distinct()[:FEED_SIZE]


class SpeakerArticlesAtomFeed(SpeakerArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
