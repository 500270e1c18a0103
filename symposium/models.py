from django.conf import settings
from django.db import models
from taggit.models import Tag

from articles.models import Article, Quote, Speaker
from priorities.models import Priority

# Each kind's documents have ids in a block of their own: the kind's number
# times ID_BLOCK, plus the id of what they describe. Search can then read one
# kind, newest first, as a range of the full-text index (see symposium.search).
ID_BLOCK = 10**12


class SearchDocument(models.Model):
    """One searchable thing's text, kept in step with it by symposium.search.index.

    Each database adds its own full-text index over `title` and `body` in a
    migration (FTS5 on SQLite, tsvector and trigrams on PostgreSQL). Whether a
    document may be shown is never stored here: it is read from the article
    at query time, so publishing or unpublishing needs no re-indexing.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        QUOTE = "quote", "Quote"
        PRIORITY = "priority", "Priority"
        SPEAKER = "speaker", "Speaker"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The article decides visibility for articles, quotes and priorities.
    article = models.ForeignKey(Article, null=True, on_delete=models.CASCADE, related_name="+")
    quote = models.OneToOneField(Quote, null=True, on_delete=models.CASCADE, related_name="+")
    priority = models.OneToOneField(Priority, null=True, on_delete=models.CASCADE, related_name="+")
    speaker = models.OneToOneField(Speaker, null=True, on_delete=models.CASCADE, related_name="+")
    title = models.TextField()
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(kind="article"), name="one_document_per_article"
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="searchdocument_kind_idx")]

    def __str__(self):
        return f"{self.kind}: {self.title[:60]}"

    @staticmethod
    def id_for(kind, source_id):
        return KIND_NUMBERS[kind] * ID_BLOCK + source_id

    @staticmethod
    def kind_of(document_id):
        return NUMBERED_KINDS[document_id // ID_BLOCK]

    @staticmethod
    def id_range(kind):
        """The first and last id a document of this kind can have."""
        first = KIND_NUMBERS[kind] * ID_BLOCK
        return first, first + ID_BLOCK - 1


KIND_NUMBERS = {
    SearchDocument.Kind.ARTICLE: 1,
    SearchDocument.Kind.QUOTE: 2,
    SearchDocument.Kind.PRIORITY: 3,
    SearchDocument.Kind.SPEAKER: 4,
}
NUMBERED_KINDS = {number: kind for kind, number in KIND_NUMBERS.items()}


class FullTextRow(models.Model):
    """A row of one of SQLite's FTS5 tables (created by migrations; not on PostgreSQL).

    Modelled so a search can start from a full-text index and read it in
    rowid order, which FTS5 can stop early; see SqliteBackend.window. The
    rowid is the SearchDocument's id.
    """

    rowid = models.BigIntegerField(primary_key=True)

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} row {self.rowid}"


class SearchIndexEntry(FullTextRow):
    """The trigram index of every document's title and body (migration 0002)."""

    class Meta(FullTextRow.Meta):
        db_table = "search_fts"


class SearchPairEntry(FullTextRow):
    """The index of adjacent CJK character pairs (migration 0006)."""

    class Meta(FullTextRow.Meta):
        db_table = "search_pairs"


class SlugRedirect(models.Model):
    """An old slug of an article, speaker, event, priority or tag, and what now has it.

    Rows point at the item, not at its current slug, so a chain of renames is
    always one hop. Written by symposium.redirects when a slug changes (or, later,
    when a tag is merged away); read only when a detail URL finds nothing.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        SPEAKER = "speaker", "Speaker"
        EVENT = "event", "Event"
        PRIORITY = "priority", "Priority"
        TAG = "tag", "Tag"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_slug = models.CharField(max_length=255)
    target_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="one_redirect_per_old_slug")]
        indexes = [models.Index(fields=["kind", "target_id"], name="slugredirect_target_idx")]

    def __str__(self):
        return f"{self.kind} {self.old_slug} → #{self.target_id}"


class PendingForget(models.Model):
    """Page keys a cache outage kept from being forgotten; replayed when the cache is back."""

    keys = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{len(self.keys)} page keys to forget"


class PendingPurge(models.Model):
    """Page keys to purge at the caching proxy in front; a row stays until the proxy has taken them.

    Filled after each commit and emptied by symposium.purge (a thread in each
    app process, and `manage.py purge_proxy`). `claimed_until` lets one purger
    at a time send a row; one that dies mid-purge leaves it to the next.
    """

    keys = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    # Not sent before then: a claim in progress, or the back-off after a failure.
    not_before = models.DateTimeField(db_index=True)
    claim = models.UUIDField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"{len(self.keys)} page keys to purge"


class TagTopic(models.Model):
    """Tags that name one topic (`photoresist` = `光刻胶` = `光阻`): one page, one count, one search term.

    Its page lives at the canonical tag's address; the other tags' addresses
    redirect there. Read by symposium.tags, which decides what the public sees.
    """

    name_en = models.CharField("English name", max_length=100, blank=True)
    name_zh_hans = models.CharField("Chinese name", max_length=100, blank=True)
    # SET_NULL: a canonical tag deleted or merged away leaves the topic with its other tags.
    canonical = models.ForeignKey(
        Tag, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="canonical tag",
        help_text="The tag whose address, /tags/<slug>/, the topic's page has; the others redirect to it.",
    )  # fmt: skip

    class Meta:
        verbose_name = "tag topic"

    def __str__(self):
        names = [name for name in (self.name_en, self.name_zh_hans) if name]
        if not names and self.canonical_id:
            names = [self.canonical.name]
        return " = ".join(names) or f"Topic #{self.pk}"


class TopicTag(models.Model):
    """One of a topic's tags; a tag names at most one topic."""

    tag = models.OneToOneField(
        Tag, on_delete=models.CASCADE, related_name="topic_link",
        error_messages={"unique": "This tag already names a topic: one tag, one topic."},
    )  # fmt: skip
    topic = models.ForeignKey(TagTopic, on_delete=models.CASCADE, related_name="links")

    class Meta:
        verbose_name = "tag of the topic"
        verbose_name_plural = "tags of the topic"

    def __str__(self):
        return str(self.tag)


class TagMerge(models.Model):
    """A tag merged into another: who did it, when, and what the merged tag was called."""

    source_name = models.CharField("merged tag", max_length=100)
    source_slug = models.CharField("its address", max_length=100)
    into = models.ForeignKey(Tag, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="into")
    into_name = models.CharField("into (name then)", max_length=100)
    items_moved = models.PositiveIntegerField(default=0, help_text="Articles, quotes and priorities retagged.")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="by"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.source_name} → {self.into_name}"
