"""Every way content changes reaches readers: the page and the search index follow, once the change commits."""

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import publish_articles, restore_deleted_article, unpublish_articles
from tests.articles.test_workflow import change_form, staff
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    from django.test import Client

    return staff(django_user_model, Client(), "eddie", "Editors")


def found(client, words):
    return sorted(document.title for document in client.get("/search/", {"q": words}).context["page"])


def shows(client, url, text):
    return text in client.get(url).content.decode()


def test_an_orm_save(client, committed):
    article = ArticleFactory(title="Graphene report")
    assert shows(client, "/", "Graphene report")
    article.title = "Aerogel report"
    with committed():
        article.save()
    assert shows(client, "/", "Aerogel report")
    assert found(client, "aerogel") == ["Aerogel report"]


def test_the_admin_form(client, committed, editor):
    article = ArticleFactory(title="Graphene report")
    assert shows(client, article.get_absolute_url(), "Graphene report")
    with committed():
        response = editor.post(f"/admin/articles/article/{article.pk}/change/",
                               change_form(editor, article, title="Aerogel report"))  # fmt: skip
    assert response.status_code == 302
    assert shows(client, article.get_absolute_url(), "Aerogel report")
    assert found(client, "aerogel") == ["Aerogel report"]


@pytest.mark.parametrize("path", ["admin action", "service", "queryset"])
def test_publishing_and_unpublishing(client, committed, editor, path):
    article = ArticleFactory(title="Graphene report", draft=True)
    ids = Article.objects.filter(pk=article.pk)
    do = {
        "admin action": lambda action: editor.post(
            "/admin/articles/article/", {"action": f"{action}_selected", "_selected_action": [article.pk]}
        ),
        "service": lambda action: {"publish": publish_articles, "unpublish": unpublish_articles}[action](articles=ids),
        "queryset": lambda action: getattr(ids, action)(),
    }[path]
    assert not shows(client, "/", "Graphene report")
    with committed():
        do("publish")
    assert shows(client, "/", "Graphene report")
    assert found(client, "graphene") == ["Graphene report"]
    with committed():
        do("unpublish")
    assert not shows(client, "/", "Graphene report")
    assert found(client, "graphene") == []


def test_delete_and_restore(client, committed, editor):
    article = ArticleFactory(title="Graphene report")
    article_id = article.pk
    assert shows(client, "/", "Graphene report")
    with committed():
        editor.post(f"/admin/articles/article/{article_id}/delete/", {"post": "yes"})
    assert not shows(client, "/", "Graphene report")
    assert found(client, "graphene") == []
    with committed():
        restore_deleted_article(article_id=article_id)
    assert shows(client, "/", "Graphene report")
    assert found(client, "graphene") == ["Graphene report"]


def test_a_management_command(client, committed):
    assert not shows(client, "/", "新化工材料")
    with committed():
        call_command("load_demo", verbosity=0)
    demo = Article.objects.filter(language="zh-Hans").get()
    assert shows(client, "/zh-hans/", demo.title)
    assert demo.title in sorted(
        doc.title for doc in client.get("/zh-hans/search/", {"q": demo.title[:4]}).context["page"]
    )


@pytest.mark.django_db(transaction=True)
def test_one_bulk_publish_forgets_once(monkeypatch):
    """With real commits: the service's one transaction is one forgetting, not one per article."""
    from symposium import cache

    articles = [ArticleFactory(draft=True) for _ in range(5)]
    calls = []
    monkeypatch.setattr(cache, "forget_keys", lambda keys: calls.append(keys) or True)
    publish_articles(articles=Article.objects.filter(pk__in=[a.pk for a in articles]))
    assert len(calls) == 1
    assert {f"article:{a.pk}" for a in articles} <= calls[0]


def test_a_rolled_back_save_forgets_nothing(committed, monkeypatch):
    from django.db import transaction

    from symposium import cache

    article = ArticleFactory(title="Graphene report")
    calls = []
    monkeypatch.setattr(cache, "forget_keys", lambda keys: calls.append(keys) or True)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Never saved"
        article.save()
        raise RuntimeError
    assert calls == []
