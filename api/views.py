"""The read-only API: public content only, through the public querysets the pages use."""

from django import forms
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_response_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from api import serializers
from api.filters import (
    SEARCH_RANK,
    ArticleFilterSet,
    PriorityFilterSet,
    QuoteFilterSet,
    SearchTooSlow,
    SpeakerFilterSet,
)
from api.pagination import Key, KeysetPagination, Order
from api.throttling import api_rate
from articles.models import Article, Event, Quote, Speaker, published_q
from priorities.models import Priority
from symposium.forms import SearchForm
from symposium.pagecache import keys_shown
from symposium.search import run_search
from symposium.search.service import HIT_FIELDS, Hit
from symposium.search.snippets import term_pattern
from symposium.site_address import site_url
from symposium.tags import public_topic, public_topics

RANKED = Order("ranked", (Key(SEARCH_RANK), Key("pk")))


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail of public items; each response carries the page-cache keys of what it shows.

    `listing_key` is the key a change of the list forgets (symposium.cache);
    a filtered list also carries "search", forgotten by any change that may
    move an item in or out of a filter (retagging, a new speaker...).
    """

    pagination_class = KeysetPagination
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"
    lookup_value_converter = "uslug"
    listing_key = ""
    order = None
    shown = None

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_order(self, queryset=None):
        if queryset is not None and SEARCH_RANK in queryset.query.annotations:
            return RANKED
        return self.order

    def paginate_queryset(self, queryset):
        self.shown = super().paginate_queryset(queryset)
        return self.shown

    def get_object(self):
        self.shown = super().get_object()
        return self.shown

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response.page_keys = self.shown_keys() | self.listing_keys()
        return response

    def shown_keys(self):
        return keys_shown(self.shown)

    def listing_keys(self):
        if self.action != "list":
            return set()
        filtered = any(name not in {"cursor", "page_size"} for name in self.request.query_params)
        return {self.listing_key, "search"} if filtered else {self.listing_key}

    def throttled(self, request, wait):
        raise Throttled(wait, detail=f"Too many requests from your address (at most {api_rate()}).")


@extend_schema_view(list=extend_schema(summary="Articles, newest first"), retrieve=extend_schema(summary="An article"))
class ArticleViewSet(PublicViewSet):
    """Published articles with their event, speakers, quotes, priorities and tags."""

    filterset_class = ArticleFilterSet
    listing_key = "list:article"
    order = Order("published", (Key("published_at", descending=True, kind="datetime"), Key("pk", descending=True)))

    def get_queryset(self):
        if self.action == "list":
            return with_article_parts(Article.objects.for_listing())
        return Article.objects.for_page()  # the article page's own: quotes and priorities included

    def get_serializer_class(self):
        return serializers.ArticleSerializer if self.action == "list" else serializers.ArticleDetailSerializer

    def paginate_queryset(self, queryset):
        return with_public_translations(super().paginate_queryset(queryset))

    def get_object(self):
        return with_public_translations([super().get_object()])[0]

    def shown_keys(self):
        articles = self.shown if isinstance(self.shown, list) else [self.shown]
        translations = {f"article:{other.pk}" for article in articles for other in article.public_translations}
        return super().shown_keys() | translations


def with_public_translations(articles):
    """Each article's public translations as `public_translations`: one query for them all, none without any."""
    group_ids = {article.translation_group_id for article in articles} - {None}
    versions = []
    if group_ids:
        versions = list(
            Article.objects.published()
            .filter(translation_group_id__in=group_ids)
            .only("pk", "title", "slug", "language", "translation_group_id")
        )
    for article in articles:
        article.public_translations = [
            other
            for other in versions
            if other.translation_group_id == article.translation_group_id and other.pk != article.pk
        ]
    return articles


def with_article_parts(articles):
    """Quotes and priorities as the article page reads them (ArticleQuerySet.with_page_relations)."""
    return articles.prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker").order_by("position", "pk")),
        Prefetch("priorities", queryset=Priority.objects.select_related("speaker").order_by("number")),
    )


