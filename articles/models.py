from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords
from taggit.models import TaggedItemBase

from articles.images import IMAGE_HELP_TEXT, CleanImageField, validate_image
from articles.languages import CHINESE, ENGLISH, looks_chinese, other_language, page_language
from articles.markdown import render_markdown, validate_markdown
from articles.slugs import SLUG_MAX_LENGTH, unique_slug
from articles.tagging import TaggedQuerySet, tags_field

# What listings of articles, or of things from articles, never show: deferred
# so a listing does not read (or, on SQLite, sort) every body it passes over.
ARTICLE_BODY_FIELDS = ("body", "body_html")


def published_q(prefix=""):
    """The one definition of "public": published, and not dated in the future.

    `prefix` reaches an article through a relation, e.g. "article__".
    """
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def shown_in_q(language=None, prefix=""):
    """Public, and the version of its group of translations a page in `language` shows.

    That is the version in the page's language when it is public, else the
    public one there is (each group has at most one article per language, and
    the site two languages). `language` defaults to the page's; `prefix`
    reaches an article through a relation, as for published_q.
    """
    language = language or page_language()
    sibling_in_language = Article.objects.filter(
        published_q(), translation_group=OuterRef(f"{prefix}translation_group"), language=language
    )
    return published_q(prefix) & (
        Q(**{f"{prefix}language": language})
        | Q(**{f"{prefix}translation_group__isnull": True})
        | ~Exists(sibling_in_language)
    )


class OnePerTranslationGroup:
    """Listings in one language show each group of translations once (shown_in_q)."""

    # The path from the listed model to its article.
    article_prefix = ""

    def one_per_group(self, language=None):
        return self.filter(shown_in_q(language, self.article_prefix))


def public_speaker_q(speaker_ref="pk"):
    """A speaker is public when quoted in, or setting out a priority in, a public article.

    `speaker_ref` names the speaker's id in the outer query, so the test is an
    index probe per row rather than a scan of every quote.
    """
    # Priority is reached through the reverse relation, not imported:
    # the import arrow points priorities -> articles.
    priority_model = Speaker._meta.get_field("priorities").related_model
    return Q(Exists(Quote.objects.public().filter(speaker=OuterRef(speaker_ref)))) | Q(
        Exists(priority_model.objects.public().filter(speaker=OuterRef(speaker_ref)))
    )


def bilingual(field, label):
    """`name` for `name_en` and `name_zh_hans`: read in the page's language, falling back to the other.

    Set, it fills the field of the language its script says (Chinese characters: Chinese),
    so code that names a speaker in one language keeps working.
    """

    def read(obj):
        english, chinese = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")
        return (chinese or english) if page_language() == CHINESE else (english or chinese)

    def write(obj, value):
        setattr(obj, f"{field}_zh_hans" if looks_chinese(value) else f"{field}_en", value)

    return property(read, write, doc=f"The {label} in the page's language, else in the other.")


