from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import ngettext
from taggit.models import Tag

from articles.tagging import normalize_tag_name
from symposium.models import TagMerge, TagTopic, TopicTag
from symposium.services import delete_unused_tags, merge_tags, settle_topic, unused_tag_q, with_tag_usage

admin.site.site_header = "Symposium newsroom"
admin.site.site_title = "Symposium newsroom"
admin.site.index_title = "Content"


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' failed-login list, with a way for editors to lift a lockout early."""

    actions = ["unlock", *AccessAttemptAdmin.actions]

    @admin.action(description="Unlock the usernames and addresses of the selected attempts", permissions=["delete"])
    def unlock(self, request, queryset):
        usernames = sorted({name for name in queryset.values_list("username", flat=True) if name})
        addresses = sorted({address for address in queryset.values_list("ip_address", flat=True) if address})
        for username in usernames:
            axes_reset(username=username)
        for address in addresses:
            axes_reset(ip=address)
        self.message_user(request, f"Unlocked: {', '.join([*usernames, *addresses])}. They may log in again now.")


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)


class TagUseFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", "Unused (nothing carries it)"), ("used", "In use")]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.filter(unused_tag_q())
        if self.value() == "used":
            return queryset.exclude(unused_tag_q())
        return queryset


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {"slug": "Its address, /tags/<slug>/. After a change the old address redirects here."}

    def clean_name(self):
        name = normalize_tag_name(self.cleaned_data["name"])
        # Tags match whatever their case (TAGGIT_CASE_INSENSITIVE): two names differing by case would be one tag.
        if Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A tag with this name (in any case) already exists.")
        return name


class MergeTagsForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Tag.objects.none(), widget=forms.RadioSelect, empty_label=None, label="Keep",
        help_text="The others are merged into it and deleted; their addresses lead to it.",
    )  # fmt: skip

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = tags


# Replaces taggit's admin, whose usage and merging only know taggit's generic
# through table, not the three through tables of articles, quotes and priorities.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "article_count", "quote_count", "priority_count", "topic"]
    list_filter = [TagUseFilter]
    list_select_related = ["topic_link__topic__canonical"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["delete_unused", "merge"]

    def get_queryset(self, request):
        return with_tag_usage(super().get_queryset(request))

    @admin.display(description="topic")
    def topic(self, tag):
        link = getattr(tag, "topic_link", None)
        return str(link.topic) if link else "—"

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, tag):
        return tag.quote_count

    @admin.display(description="priorities", ordering="priority_count")
    def priority_count(self, tag):
        return tag.priority_count

    @admin.action(description="Delete unused tags (of those selected)", permissions=["delete"])
    def delete_unused(self, request, queryset):
        deleted, kept = delete_unused_tags(tags=queryset)
        message = ngettext("Deleted %d unused tag.", "Deleted %d unused tags.", deleted) % deleted
        if kept:
            message += " " + ngettext("Kept %d still in use.", "Kept %d still in use.", kept) % kept
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Merge the selected tags into one of them", permissions=["delete"])
    def merge(self, request, queryset):
        """Asks which of the selected tags to keep, then merges the others into it."""
        tags = queryset.order_by("name")
        if tags.count() < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return None
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_valid():
            into = form.cleaned_data["into"]
            with transaction.atomic():
                records = [merge_tags(source=tag, into=into, by=request.user) for tag in tags.exclude(pk=into.pk)]
            names = ", ".join(record.source_name for record in records)
            self.message_user(request, f"Merged {names} into {into.name}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.model._meta,
            "tags": tags,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/symposium/merge_tags.html", context)


class TopicTagInline(admin.TabularInline):
    model = TopicTag
    autocomplete_fields = ["tag"]
    extra = 3
    verbose_name = "name (tag)"
    verbose_name_plural = "Its names: every tag that names this topic"


class TagTopicForm(forms.ModelForm):
    class Meta:
        model = TagTopic
        fields = ["name_en", "name_zh_hans", "canonical"]
        help_texts = {
            "name_en": "Shown on English pages. Empty: the canonical tag's name.",
            "name_zh_hans": "Shown on Chinese pages (and listed on English ones).",
        }

    def clean_canonical(self):
        tag = self.cleaned_data["canonical"]
        elsewhere = TopicTag.objects.filter(tag=tag).exclude(topic_id=self.instance.pk).select_related("topic")
        if tag is not None and elsewhere.exists():
            raise forms.ValidationError("“%(tag)s” already names the topic “%(topic)s”.", params={
                "tag": tag.name, "topic": elsewhere.first().topic})  # fmt: skip
        return tag


@admin.register(TagTopic)
class TagTopicAdmin(admin.ModelAdmin):
    """Tags that name one topic: `photoresist` = `光刻胶` = `光阻`."""

    form = TagTopicForm
    inlines = [TopicTagInline]
    list_display = ["__str__", "canonical", "names"]
    list_select_related = ["canonical"]
    autocomplete_fields = ["canonical"]
    search_fields = ["name_en", "name_zh_hans", "links__tag__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("links__tag")

    @admin.display(description="tags (canonical first)")
    def names(self, topic):
        tags = sorted((link.tag for link in topic.links.all()), key=lambda t: (t.pk != topic.canonical_id, t.name))
        return " = ".join(tag.name for tag in tags)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        settle_topic(topic=form.instance)


@admin.register(TagMerge)
class TagMergeAdmin(admin.ModelAdmin):
    """The record of merges: read only."""

    list_display = ["merged_at", "source_name", "source_slug", "into_link", "items_moved", "merged_by"]
    list_select_related = ["into", "merged_by"]
    search_fields = ["source_name", "source_slug", "into_name"]
    date_hierarchy = "merged_at"

    @admin.display(description="into", ordering="into_name")
    def into_link(self, merge):
        if merge.into is None:
            return f"{merge.into_name} (since deleted)"
        return format_html("{} (/tags/{}/)", merge.into.name, merge.into.slug)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
