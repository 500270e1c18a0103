from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArticleAdmin, GuardsPublishedArticles
from articles.conflicts import KeepsRowsDeletedMeanwhile
from articles.models import Article
from priorities.models import Priority


class PriorityInline(admin.StackedInline):
    model = Priority
    formset = KeepsRowsDeletedMeanwhile
    extra = 1
    fields = [("number", "title", "speaker"), "description", "tags"]
    autocomplete_fields = ["speaker"]


@admin.register(Priority)
class PriorityAdmin(GuardsPublishedArticles, SimpleHistoryAdmin):
    list_display = ["__str__", "article", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["title", "description", "article__title"]
    autocomplete_fields = ["article", "speaker"]
    prepopulated_fields = {"slug": ["title"]}

    def article_of(self, obj):
        return obj.article


# An editor writes a whole article on one page, priorities included. The
# articles app cannot know about priorities, so the inline is added here.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithPrioritiesAdmin(ArticleAdmin):
    inlines = [*ArticleAdmin.inlines, PriorityInline]