def both_names(obj, field="name"):
    """“Li Shousheng / 李寿生”, or the one name there is."""
    return " / ".join(name for name in (getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")) if name)


def named_in_either(field="name"):
    return ~Q(**{f"{field}_en": ""}) | ~Q(**{f"{field}_zh_hans": ""})


class NamedInEitherLanguage:
    """A model whose `name` may be given in English, in Chinese, or both, but not neither."""

    def clean_names(self, field="name", label="name"):
        if not (getattr(self, f"{field}_en").strip() or getattr(self, f"{field}_zh_hans").strip()):
            raise ValidationError({f"{field}_en": f"Give the {label} in English, in Chinese, or both."})


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events with at least one public article; others may be under embargo."""
        return self.filter(Exists(Article.objects.published().filter(event=OuterRef("pk"))))


class Event(NamedInEitherLanguage, models.Model):
    name_en = models.CharField("English name", max_length=300, blank=True)
    name_zh_hans = models.CharField("Chinese name", max_length=300, blank=True)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty for a one-day event.")
    location = models.CharField(max_length=200, blank=True)
    organiser = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name_en", "name_zh_hans"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=named_in_either(), name="event_has_a_name"),
        ]

    name = bilingual("name", "name")

    def __str__(self):
        return both_names(self)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name_zh_hans, fallback="event")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:event_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.clean_names()


class SpeakerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_speaker_q())

    def with_public_quote_count(self):
        """How many of their quotes a page in this language lists (each translation group once)."""
        return self.annotate(public_quote_count=models.Count("quotes", filter=shown_in_q(prefix="quotes__article__")))


class Speaker(NamedInEitherLanguage, models.Model):
    name_en = models.CharField("English name", max_length=200, blank=True, help_text="Li Shousheng")
    name_zh_hans = models.CharField("Chinese name", max_length=200, blank=True, help_text="李寿生")
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True)
    position_en = models.CharField("position (English)", max_length=300, blank=True)
    position_zh_hans = models.CharField("position (Chinese)", max_length=300, blank=True)
    organisation_en = models.CharField("organisation (English)", max_length=300, blank=True)
    organisation_zh_hans = models.CharField("organisation (Chinese)", max_length=300, blank=True)
    bio = models.TextField(blank=True)
    photo = CleanImageField(
        upload_to="speakers/%Y/", blank=True, validators=[validate_image],
        help_text=IMAGE_HELP_TEXT,
    )  # fmt: skip

    objects = SpeakerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en", "name_zh_hans"]
        constraints = [models.CheckConstraint(condition=named_in_either(), name="speaker_has_a_name")]

    name = bilingual("name", "name")
    position = bilingual("position", "position")
    organisation = bilingual("organisation", "organisation")

    def __str__(self):
        return both_names(self)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name_zh_hans, fallback="speaker")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:speaker_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.clean_names()

    @property
    def affiliation(self):
        return ", ".join(part for part in (self.position, self.organisation) if part)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        # Search walks one tag's items newest first (see symposium.search).
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_item_idx")]


class ArticleQuerySet(OnePerTranslationGroup, TaggedQuerySet):
    def published(self):
        return self.filter(published_q())

    def for_listing(self):
        return (
            self.published()
            .select_related("event")
            .prefetch_related("tags")
            .defer(*ARTICLE_BODY_FIELDS)
            .order_by("-published_at", "-pk")
        )

    def for_page(self):
        return self.published().with_page_relations()

    def with_page_relations(self):
        """Everything an article page shows, in a fixed number of queries."""
        # Priorities live in their own app; reaching the model through the
        # relation keeps the import arrow pointing priorities -> articles.
        priority_model = Article._meta.get_field("priorities").related_model
        return self.select_related("event").prefetch_related(
            "tags",
            # Ordered within the one article, so ordering by article (the
            # models' default) adds no join.
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker").order_by("position", "pk")),
            Prefetch("priorities", queryset=priority_model.objects.select_related("speaker").order_by("number")),
            "priorities__tags",
        )

    def publish(self, *, by=None):
        """See articles.services.publish_articles."""
        from articles.services import publish_articles  # noqa: PLC0415  (services import the models)

        return publish_articles(articles=self, by=by)

    def unpublish(self, *, by=None):
        from articles.services import unpublish_articles  # noqa: PLC0415

        return unpublish_articles(articles=self, by=by)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    class Language(models.TextChoices):
        ENGLISH = ENGLISH, "English"
        CHINESE = CHINESE, "Chinese (simplified)"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True)
    standfirst = models.TextField(blank=True, help_text="One or two sentences shown under the title and in lists.")
    # Bounded (length, nesting, raw HTML) so rendering it stays cheap: articles/markdown.py.
    body = models.TextField(blank=True, help_text="Markdown.", validators=[validate_markdown])
    # The body as sanitised HTML, rendered once on save rather than per request.
    body_html = models.TextField(blank=True, editable=False)
    language = models.CharField(
        max_length=10, choices=Language.choices, default=Language.ENGLISH, help_text="The language it is written in."
    )
    # The original article of the translations this one belongs to (the original points at
    # itself); empty when it has none. Set by articles.services, never by a form.
    translation_group = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Public from this moment. Empty means now, when published."
    )
    lead_image = CleanImageField(
        upload_to="articles/%Y/%m/", blank=True, validators=[validate_image],
        help_text=IMAGE_HELP_TEXT,
    )  # fmt: skip
    lead_image_alt = models.CharField(
        "lead image description",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # Writers may delete only what they started (articles.permissions).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    tags = tags_field(TaggedArticle)
    objects = ArticleQuerySet.as_manager()
    # The rendered body is derived from `body`: revisions need not keep it. Which
    # translations are linked is not the article's content: restoring a revision keeps the links.
    history = HistoricalRecords(excluded_fields=["body_html", "translation_group"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""), name="lead_image_has_description"
            ),
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                name="one_article_per_language_per_group",
                violation_error_message="The group of translations has an article in this language already.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            # Whether an article is public and its date, read by id without the row (on SQLite
            # a body holds them back in overflow pages): listings of one tag's items check thousands.
            models.Index(fields=["id", "status", "published_at"], name="article_public_by_id_idx"),
        ]
        permissions = [("publish_article", "Can publish, unpublish, schedule and delete published articles")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="article")
        self.date_if_published()
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.date_if_published()
        if self.lead_image and not self.lead_image_alt.strip():
            raise ValidationError({"lead_image_alt": "Describe the lead image for readers who cannot see it."})
        sibling = self.translations().filter(language=self.language).first()
        if sibling is not None:
            raise ValidationError(
                {"language": f"Its translation “{sibling.title}” is in this language: an article and its "
                 "translation are in different languages."}
            )  # fmt: skip

    def translations(self):
        """The other articles of its group of translations, whatever their status."""
        if self.translation_group_id is None:
            return Article.objects.none()
        return Article.objects.filter(translation_group_id=self.translation_group_id).exclude(pk=self.pk)

    @property
    def is_original(self):
        """The first article of its group of translations (or an article with none)."""
        return self.translation_group_id in (None, self.pk)

    @property
    def other_language(self):
        return other_language(self.language)

    def get_preview_url(self):
        return reverse("articles:article_preview", kwargs={"pk": self.pk})

    def date_if_published(self):
        """Publishing without a date means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def safe_body_html(self):
        # Sanitised by render_markdown on save, so the template may print it as is.
        return mark_safe(self.body_html)  # noqa: S308

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None and not self.is_public

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class DeletedArticle(Article.history.model):
    """Deleted articles, as their last revision, so editors can bring them back."""

    class Meta:
        proxy = True
        verbose_name = "deleted article"


class TaggedQuote(TaggedItemBase):
    content_object = models.ForeignKey("Quote", on_delete=models.CASCADE)

    class Meta:
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedquote_tag_item_idx")]


class QuoteQuerySet(OnePerTranslationGroup, TaggedQuerySet):
    article_prefix = "article__"

    def public(self):
        return self.filter(published_q("article__"))

    def for_listing(self):
        return (
            self.public()
            .select_related("speaker", "article")
            .prefetch_related("tags")
            .defer(*(f"article__{name}" for name in ARTICLE_BODY_FIELDS))
            .order_by("-article__published_at", "article_id", "position", "pk")
        )


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField()
    role = models.CharField(
        max_length=300, blank=True, help_text="The speaker's role when they said it, if not their current one."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the article.")

    tags = tags_field(TaggedQuote)
    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "position", "pk"]
        # What a listing orders quotes by, read by id without the row (a tag's quotes, page by page).
        indexes = [models.Index(fields=["id", "article", "position"], name="quote_listing_order_idx")]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("articles:quote_detail", kwargs={"pk": self.pk})

    @property
    def attribution(self):
        return self.role or self.speaker.affiliation