@extend_schema_view(list=extend_schema(summary="Quotes, newest first"), retrieve=extend_schema(summary="A quote"))
class QuoteViewSet(PublicViewSet):
    """What speakers said, each in the article it appeared in."""

    serializer_class = serializers.QuoteSerializer
    filterset_class = QuoteFilterSet
    lookup_field = "pk"
    lookup_value_converter = "int"
    listing_key = "list:article"  # a quote is listed where its article is
    order = Order(
        "published",
        (
            Key("article__published_at", descending=True, kind="datetime"),
            Key("article_id"),
            Key("position"),
            Key("pk"),
        ),
    )

    def get_queryset(self):
        return Quote.objects.for_listing()


@extend_schema_view(
    list=extend_schema(summary="Priorities, newest first"), retrieve=extend_schema(summary="A priority")
)
class PriorityViewSet(PublicViewSet):
    """The numbered priorities ("key works") set out in articles."""

    serializer_class = serializers.PrioritySerializer
    filterset_class = PriorityFilterSet
    listing_key = "list:priority"
    order = Order(
        "published",
        (Key("article__published_at", descending=True, kind="datetime"), Key("article_id"), Key("number")),
    )

    def get_queryset(self):
        return Priority.objects.for_listing()


@extend_schema_view(list=extend_schema(summary="Speakers, by name"), retrieve=extend_schema(summary="A speaker"))
class SpeakerViewSet(PublicViewSet):
    """People quoted in, or setting out priorities in, public articles; counts are of public items."""

    serializer_class = serializers.SpeakerSerializer
    filterset_class = SpeakerFilterSet
    listing_key = "list:speaker"
    order = Order("name", (Key("name_en", kind="str"), Key("name_zh_hans", kind="str"), Key("pk")))

    def get_queryset(self):
        priorities = (
            Priority.objects.public()
            .filter(speaker=OuterRef("pk"))
            .order_by()
            .values("speaker")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Speaker.objects.public()
            .with_public_quote_count()
            .annotate(public_priority_count=Coalesce(Subquery(priorities, output_field=IntegerField()), Value(0)))
        )


@extend_schema_view(list=extend_schema(summary="Events, latest first"), retrieve=extend_schema(summary="An event"))
class EventViewSet(PublicViewSet):
    """Symposia and forums with at least one public article."""

    filter_backends = []
    listing_key = "list:event"
    order = Order(
        "start",
        (
            Key("start_date", descending=True, kind="date"),
            Key("name_en", kind="str"),
            Key("name_zh_hans", kind="str"),
            Key("pk"),
        ),
    )

    def get_queryset(self):
        public_articles = Count("articles", filter=published_q("articles__"))
        events = Event.objects.public().annotate(public_article_count=public_articles)
        if self.action == "retrieve":
            articles = Article.objects.published().defer("body", "body_html").order_by("-published_at", "-pk")
            events = events.prefetch_related(Prefetch("articles", queryset=articles, to_attr="public_articles"))
        return events

    def get_serializer_class(self):
        return serializers.EventSerializer if self.action == "list" else serializers.EventDetailSerializer


class TagTypeForm(forms.Form):
    type = forms.ChoiceField(choices=[(kind, kind) for kind in ("article", "quote", "priority")], required=False)


TAG_TYPE = OpenApiParameter(
    "type", str, enum=["article", "quote", "priority"], description="Only tags that items of this kind carry."
)


