"""The API's filters: the site's own tag matching and search, checked values, a 400 for anything else.

`tag` and `match` mean what they mean on the search page (a slug names its
whole topic; `all` wants every topic, `any` one of them), `q` is the search
page's search (its ranking and its Chinese handling), and a speaker, event or
tag that no public content carries is, here too, one that does not exist.
"""

from datetime import UTC

import django_filters as filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import APIException, ValidationError

from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority
from symposium.forms import SearchForm, TagSlugsField
from symposium.search import run_search, tag_groups, topics_named

SEARCH_RANK = "search_rank"
MOMENT_HELP = (
    "An ISO 8601 date or date and time, like 2024-05-01 or 2024-05-01T09:30:00+08:00;"
    " without an offset, in the site's time zone."
)


class SearchTooSlow(APIException):
    status_code = 503
    default_detail = "This search ran past its time limit and was stopped: search for fewer or rarer words."
    default_code = "search_too_slow"


class MomentField(forms.CharField):
    """A date (its first moment) or a date and time; naive ones are in the site's time zone."""

    default_error_messages = {"invalid": f"Not a date or time. {MOMENT_HELP}"}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("This moment is outside the years a date can have.", code="invalid") from None


@extend_schema_field(
    {
        "type": "string",
        "description": f"`published_after`: from this moment on; `published_before`: until it. {MOMENT_HELP}",
    }
)
class MomentFilter(filters.Filter):
    field_class = MomentField


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string"},
        "maxItems": 10,
        "description": "A tag's slug, repeated for several (`tag=a&tag=b`); a slug stands for its whole topic.",
    }
)
class TagSlugsFilter(filters.Filter):
    field_class = TagSlugsField


def _noop(queryset, name, value):
    """For filters read together in filter_queryset (tag and match; q)."""
    return queryset


def search_filter():
    return filters.CharFilter(
        method=_noop,
        max_length=200,
        help_text="Words to search for, as the site's search does: most words in the title first, then newest."
        " A search reads each kind's 200 newest matches.",
    )


class PublicFilterSet(filters.FilterSet):
    """Filters shared by articles, quotes and priorities; `kind` is the search's name for them."""

    kind = ""
    article_prefix = ""

    tag = TagSlugsFilter(method=_noop)
    match = filters.ChoiceFilter(
        choices=SearchForm.MATCH_CHOICES,
        method=_noop,
        help_text="With several tags: `all` of them (default), or `any`.",
    )
    speaker = filters.CharFilter(method="filter_speaker", help_text="A speaker's slug.")
    event = filters.CharFilter(method="filter_event", help_text="An event's slug.")
    language = filters.ChoiceFilter(
        choices=Article.Language.choices, method="filter_language", help_text="The language the article is written in."
    )
    published_after = MomentFilter(method="filter_published_after")
    published_before = MomentFilter(method="filter_published_before")
    q = search_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].error_messages["max_length"] = "Search for at most %(limit_value)d characters."

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        slugs, match = data.get("tag") or [], data.get("match") or "all"
        if slugs:
            queryset = with_tags(queryset, slugs, match)
        if data.get("q"):
            language = data.get("language") or ""
            queryset = searched(queryset, self.kind, text=data["q"], tag_slugs=slugs, match=match, language=language)
        return queryset

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker=public_or_400(Speaker.objects.public(), value, "speaker"))

    def filter_event(self, queryset, name, value):
        event = public_or_400(Event.objects.public(), value, "event")
        return queryset.filter(**{f"{self.article_prefix}event": event})

    def filter_language(self, queryset, name, value):
        return queryset.filter(**{f"{self.article_prefix}language": value})

    def filter_published_after(self, queryset, name, value):
        return queryset.filter(**{f"{self.article_prefix}published_at__gte": value})

    def filter_published_before(self, queryset, name, value):
        return queryset.filter(**{f"{self.article_prefix}published_at__lt": value})


class ArticleFilterSet(PublicFilterSet):
    kind = "article"

    class Meta:
        model = Article
        fields = []

    def filter_speaker(self, queryset, name, value):
        """Articles quoting the speaker, or in which they set out a priority."""
        speaker = public_or_400(Speaker.objects.public(), value, "speaker")
        quoted = Exists(Quote.objects.filter(article=OuterRef("pk"), speaker=speaker))
        setting_out = Exists(Priority.objects.filter(article=OuterRef("pk"), speaker=speaker))
        return queryset.filter(Q(quoted) | Q(setting_out))


class QuoteFilterSet(PublicFilterSet):
    kind = "quote"
    article_prefix = "article__"

    class Meta:
        model = Quote
        fields = []


class PriorityFilterSet(PublicFilterSet):
    kind = "priority"
    article_prefix = "article__"

    class Meta:
        model = Priority
        fields = []


class SpeakerFilterSet(filters.FilterSet):
    q = search_filter()
    event = filters.CharFilter(method="filter_event", help_text="Speakers quoted at an event: its slug.")

    class Meta:
        model = Speaker
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].error_messages["max_length"] = "Search for at most %(limit_value)d characters."

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("q"):
            queryset = searched(queryset, "speaker", text=self.form.cleaned_data["q"])
        return queryset

    def filter_event(self, queryset, name, value):
        event = public_or_400(Event.objects.public(), value, "event")
        spoke = Quote.objects.public().filter(article__event=event, speaker=OuterRef("pk"))
        set_out = Priority.objects.public().filter(article__event=event, speaker=OuterRef("pk"))
        return queryset.filter(Q(Exists(spoke)) | Q(Exists(set_out)))


def public_or_400(public_items, slug, what):
    item = public_items.filter(slug=slug).only("pk").first()
    if item is None:
        raise ValidationError({what: [f"There is no {what} called “{slug[:100]}”."]})
    return item


def with_tags(queryset, slugs, match):
    """Items carrying the topics the slugs name: each of them (`all`), or one (`any`), as search does."""
    topics, unknown = topics_named(slugs)
    if unknown:
        raise ValidationError({"tag": [f"There is no tag called “{unknown[0][:100]}”."]})
    for group in tag_groups(topics, match):
        queryset = queryset.tagged(group)
    return queryset


def searched(queryset, kind, *, text, tag_slugs=(), match="all", language=""):
    """The items the site's search finds for `text`, annotated with their place in its ranking.

    As on the site, a group of translations is found once (in English when that version matched)
    unless `language` asks for one language.
    """
    results = run_search(text=text, tag_slugs=tag_slugs, match=match, kind_name=kind, language=language)
    if results.too_slow:
        raise SearchTooSlow
    ranked_ids = list(results.documents.values_list(f"{kind}_id", flat=True))
    if not ranked_ids:
        return queryset.none().annotate(**{SEARCH_RANK: Value(0)})
    rank = Case(*(When(pk=pk, then=Value(place)) for place, pk in enumerate(ranked_ids)), output_field=IntegerField())
    return queryset.filter(pk__in=ranked_ids).annotate(**{SEARCH_RANK: rank})
