from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from articles import permissions, revisions
from articles.conflicts import KeepsRowsDeletedMeanwhile, find_conflict, revision_token, set_conflict_apart
from articles.extraction import ExtractionError, extract, plain_text
from articles.extraction.matching import match_speakers
from articles.images import ReportsImageUploadErrors
from articles.localtime import zone_label
from articles.models import Article, DeletedArticle, Event, Quote, Speaker
from articles.services import (
    TranslationRefused,
    add_speaker,
    deleted_articles,
    link_translations,
    publish_articles,
    restore_article_revision,
    restore_deleted_article,
    start_translation,
    translation_refusal,
    unlink_translation,
    unpublish_articles,
)

BILINGUAL_SPEAKER_FIELDS = [
    "name_en", "name_zh_hans", "position_en", "position_zh_hans", "organisation_en", "organisation_zh_hans",
]  # fmt: skip
# Article ids fit in 64 bits: 19 digits.
ID_DIGITS = 19
EDITOR_MEDIA = forms.Media(
    js=["articles/admin/editor.js", "articles/admin/propose.js"],
    css={"all": ["articles/admin/editor.css", "articles/admin/propose.css"]},
)
PUBLISHED_ARTICLE_REFUSED = (
    "Choose an article that is not published: only editors add to or move into a published article."
)


def can_publish(user):
    return permissions.is_editor(user)


