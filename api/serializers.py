"""What the API shows of each thing: public fields, and where it lives on the site and in the API."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.languages import to_django
from articles.models import Article
from symposium.site_address import site_url


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The item's public page, as an absolute URL at the site's address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return site_url(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ArticlePageUrlField(PageUrlField):
    """An article's page with the site's interface in the article's own language (`/zh-hans/...`
    for a Chinese one): in the other language, the site shows its translation instead."""

    def to_representation(self, value):
        with translation.override(to_django(value.language)):
            return super().to_representation(value)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The item's own API address."""

    def __init__(self, view_name, lookup="slug", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return site_url(reverse(self.view_name, kwargs={self.lookup: getattr(value, self.lookup)}))


@extend_schema_field({"type": ["string", "null"], "format": "uri"})
class FileUrlField(serializers.Field):
    """An uploaded file's absolute URL (media may live in object storage at an address of its own)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source)

    def to_representation(self, value):
        if not value:
            return None
        url = value.url
        return url if url.startswith(("http://", "https://")) else site_url(url)


class TagSerializer(serializers.Serializer):
    """A tag as something carries it; its page is its topic's."""

    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, tag) -> str:
        return site_url(reverse("tag_detail", kwargs={"slug": tag.slug}))

    def get_api_url(self, tag) -> str:
        return site_url(reverse("api:tag-detail", kwargs={"slug": tag.slug}))


class EventSummarySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="In English, else in Chinese.")
    name_en = serializers.CharField()
    name_zh_hans = serializers.CharField()
    slug = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    location = serializers.CharField()
    url = PageUrlField()
    api_url = ApiUrlField("api:event-detail")


class SpeakerSummarySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="In English, else in Chinese; so are `position` and `organisation`.")
    name_en = serializers.CharField()
    name_zh_hans = serializers.CharField()
    slug = serializers.CharField()
    position = serializers.CharField()
    position_en = serializers.CharField()
    position_zh_hans = serializers.CharField()
    organisation = serializers.CharField()
    organisation_en = serializers.CharField()
    organisation_zh_hans = serializers.CharField()
    url = PageUrlField()
    api_url = ApiUrlField("api:speaker-detail")


class ArticleSummarySerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    language = serializers.ChoiceField(choices=Article.Language.choices)
    published_at = serializers.DateTimeField()
    url = ArticlePageUrlField()
    api_url = ApiUrlField("api:article-detail")


class TranslationSerializer(serializers.Serializer):
    """Another public version of the article, in another language."""

    language = serializers.ChoiceField(choices=Article.Language.choices)
    title = serializers.CharField()
    slug = serializers.CharField()
    url = ArticlePageUrlField()
    api_url = ApiUrlField("api:article-detail")


class QuoteInArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    role = serializers.CharField(help_text="The speaker's role when they said it, if not their current one.")
    speaker = SpeakerSummarySerializer()
    url = PageUrlField()
    api_url = ApiUrlField("api:quote-detail", lookup="pk")


class PriorityInArticleSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    speaker = SpeakerSummarySerializer(allow_null=True)
    url = PageUrlField()
    api_url = ApiUrlField("api:priority-detail")


class ArticleSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    standfirst = serializers.CharField()
    language = serializers.ChoiceField(choices=Article.Language.choices)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    lead_image = FileUrlField()
    lead_image_alt = serializers.CharField()
    event = EventSummarySerializer(allow_null=True)
    translations = TranslationSerializer(
        many=True, source="public_translations", help_text="The article in its other language, when published."
    )
    tags = TagSerializer(many=True, source="tags.all")
    speakers = serializers.SerializerMethodField()
    quotes = QuoteInArticleSerializer(many=True, source="quotes.all")
    priorities = PriorityInArticleSerializer(many=True, source="priorities.all")
    url = ArticlePageUrlField()
    api_url = ApiUrlField("api:article-detail")

    @extend_schema_field(SpeakerSummarySerializer(many=True))
    def get_speakers(self, article):
        """Everyone quoted in the article or setting out one of its priorities, in order of appearance."""
        people = [quote.speaker for quote in article.quotes.all()]
        people += [priority.speaker for priority in article.priorities.all() if priority.speaker]
        unique = list({speaker.pk: speaker for speaker in reversed(people)}.values())[::-1]
        return SpeakerSummarySerializer(unique, many=True).data


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text="Markdown, as the editors wrote it.", trim_whitespace=False)
    body_html = serializers.CharField(
        help_text="The body as the article page shows it: sanitised HTML.", trim_whitespace=False
    )


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    role = serializers.CharField(help_text="The speaker's role when they said it, if not their current one.")
    position = serializers.IntegerField(help_text="Its order within the article.")
    speaker = SpeakerSummarySerializer()
    article = ArticleSummarySerializer()
    tags = TagSerializer(many=True, source="tags.all")
    url = PageUrlField()
    api_url = ApiUrlField("api:quote-detail", lookup="pk")


class PrioritySerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Its number within the article.")
    title = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    speaker = SpeakerSummarySerializer(allow_null=True)
    article = ArticleSummarySerializer()
    event = EventSummarySerializer(source="article.event", allow_null=True)
    tags = TagSerializer(many=True, source="tags.all")
    url = PageUrlField()
    api_url = ApiUrlField("api:priority-detail")


class SpeakerSerializer(SpeakerSummarySerializer):
    bio = serializers.CharField()
    photo = FileUrlField()
    quote_count = serializers.IntegerField(source="public_quote_count")
    priority_count = serializers.IntegerField(source="public_priority_count")
    quotes_api_url = serializers.SerializerMethodField()

    def get_quotes_api_url(self, speaker) -> str:
        return site_url(f"{reverse('api:quote-list')}?{urlencode({'speaker': speaker.slug})}")


class EventSerializer(EventSummarySerializer):
    organiser = serializers.CharField()
    summary = serializers.CharField()
    article_count = serializers.IntegerField(source="public_article_count")


class EventDetailSerializer(EventSerializer):
    articles = ArticleSummarySerializer(many=True, source="public_articles")


class TopicCountsSerializer(serializers.Serializer):
    articles = serializers.IntegerField(source="article_count")
    quotes = serializers.IntegerField(source="quote_count")
    priorities = serializers.IntegerField(source="priority_count")
    total = serializers.IntegerField()


class TopicTagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class TopicSerializer(serializers.Serializer):
    """A tag as readers see it: alone, or one topic named by several tags (`photoresist` = `光刻胶`)."""

    name = serializers.CharField(help_text="Its English name.")
    name_zh_hans = serializers.CharField(help_text="Its Chinese name (the English one when it has none).")
    slug = serializers.CharField(help_text="The slug of its page; any of its tags' slugs finds it too.")
    tags = TopicTagSerializer(many=True, help_text="The public tags that name it, its page's first.")
    counts = TopicCountsSerializer(source="*", help_text="Public items carrying it, each counted once.")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    articles_api_url = serializers.SerializerMethodField()

    def get_url(self, topic) -> str:
        return site_url(reverse("tag_detail", kwargs={"slug": topic.slug}))

    def get_api_url(self, topic) -> str:
        return site_url(reverse("api:tag-detail", kwargs={"slug": topic.slug}))

    def get_articles_api_url(self, topic) -> str:
        return site_url(f"{reverse('api:article-list')}?{urlencode({'tag': topic.slug})}")


class ArticleLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()


def article_page_url(article):
    return ArticlePageUrlField().to_representation(article)


class SearchHitSerializer(serializers.Serializer):
    """One result of the site's search, as its results page shows it."""

    kind = serializers.ChoiceField(choices=["article", "quote", "priority", "speaker"])
    title = serializers.CharField(source="document.title")
    title_html = serializers.CharField(source="hit.title", help_text="Escaped HTML, the words found in <mark>.")
    snippet_html = serializers.CharField(
        source="hit.snippet", help_text="Escaped HTML: the text around the first words found, marked."
    )
    published_at = serializers.DateTimeField(source="hit.published_at", allow_null=True)
    article = serializers.SerializerMethodField(help_text="For a quote or priority: the article it is in.")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(ArticleLinkSerializer(allow_null=True))
    def get_article(self, found):
        if found.kind in ("article", "speaker"):
            return None
        article = found.document.article
        return {"title": article.title, "url": article_page_url(article)}

    def get_url(self, found) -> str:
        return article_page_url(found.document.article) if found.kind == "article" else site_url(found.hit.url)

    def get_api_url(self, found) -> str:
        document = found.document
        kind = document.kind
        if kind == "quote":
            return site_url(reverse("api:quote-detail", kwargs={"pk": document.quote_id}))
        item = {"article": document.article, "priority": document.priority, "speaker": document.speaker}[kind]
        return site_url(reverse(f"api:{kind}-detail", kwargs={"slug": item.slug}))
