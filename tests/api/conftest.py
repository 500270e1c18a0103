import datetime

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory


@pytest.fixture
def api(client):
    """GET an API URL; the response, with its JSON as `.data` when it has some."""

    def get(url, **headers):
        response = client.get(url, headers=headers)
        if response.get("Content-Type", "").startswith("application/json"):
            response.data = response.json()
        return response

    return get


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def newsroom(db):
    """Public content in both languages, tagged, with a draft and a future article carrying their own things."""
    forum = EventFactory(name="Materials Forum", slug="materials-forum")
    summit = EventFactory(name="材料峰会", slug="材料峰会", start_date=datetime.date(2020, 5, 1))
    li = SpeakerFactory(name="Li Shousheng", slug="li-shousheng")
    wang = SpeakerFactory(name="王明", slug="王明")
    old = ArticleFactory(
        title="Photoresist supply", slug="photoresist-supply", event=forum, published_at=days_ago(30),
        tags=["photoresist", "semiconductors"],
    )  # fmt: skip
    new = ArticleFactory(
        title="硅基材料的新进展", slug="硅基材料", event=summit, language="zh-Hans", published_at=days_ago(2),
        standfirst="硅基材料和光刻胶。", tags=["光刻胶", "silicon"],
    )  # fmt: skip
    QuoteFactory(article=old, speaker=li, text="We must close the photoresist gap.", tags=["photoresist"])
    QuoteFactory(article=new, speaker=wang, text="硅基材料是关键。", tags=["silicon"])
    PriorityFactory(article=old, number=1, title="Secure photoresist", speaker=li, tags=["photoresist"])
    PriorityFactory(article=new, number=1, title="发展硅基材料", speaker=wang, tags=["silicon"])
    draft = ArticleFactory(
        title="Secret draft", slug="secret-draft", draft=True, event=EventFactory(name="Closed", slug="closed"),
        tags=["embargoed", "photoresist"],
    )  # fmt: skip
    hidden = SpeakerFactory(name="Hidden Person", slug="hidden-person")
    QuoteFactory(article=draft, speaker=hidden, text="Secret words.", tags=["embargoed"])
    PriorityFactory(article=draft, number=1, title="Secret priority", slug="secret-priority", speaker=hidden)
    future = ArticleFactory(title="Future piece", slug="future-piece", future=True, tags=["later-tag"])
    QuoteFactory(article=future, speaker=SpeakerFactory(name="Future Voice", slug="future-voice"), text="Not yet.")
    return {"old": old, "new": new, "li": li, "wang": wang, "forum": forum, "summit": summit, "draft": draft}
