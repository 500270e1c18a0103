from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArticleAdmin, GuardedByArticle, public_or_preview_url
from articles.conflicts import KeepsRowsDeletedMeanwhile
from articles.models import Article
from priorities.forms import RenumberingFormSet
from priorities.models import Priority


class PriorityFormSet(KeepsRowsDeletedMeanwhile, RenumberingFormSet):
    """Renumbers safely, and takes back a row someone else deleted while the form was open."""


class PriorityInline(admin.StackedInline):
    model = Priority
    formset = PriorityFormSet
    extra = 1
    fields = [("number", "title", "speaker"), "description", "tags"]
    autocomplete_fields = ["speaker"]
    view_on_site = staticmethod(public_or_preview_url)


@admin.register(Priority)
class PriorityAdmin(GuardedByArticle, SimpleHistoryAdmin):
    list_display = ["__str__", "article", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["title", "description", "article__title"]
    autocomplete_fields = ["article", "speaker"]
    prepopulated_fields = {"slug": ["title"]}
    view_on_site = staticmethod(public_or_preview_url)


# An editor writes a whole article on one page, priorities included. The
# articles app cannot know about priorities, so the inline is added here.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithPrioritiesAdmin(ArticleAdmin):
    inlines = [*ArticleAdmin.inlines, PriorityInline]