class GuardedByRoles:
    """Asks articles.permissions about the object as it is in the database, on every path.

    Django checks the object on the change and delete views and, one object at
    a time, in the bulk delete action; django-simple-history checks only the
    old revision on its revert page and merely hides the button, so reverting
    is checked here against the object as it is now.
    """

    change_rule = None  # (user, obj) -> bool, from articles.permissions
    delete_rule = None

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or obj.pk is None or self.change_rule is None:
            return allowed
        return allowed and self.change_rule(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or obj.pk is None or self.delete_rule is None:
            return allowed
        return allowed and self.delete_rule(request.user, obj)

    def may_revert(self, request, object_id):
        current = self.get_object(request, object_id)
        if current is None:
            return super().has_change_permission(request) and permissions.can_restore_deleted(request.user)
        return self.has_change_permission(request, current)

    def has_change_history_permission(self, request, obj=None):
        # simple_history passes the old revision; what counts is the object now.
        if obj is None:
            return super().has_change_history_permission(request, obj)
        return self.may_revert(request, obj.pk)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404
        if request.method == "POST" and not self.may_revert(request, unquote(object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class GuardedByArticle(GuardedByRoles):
    """Quotes and priorities: guarded by the article they are in, and the one they are put in."""

    change_rule = staticmethod(permissions.can_change_part)
    delete_rule = staticmethod(permissions.can_delete_part)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = permissions.articles_open_to(request.user)
            kwargs["error_messages"] = {"invalid_choice": PUBLISHED_ARTICLE_REFUSED}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(GuardedByRoles, SimpleHistoryAdmin):
    change_rule = staticmethod(permissions.can_change_event)
    list_display = ["name_en", "name_zh_hans", "start_date", "location", "organiser"]
    search_fields = ["name_en", "name_zh_hans", "location", "organiser"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name_en"]}
    fields = [("name_en", "name_zh_hans"), "slug", ("start_date", "end_date"), "location", "organiser", "summary"]


@admin.register(Speaker)
class SpeakerAdmin(ReportsImageUploadErrors, GuardedByRoles, SimpleHistoryAdmin):
    change_rule = staticmethod(permissions.can_change_speaker)
    list_display = ["name_en", "name_zh_hans", "position_en", "organisation_en"]
    # Also what the speaker autocomplete of quotes and priorities searches: either name finds them.
    search_fields = [*BILINGUAL_SPEAKER_FIELDS]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh_hans"), "slug"]}),
        ("Position and organisation", {"fields": [("position_en", "position_zh_hans"),
                                                  ("organisation_en", "organisation_zh_hans")]}),
        (None, {"fields": ["bio", "photo"]}),
    ]  # fmt: skip


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


def public_or_preview_url(obj):
    """A quote's or priority's own page once its article is public; the article's preview before."""
    return obj.get_absolute_url() if obj.article.is_public else obj.article.get_preview_url()


class QuoteInline(admin.StackedInline):
    model = Quote
    formset = KeepsRowsDeletedMeanwhile
    extra = 1
    form = forms.modelform_factory(Quote, fields="__all__", widgets={"text": forms.Textarea(attrs={"rows": 3})})
    fields = [("speaker", "role", "position"), "text", "tags"]
    autocomplete_fields = ["speaker"]
    view_on_site = staticmethod(public_or_preview_url)


class ArticleAutocomplete(AutocompleteSelect):
    """The admin's autocomplete, which shows back only values that can be an article's id.

    Django's looks up whatever was submitted to label it, so a form sent
    back with `abc` or a forty-digit number raised instead of saying it was not a choice.
    """

    def optgroups(self, name, value, attr=None):
        ids = [each for each in value if str(each).isascii() and str(each).isdigit() and len(str(each)) < ID_DIGITS]
        return super().optgroups(name, ids, attr)


class ArticleAdminForm(forms.ModelForm):
    """Refuses a publish the user may not make, and a save that would overwrite someone else's."""

    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)
    translation = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        required=False,
        widget=ArticleAutocomplete(Article._meta.get_field("translation_group"), admin.site),
        help_text="The same article in the other language. Leave empty to unlink them.",
    )
    # Set per request by ArticleAdmin.get_form.
    user = None
    restoring_revision = False
    conflict = None

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose what is shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edited_from"].initial = revision_token(self.instance.pk)
            self.linked_translation = self.instance.translations().first()
            self.fields["translation"].initial = self.linked_translation
        else:
            self.linked_translation = None
        if "published_at" in self.fields:
            self.fields["published_at"].help_text += f" Times are {zone_label()}."
        if self.user is not None and not can_publish(self.user) and "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != Article.Status.PUBLISHED
            ]
            self.fields["status"].help_text = "Choose “In review” when it is ready; an editor publishes it."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.restoring_revision:
            self.refuse_conflicting_save()
        if "translation" in self.fields:
            self.check_translation(cleaned.get("translation"), cleaned.get("language", self.instance.language))
        return cleaned

    def check_translation(self, chosen, language):
        """A translation linked in another language, not linked elsewhere, by someone allowed to."""
        if chosen == self.linked_translation:
            return
        for other in {chosen, self.linked_translation} - {None}:
            if (
                self.user is not None
                and self.instance.pk
                and not permissions.can_link_translations(self.user, self.instance, other)
            ):
                self.add_error("translation", "Only editors link or unlink two published articles.")
                return
        if chosen is None:
            return
        # Judged with the language as submitted, and the instance's current links.
        instance = self.instance
        candidate = Article(pk=instance.pk, language=language, translation_group_id=instance.translation_group_id)
        refusal = translation_refusal(candidate, chosen)
        if refusal:
            self.add_error("translation", refusal)

    def save_translation_link(self, article, *, by):
        chosen = self.cleaned_data.get("translation")
        if chosen == self.linked_translation:
            return
        if self.linked_translation is not None:
            unlink_translation(article, by=by)
        if chosen is not None:
            link_translations(article, chosen, by=by)

    def refuse_conflicting_save(self):
        self.conflict = find_conflict(article_id=self.instance.pk, edited_from=self.cleaned_data.get("edited_from"))
        if self.conflict is None:
            return
        # Saving again after reading the message overwrites, on purpose.
        self.data = self.data.copy()
        self.data["edited_from"] = self.conflict.token
        raise forms.ValidationError(self.conflict.message(), code="edit_conflict")