@extend_schema_view(
    list=extend_schema(summary="Tags, by name", parameters=[TAG_TYPE]), retrieve=extend_schema(summary="A tag")
)
class TagViewSet(PublicViewSet):
    """Tags as readers see them: a tag alone, or a topic that several tags name, with public counts."""

    serializer_class = serializers.TopicSerializer
    filter_backends = []
    listing_key = "tagcounts"
    order = Order("name", (Key("sort_name", kind="str"), Key("slug", kind="str")))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view: nothing to count
            return []
        topics = public_topics()
        for topic in topics:
            topic.sort_name = topic.name.casefold()
        if self.action == "list":
            form = TagTypeForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors)
            kind = form.cleaned_data["type"]
            if kind:
                topics = [topic for topic in topics if getattr(topic, f"{kind}_count")]
        return topics

    def get_object(self):
        topic = public_topic(self.kwargs["slug"])
        if topic is None:
            raise Http404
        self.shown = topic
        return topic

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            # Topics are not models: their tags are what the page shows.
            topics = self.shown if isinstance(self.shown, list) else [self.shown]
            response.page_keys = {f"tag:{pk}" for topic in topics for pk in topic.tag_ids} | {"tagcounts"}
        return response


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request):
    """Where everything is."""
    names = ["article", "quote", "priority", "speaker", "event", "tag"]
    endpoints = {f"{name}s" if name != "priority" else "priorities": f"api:{name}-list" for name in names}
    body = {key: site_url(reverse(name)) for key, name in endpoints.items()}
    body |= {key: site_url(reverse(f"api:{key}")) for key in ("search", "schema", "docs")}
    return Response(body)


def docs(request):
    """Swagger UI, from our own static files (no CDN, no inline script: the site's CSP holds)."""
    response = TemplateResponse(request, "api/docs.html", {"schema_url": reverse("api:schema")})
    patch_response_headers(response, 3600)
    return response


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "No such API address: see /api/v1/ for the list."}, status=404)


class Found:
    """A search document and the hit the search page would show for it."""

    def __init__(self, document, pattern):
        self.document = document
        self.kind = document.kind
        self.hit = Hit.from_document(document, pattern)


SEARCH_TYPE = OpenApiParameter(
    "type", str, enum=["article", "quote", "priority", "speaker"], description="Only results of this kind."
)
SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Words to search for, as on the site's search page."),
    OpenApiParameter("tag", {"type": "array", "items": {"type": "string"}}, description="A tag's slug; repeat."),
    OpenApiParameter("match", str, enum=["all", "any"], description="With several tags: all (default) or any."),
    SEARCH_TYPE,
    OpenApiParameter("language", str, enum=["en", "zh-Hans"], description="Only results in this language."),
]


@extend_schema(
    summary="The site's search", parameters=SEARCH_PARAMETERS, responses=serializers.SearchHitSerializer(many=True)
)
class SearchView(ListAPIView):
    """Articles, quotes, priorities and speakers, ranked as on the search page (`q` and/or `tag`)."""

    serializer_class = serializers.SearchHitSerializer
    pagination_class = KeysetPagination
    shown = None

    def get_queryset(self):
        form = SearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        if not (data["q"] or data["tag"]):
            raise ValidationError({"q": ["Give words to search for (q), a tag (tag), or both."]})
        results = run_search(
            text=data["q"], tag_slugs=data["tag"], match=data["match"], kind_name=data["type"],
            language=data["language"],
        )  # fmt: skip
        if results.unknown_tags:
            raise ValidationError({"tag": [f"There is no tag called “{results.unknown_tags[0][:100]}”."]})
        if results.too_slow:
            raise SearchTooSlow
        self.pattern = term_pattern(results.terms)
        ranked_ids = list(results.documents.values_list("id", flat=True))
        if not ranked_ids:
            return results.documents.none().annotate(**{SEARCH_RANK: Value(0)})
        rank = Case(
            *(When(pk=pk, then=Value(place)) for place, pk in enumerate(ranked_ids)), output_field=IntegerField()
        )
        # Each article's language too: its page is linked in it (serializers.ArticlePageUrlField).
        return results.documents.only(*HIT_FIELDS, "article__language").annotate(**{SEARCH_RANK: rank})

    def get_order(self, queryset=None):
        return RANKED

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.shown = [Found(document, self.pattern) for document in page]
        return self.shown

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response.page_keys = {"search", "tagcounts"}  # as the search page's (symposium.pagecache.VIEW_KEYS)
        return response

    def throttled(self, request, wait):
        raise Throttled(wait, detail=f"Too many requests from your address (at most {api_rate()}).")
