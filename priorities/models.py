from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.models import TaggedItemBase

from articles.models import ARTICLE_BODY_FIELDS, Article, OnePerTranslationGroup, Speaker, published_q
from articles.slugs import SLUG_MAX_LENGTH, unique_slug
from articles.tagging import TaggedQuerySet, tags_field


class TaggedPriority(TaggedItemBase):
    content_object = models.ForeignKey("Priority", on_delete=models.CASCADE)

    class Meta:
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedpriority_tag_item_idx")]


class PriorityQuerySet(OnePerTranslationGroup, TaggedQuerySet):
    article_prefix = "article__"

    def public(self):
        return self.filter(published_q("article__"))

    def for_listing(self):
        return (
            self.public()
            .select_related("article__event", "speaker")
            .prefetch_related("tags")
            .defer(*(f"article__{name}" for name in ARTICLE_BODY_FIELDS))
            .order_by("-article__published_at", "article_id", "number")
        )


class Priority(models.Model):
    """One numbered priority ("key work") set out in an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True)
    description = models.TextField(blank=True)
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities")

    tags = tags_field(TaggedPriority)
    objects = PriorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="priority_number_unique_per_article"),
            models.CheckConstraint(condition=Q(number__gte=1), name="priority_number_positive"),
        ]
        # What a listing orders priorities by, read by id without the row (a tag's priorities, page by page).
        indexes = [models.Index(fields=["id", "article", "number"], name="priority_listing_order_idx")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="priority")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("priorities:priority_detail", kwargs={"slug": self.slug})
