from django.db import models

from articles.models import Article, Quote, Speaker
from priorities.models import Priority


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
