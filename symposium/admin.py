from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.utils.translation import ngettext
from taggit.models import Tag

from articles.tagging import normalize_tag_name
from symposium.services import delete_unused_tags, unused_tag_q, with_tag_usage

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


# Replaces taggit's admin, whose usage and merging only know taggit's generic
# through table, not the three through tables of articles, quotes and priorities.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "article_count", "quote_count", "priority_count"]
    list_filter = [TagUseFilter]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["delete_unused"]

    def get_queryset(self, request):
        return with_tag_usage(super().get_queryset(request))

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
