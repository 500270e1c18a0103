import datetime

import factory
from django.utils import timezone

from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Materials Forum {n}")
    start_date = datetime.date(2019, 7, 5)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    position = "President"
    organisation = "Industry Federation"


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

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"Quoted words number {n}.")
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority title {n}")
    description = "Do the work."

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