@admin.register(Article)
class ArticleAdmin(ReportsImageUploadErrors, GuardedByRoles, SimpleHistoryAdmin):
    change_rule = staticmethod(permissions.can_change_article)
    delete_rule = staticmethod(permissions.can_delete_article)
    form = ArticleAdminForm
    list_display = ["title", "publication", "published_at", "event", "last_modified_by", "updated_at"]
    list_filter = ["status", "language", "event", ArticleTagFilter]
    list_select_related = ["event", "last_modified_by"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "standfirst", "body", "tags", "edited_from"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt"]}),
        ("Publishing", {"fields": ["status", "published_at", "event"]}),
        ("Translation", {"fields": ["translation"]}),
    ]
    inlines = [QuoteInline]
    actions = ["publish_selected", "unpublish_selected"]
    object_history_template = "admin/articles/article/object_history.html"
    object_history_form_template = "admin/articles/article/object_history_form.html"

    @property
    def media(self):
        return super().media + EDITOR_MEDIA

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Restoring a revision from the history page overwrites on purpose.
        restoring = (request.resolver_match.url_name or "").endswith("_simple_history")
        return type(form.__name__, (form,), {"user": request.user, "restoring_revision": restoring})

    def save_model(self, request, obj, form, change):
        # The article and the rows of its inlines share one revision time: one save, one moment.
        revisions.stamp(obj, timezone.now())
        if form.restoring_revision:
            self.restore_revision(request, obj)
            return
        if not change:
            obj.created_by = request.user
        obj.last_modified_by = request.user
        super().save_model(request, obj, form, change)
        form.save_translation_link(obj, by=request.user)

    def restore_revision(self, request, obj):
        history_id = request.resolver_match.args[1]
        skipped = restore_article_revision(article=obj, history_id=history_id, by=request.user)
        if skipped:
            message = f"Not restored (their speaker was deleted): {', '.join(skipped)}."
            self.message_user(request, message, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            revisions.stamp(inline_form.instance, form.instance._history_date)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(fs.new_objects or fs.changed_objects or fs.deleted_objects for fs in formsets):
            revisions.ensure_article_revision(form.instance, at=form.instance._history_date, by=request.user)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        set_conflict_apart(context)
        add = kwargs.get("add", False)
        editable = self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        if editable and permissions.can_propose_from_text(request.user):
            context["propose"] = {
                "url": reverse("admin:articles_article_propose"),
                "speaker_url": reverse("admin:articles_article_propose_speaker"),
                "can_add_speakers": request.user.has_perm("articles.add_speaker"),
            }
        if obj is not None and obj.pk:
            context.update(self.translation_context(request, obj))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def translation_context(self, request, obj):
        """The linked translation shown beside the form, and whether a translation may be started."""
        linked = obj.translations().select_related(None).first()
        return {
            "linked_translation": linked,
            "linked_is_original": linked is not None and linked.is_original,
            "may_start_translation": linked is None and permissions.can_start_translation(request.user, obj),
            "translation_language": Article.Language(obj.other_language).label,
        }

    def translate_view(self, request, object_id):
        """The Translate button: a new draft in the other language, opened for editing."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        allowed = permissions.can_start_translation(request.user, article)
        if not (allowed and self.has_view_permission(request, article)):
            raise PermissionDenied
        try:
            draft = start_translation(article, by=request.user)
        except TranslationRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        message = _("A draft translation was started: translate it with the original beside it.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[draft.pk]))

    # Propose from text: the panel on the form asks these two; neither saves the article.

    def get_urls(self):
        propose = self.admin_site.admin_view(require_POST(self.propose_view))
        propose_speaker = self.admin_site.admin_view(require_POST(self.propose_speaker_view))
        translate = self.admin_site.admin_view(require_POST(self.translate_view))
        return [
            path("propose/", propose, name="articles_article_propose"),
            path("propose/speaker/", propose_speaker, name="articles_article_propose_speaker"),
            path("<path:object_id>/translate/", translate, name="articles_article_translate"),
            *super().get_urls(),
        ]

    def propose_view(self, request):
        """The proposals for the pasted text, as JSON, with the speakers already on file."""
        if not permissions.can_propose_from_text(request.user):
            return JsonResponse({"error": "Only writers and editors can propose from text."}, status=403)
        text = request.POST.get("text", "")
        try:
            proposals = extract(text)
        except ExtractionError as error:
            return JsonResponse({"error": str(error)}, status=400)
        match_speakers(proposals)
        on_file = Speaker.objects.filter(pk__in=[s.existing_id for s in proposals.speakers])
        labels = {speaker.pk: str(speaker) for speaker in on_file.only("pk", "name_en", "name_zh_hans")}
        data = proposals.as_panel_json()
        for speaker in data["speakers"]:
            speaker["existing_label"] = labels.get(speaker["existing_id"], "")
        data["can_add_speakers"] = request.user.has_perm("articles.add_speaker")
        data["text"] = plain_text(text)
        return JsonResponse(data)

    def propose_speaker_view(self, request):
        """Adds a proposed speaker when the article is saved (the panel calls this just before saving)."""
        if not request.user.has_perm("articles.add_speaker"):
            return JsonResponse({"error": "You may not add speakers: choose one already on file."}, status=403)
        try:
            speaker, created = add_speaker(
                name=request.POST.get("name", "")[:1000],
                position=request.POST.get("position", "")[:1000],
                organisation=request.POST.get("organisation", "")[:1000],
                by=request.user,
            )
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(
            {"id": speaker.pk, "text": str(speaker), "created": created}, status=201 if created else 200
        )

    def history_view(self, request, object_id, extra_context=None):
        try:
            article_id = int(unquote(object_id))
        except ValueError:
            raise Http404 from None
        context = {"timeline": revisions.article_timeline(article_id), "time_zone": zone_label()}
        return super().history_view(request, object_id, extra_context={**context, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        version = revisions.version_rows(object_id, version_id)
        if version is None:  # no such revision of this article
            raise Http404
        return super().history_form_view(request, object_id, version_id, {"version": version, **(extra_context or {})})

    def view_on_site(self, obj):
        return obj.get_preview_url()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "article":  # choosing the article of a quote or priority
            queryset = queryset & permissions.articles_open_to(request.user)
        return queryset, may_have_duplicates

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.display(description="Status", ordering="status")
    def publication(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {date_format(timezone.localtime(obj.published_at), 'DATETIME_FORMAT')}"
        return obj.get_status_display()

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = publish_articles(articles=queryset, by=request.user)
        self.message_user(
            request, ngettext("Published %d article.", "Published %d articles.", count) % count, messages.SUCCESS
        )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = unpublish_articles(articles=queryset, by=request.user)
        self.message_user(
            request, ngettext("Unpublished %d article.", "Unpublished %d articles.", count) % count, messages.SUCCESS
        )


@admin.register(Quote)
class QuoteAdmin(GuardedByArticle, SimpleHistoryAdmin):
    list_display = ["__str__", "speaker", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name_en", "speaker__name_zh_hans", "article__title"]
    autocomplete_fields = ["speaker", "article"]
    view_on_site = staticmethod(public_or_preview_url)


@admin.register(DeletedArticle)
class DeletedArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "history_date", "history_user"]
    actions = ["restore_selected"]

    def get_queryset(self, request):
        return deleted_articles()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.can_restore_deleted(request.user)

    def has_restore_permission(self, request):
        return permissions.can_restore_deleted(request.user)

    @admin.action(description="Restore selected articles (as they were when deleted)", permissions=["restore"])
    def restore_selected(self, request, queryset):
        ids = set(queryset.values_list("id", flat=True))
        for article_id in ids:
            restore_deleted_article(article_id=article_id, by=request.user)
        self.message_user(request, ngettext("Restored %d article.", "Restored %d articles.", len(ids)) % len(ids))
