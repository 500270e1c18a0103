import datetime

import factory
from django.utils import timezone

from articles.languages import looks_chinese
from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority


def set_tags(obj, create, extracted, **kwargs):
    """`SomeFactory(tags=["a", "光刻胶"])` tags the new object."""
    if create and extracted:
        obj.tags.set(extracted)


class NamedInEitherLanguage(factory.django.DjangoModelFactory):
    """`name="李寿生"` names it in Chinese only, `name="Li Shousheng"` in English only; or give
    `name_en` and `name_zh_hans`."""

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "name" in kwargs:
            name = kwargs.pop("name")
            chinese = looks_chinese(name)
            kwargs["name_zh_hans" if chinese else "name_en"] = name
            if chinese:
                kwargs["name_en"] = ""
        return kwargs


class EventFactory(NamedInEitherLanguage):
    class Meta:
        model = Event

    name_en = factory.Sequence(lambda n: f"Materials Forum {n}")
    start_date = datetime.date(2019, 7, 5)


class SpeakerFactory(NamedInEitherLanguage):
    class Meta:
        model = Speaker

    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    position_en = "President"
    organisation_en = "Industry Federation"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Report number {n}")
    standfirst = "What was said."
    body = "The industry met to discuss materials."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        future = factory.Trait(published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3)))

    tags = factory.PostGeneration(set_tags)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"Quoted words number {n}.")
    position = factory.Sequence(lambda n: n)

    tags = factory.PostGeneration(set_tags)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority title {n}")
    description = "Do the work."

    tags = factory.PostGeneration(set_tags)
