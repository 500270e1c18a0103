import pytest
from django.db import IntegrityError, transaction

from priorities.models import Priority
from tests.factories import ArticleFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def test_number_is_unique_within_an_article():
    article = ArticleFactory()
    PriorityFactory(article=article, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(article=article, number=1)


def test_same_number_in_different_articles_is_fine():
    PriorityFactory(number=1)
    PriorityFactory(number=1)
    assert Priority.objects.filter(number=1).count() == 2


def test_number_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(number=0)


def test_public_follows_the_article():
    shown = PriorityFactory()
    PriorityFactory(article=ArticleFactory(draft=True))
    PriorityFactory(article=ArticleFactory(future=True))
    assert list(Priority.objects.public()) == [shown]


def test_chinese_title_gives_chinese_slug():
    assert PriorityFactory(title="建设创新平台").slug == "建设创新平台"
