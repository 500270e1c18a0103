import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Event, Quote, Speaker
from tests.factories import ArticleFactory, EventFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_slug_from_english_title():
    assert ArticleFactory(title="Five Key Works, Explained!").slug == "five-key-works-explained"


def test_slug_from_chinese_title_keeps_chinese():
    assert ArticleFactory(title="化工新材料 座谈会").slug == "化工新材料-座谈会"


def test_slug_from_title_without_letters_falls_back():
    assert ArticleFactory(title="!!! ???").slug == "article"


def test_slugs_stay_unique_for_equal_titles():
    slugs = [ArticleFactory(title="Same title").slug for _ in range(3)]
    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_explicit_slug_is_kept():
    assert SpeakerFactory(name="Li Shousheng", slug="li").slug == "li"


def test_published_excludes_drafts_and_future():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(future=True)
    assert list(Article.objects.published()) == [live]


def test_publishing_without_date_sets_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    assert article.published_at <= timezone.now()
    assert article.is_public


def test_published_article_must_have_date_in_database():
    article = ArticleFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=datetime.date(2019, 7, 5), end_date=datetime.date(2019, 7, 4))


def test_bulk_publish_keeps_existing_dates_and_fills_missing():
    dated = ArticleFactory(draft=True)
    dated.published_at = timezone.now() - datetime.timedelta(days=10)
    dated.save()
    undated = ArticleFactory(draft=True)
    assert Article.objects.filter(pk__in=[dated.pk, undated.pk]).publish() == 2
    dated.refresh_from_db()
    undated.refresh_from_db()
    assert dated.published_at < timezone.now() - datetime.timedelta(days=9)
    assert undated.published_at is not None
    assert {dated.status, undated.status} == {Article.Status.PUBLISHED}


def test_bulk_unpublish_returns_to_draft():
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).unpublish()
    assert not Article.objects.published().exists()


def test_quotes_of_unpublished_articles_are_not_public():
    public = QuoteFactory()
    QuoteFactory(article=ArticleFactory(draft=True))
    QuoteFactory(article=ArticleFactory(future=True))
    assert list(Quote.objects.public()) == [public]


def test_speaker_public_only_when_quoted_in_public_article():
    quoted = QuoteFactory().speaker
    QuoteFactory(article=ArticleFactory(draft=True))
    SpeakerFactory()
    assert list(Speaker.objects.public()) == [quoted]


def test_event_public_only_with_public_article():
    shown = ArticleFactory(event=EventFactory()).event
    ArticleFactory(event=EventFactory(), draft=True)
    assert list(Event.objects.public()) == [shown]


def test_speaker_cannot_be_deleted_while_quoted():
    quote = QuoteFactory()
    with pytest.raises(Exception, match="protected"):
        quote.speaker.delete()


def test_speaker_affiliation_joins_what_is_known():
    assert SpeakerFactory(position="President", organisation="").affiliation == "President"
    assert SpeakerFactory(position="President", organisation="CPCIF").affiliation == "President, CPCIF"


def test_quote_attribution_prefers_role_at_the_time():
    quote = QuoteFactory(role="then Vice-Minister")
    assert quote.attribution == "then Vice-Minister"
