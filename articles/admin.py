from django.contrib import admin, messages
from django.utils.translation import ngettext
from taggit.models import Tag

from articles.models import Article, Event, Quote, Speaker


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "location", "organiser"]
    search_fields = ["name", "location", "organiser"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "organisation"]
    search_fields = ["name", "position", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleTagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(articles_taggedarticle_items__isnull=False).distinct().order_by("name")
        return [(tag.slug, tag.name) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 1
    fields = [("speaker", "role", "position"), "text", "tags"]
    autocomplete_fields = ["speaker"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "event", "updated_at"]
    list_filter = ["status", "language", "event", ArticleTagFilter]
    list_select_related = ["event"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "standfirst", "body", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "event"]}),
    ]
    inlines = [QuoteInline]
    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request, ngettext("Published %d article.", "Published %d articles.", count) % count, messages.SUCCESS
        )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request, ngettext("Unpublished %d article.", "Unpublished %d articles.", count) % count, messages.SUCCESS
        )


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["speaker", "article"]
