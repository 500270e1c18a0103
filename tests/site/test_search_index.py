"""The search index follows every kind of change, at once."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Quote
from symposium.models import SearchDocument
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/search/", {"q": q})
    return sorted(doc.title for doc in response.context["page"])


def test_new_article_is_found(client):
    ArticleFactory(title="Fresh news", body="graphene membranes")
    assert search(client, "graphene") == ["Fresh news"]


def test_edited_text_is_found_and_old_text_is_not(client):
    article = ArticleFactory(title="Report", body="graphene")
    article.body = "aerogel"
    article.save()
    assert search(client, "graphene") == []
    assert search(client, "aerogel") == ["Report"]


def test_two_character_chinese_follows_edits_and_deletes(client, committed):
    article = ArticleFactory(title="座谈会", body="锂电材料需求旺盛。")
    assert search(client, "锂电") == ["座谈会"]
    article.body = "氢能装备需求旺盛。"
    with committed():
        article.save()
    assert search(client, "锂电") == []
    assert search(client, "氢能") == ["座谈会"]
    with committed():
        article.delete()
    assert search(client, "氢能") == []


def test_quote_found_by_its_speakers_new_chinese_name(client):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Teng Fei"), text="words")
    quote.speaker.name_zh_hans = "滕飞"
    quote.speaker.save()  # retitles the quote's document with one UPDATE
    response = client.get("/search/", {"q": "滕飞", "type": "quote"})
    assert [doc.title for doc in response.context["page"]] == ["Teng Fei / 滕飞"]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("query", ["Li Shousheng", "Shousheng", "李寿生", "寿生", "会长", "President", "石油和化学"])
def test_a_speaker_is_found_by_either_name(client, prefix, query):
    speaker = SpeakerFactory(
        name_en="Li Shousheng", name_zh_hans="李寿生", position_en="President", position_zh_hans="会长",
        organisation_en="China Petroleum and Chemical Industry Federation",
        organisation_zh_hans="中国石油和化学工业联合会",
    )  # fmt: skip
    QuoteFactory(speaker=speaker, text="words")
    response = client.get(f"{prefix}/search/", {"q": query, "type": "speaker"})
    assert [doc.title for doc in response.context["page"]] == ["Li Shousheng / 李寿生"]
    call_command("rebuild_search_index", verbosity=0)
    response = client.get(f"{prefix}/search/", {"q": query, "type": "speaker", "page": "1"})
    assert [doc.title for doc in response.context["page"]] == ["Li Shousheng / 李寿生"]


def test_markdown_is_indexed_as_text(client):
    ArticleFactory(title="Report", body="**graph**ene and [a link](https://example.com/secretpath)")
    assert search(client, "secretpath") == []
    assert SearchDocument.objects.get(kind="article").body.endswith("graphene and a link")


def test_unpublish_and_publish_apply_at_once(client, committed):
    article = ArticleFactory(title="Report", body="graphene")
    with committed():
        Article.objects.filter(pk=article.pk).unpublish()
    assert search(client, "graphene") == []
    with committed():
        Article.objects.filter(pk=article.pk).publish()
    assert search(client, "graphene") == ["Report"]


def test_scheduled_article_appears_when_its_time_comes(client):
    article = ArticleFactory(title="Embargoed", body="graphene", future=True)
    QuoteFactory(article=article, text="graphene quote")
    assert search(client, "graphene") == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    caches["pages"].clear()  # as PAGE_CACHE_SECONDS passing would
    assert len(search(client, "graphene")) == 2


def test_deleted_things_leave_the_index(client):
    article = ArticleFactory(title="Report", body="graphene")
    QuoteFactory(article=article, text="graphene quote")
    PriorityFactory(article=article, title="graphene priority")
    Article.objects.filter(pk=article.pk).delete()
    assert search(client, "graphene") == []
    assert not SearchDocument.objects.exclude(kind="speaker").exists()


def test_quote_follows_its_speaker_renamed(client):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Teng Fei"), text="words")
    quote.speaker.name = "Teng Feifei"
    quote.speaker.save()
    assert ("quote", "Teng Feifei") in {(d.kind, d.title) for d in SearchDocument.objects.all()}


def test_drafts_their_quotes_and_priorities_are_never_found(client):
    for trait in ({"draft": True}, {"future": True}):
        article = ArticleFactory(title="Hidden graphene", body="graphene", **trait)
        QuoteFactory(article=article, text="graphene quote", speaker=SpeakerFactory(name="Hidden speaker"))
        PriorityFactory(article=article, title="graphene priority", description="graphene")
    assert search(client, "graphene") == []
    assert search(client, "Hidden speaker") == []


def test_admin_save_and_bulk_actions_keep_index_in_step(staff_client, client, committed):
    speaker = SpeakerFactory()
    data = article_form(speaker, title="Admin graphene", body="graphene")
    with committed():
        assert staff_client.post("/admin/articles/article/add/", data).status_code == 302
    article = Article.objects.get()
    assert "Admin graphene" in search(client, "graphene")
    with committed():
        staff_client.post(
            "/admin/articles/article/", {"action": "unpublish_selected", "_selected_action": [article.pk]}
        )
    assert search(client, "graphene") == []
    with committed():
        staff_client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk]})
    assert "Admin graphene" in search(client, "graphene")
    with committed():
        staff_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()
    assert not Quote.objects.exists()
    assert search(client, "graphene") == []


def test_rebuild_command_restores_a_lost_index(client):
    ArticleFactory(title="Report", body="graphene")
    QuoteFactory(text="aerogel")
    SearchDocument.objects.all().delete()
    assert search(client, "graphene") == []
    call_command("rebuild_search_index", verbosity=0)
    assert search(client, "graphene") == ["Report"]
    kinds = sorted(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds == ["article", "article", "quote", "speaker"]  # the quote's own article counts
