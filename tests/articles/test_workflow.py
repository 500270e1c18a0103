"""Roles, review, scheduling, preview, history and restore, edit conflicts."""

import datetime
import os

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, DeletedArticle, Quote
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def staff(django_user_model, client, name, group):
    user = django_user_model.objects.create_user(name, password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def writer(client, django_user_model):
    return staff(django_user_model, client, "wendy", "Writers")


@pytest.fixture
def editor(django_user_model):
    from django.test import Client

    return staff(django_user_model, Client(), "eddie", "Editors")


def plain_form(**overrides):
    """The add/change form for an article with no quotes or priorities."""
    data = article_form(SpeakerFactory(), **overrides)
    for prefix in ("quotes", "priorities"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
    return data


def change_form(client, article, **overrides):
    """What the change form holds now, as a browser would post it back, with changes."""
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = plain_form(title=article.title, slug=article.slug, body=article.body, status=article.status,
                      standfirst=article.standfirst, tags=", ".join(article.tags.names()),
                      edited_from=form["edited_from"].value())  # fmt: skip
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data |= {"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S")}
    return data | overrides


# Roles


def test_writer_writes_a_draft_and_submits_it_for_review(writer):
    assert writer.post("/admin/articles/article/add/", plain_form(status="draft")).status_code == 302
    article = Article.objects.get()
    assert article.last_modified_by.username == "wendy"
    response = writer.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(writer, article, status="review")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_cannot_publish_through_the_form(writer):
    response = writer.post("/admin/articles/article/add/", plain_form(status="published"))
    assert response.status_code == 200
    assert "Select a valid choice. published is not one of the available choices." in response.content.decode()
    assert not Article.objects.exists()


def test_writer_is_not_offered_publishing(writer):
    page = writer.get("/admin/articles/article/add/").content.decode()
    assert 'value="published"' not in page
    assert "publish_selected" not in writer.get("/admin/articles/article/").content.decode()


def test_writer_cannot_publish_through_the_bulk_action(writer):
    draft = ArticleFactory(draft=True)
    writer.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_writer_cannot_change_or_delete_published_work(writer):
    article = ArticleFactory(title="Live")
    quote = QuoteFactory(article=article)
    data = plain_form(title="Changed by a writer", status="review")
    assert writer.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 403
    assert writer.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
    assert writer.post(f"/admin/articles/quote/{quote.pk}/change/", {"text": "x"}).status_code == 403
    writer.post(
        "/admin/articles/article/", {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}
    )
    article.refresh_from_db()
    assert article.title == "Live"


def test_writer_may_delete_their_own_draft(writer, django_user_model):
    draft = ArticleFactory(draft=True, created_by=django_user_model.objects.get(username="wendy"))
    assert writer.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.exists()


def test_editor_publishes_unpublishes_and_deletes(editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    editor.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk]})
    assert Article.objects.published().count() == 1
    editor.post("/admin/articles/article/", {"action": "unpublish_selected", "_selected_action": [article.pk]})
    assert Article.objects.get().status == Article.Status.DRAFT
    assert editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302


def test_createstaff_makes_a_role_account(django_user_model, monkeypatch):
    monkeypatch.setitem(os.environ, "STAFF_PASSWORD", "a long passphrase")
    call_command("createstaff", "nora", "--role", "editor", verbosity=0)
    user = django_user_model.objects.get(username="nora")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("articles.publish_article")


# Scheduling and preview


def test_scheduled_article_appears_by_itself(editor, client):
    start = timezone.now()
    when = timezone.localtime(start + datetime.timedelta(days=2))
    data = plain_form(title="Embargoed", status="published", published_at_0=when.strftime("%Y-%m-%d"),
                      published_at_1=when.strftime("%H:%M:%S"))  # fmt: skip
    assert editor.post("/admin/articles/article/add/", data).status_code == 302
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed" not in client.get("/").content.decode()
    assert "Scheduled for" in editor.get("/admin/articles/article/").content.decode()
    with time_machine.travel(start + datetime.timedelta(days=2, minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Embargoed" in client.get("/").content.decode()


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published"])
def test_staff_preview_any_state_public_gets_404(writer, client, django_user_model, state):
    traits = {"draft": {"draft": True}, "review": {"status": "review", "published_at": None},
              "scheduled": {"future": True}, "published": {}}[state]  # fmt: skip
    article = ArticleFactory(title="Preview me", body="**Bold** body", **traits)
    url = article.get_preview_url()
    page = writer.get(url)
    assert page.status_code == 200
    assert "<strong>Bold</strong>" in page.content.decode()
    assert "Preview —" in page.content.decode()
    assert "no-cache" in page["Cache-Control"]
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(url).status_code == 404  # and the staff copy was never cached for it
    reader = django_user_model.objects.create_user("reader", password="pw-for-reader-1")
    anonymous.force_login(reader)
    assert anonymous.get(url).status_code == 404


# History and restore


def test_form_saves_and_bulk_actions_keep_revisions(editor):
    editor.post("/admin/articles/article/add/", plain_form(title="First title", status="draft"))
    article = Article.objects.get()
    editor.post(f"/admin/articles/article/{article.pk}/change/", change_form(editor, article, title="Second title"))
    editor.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk]})
    history = list(article.history.order_by("history_date"))
    assert [h.title for h in history] == ["First title", "Second title", "Second title"]
    assert [h.status for h in history] == ["draft", "draft", "published"]
    assert {h.history_user.username for h in history} == {"eddie"}
    page = editor.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "First title" in page and "Second title" in page  # the readable diff of each change


def test_restore_an_earlier_revision(editor):
    editor.post("/admin/articles/article/add/", plain_form(title="Original", body="Original body", status="draft"))
    article = Article.objects.get()
    editor.post(f"/admin/articles/article/{article.pk}/change/",
                change_form(editor, article, title="Rewritten", body="Rewritten body"))  # fmt: skip
    first = article.history.earliest("history_date")
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    assert "Original body" in editor.get(url).content.decode()
    editor.post(url, plain_form(title="Original", slug=article.slug, body="Original body", status="draft"))
    article.refresh_from_db()
    assert (article.title, article.body) == ("Original", "Original body")


def test_deleted_article_can_be_restored_with_its_quotes(editor):
    article = ArticleFactory(title="Deleted by mistake")
    QuoteFactory(article=article, text="Kept words")
    editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()
    assert "Deleted by mistake" in editor.get("/admin/articles/deletedarticle/").content.decode()
    record = DeletedArticle.objects.get(id=article.pk, history_type="-")
    editor.post("/admin/articles/deletedarticle/", {"action": "restore_selected", "_selected_action": [record.pk]})
    restored = Article.objects.get()
    assert restored.title == "Deleted by mistake"
    assert list(Quote.objects.filter(article=restored).values_list("text", flat=True)) == ["Kept words"]


def test_writers_cannot_restore_deleted_articles(writer):
    assert writer.get("/admin/articles/deletedarticle/").status_code == 403


# Edit conflicts


def test_second_save_is_refused_and_keeps_the_second_text(editor, django_user_model):
    from django.test import Client

    article = ArticleFactory(title="Shared", body="Start", draft=True)
    other = staff(django_user_model, Client(), "olga", "Editors")
    first_form = change_form(editor, article, body="Editor one's body")
    second_form = change_form(other, article, body="Olga's careful rewrite")
    assert editor.post(f"/admin/articles/article/{article.pk}/change/", first_form).status_code == 302
    refused = other.post(f"/admin/articles/article/{article.pk}/change/", second_form)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "eddie saved this article" in page
    assert "Editor one&#x27;s body" in page or "Editor one's body" in page
    assert "Olga&#x27;s careful rewrite" in page  # still in the textarea
    article.refresh_from_db()
    assert article.body == "Editor one's body"
    again = dict(second_form, edited_from=refused.context["adminform"].form["edited_from"].value())
    assert other.post(f"/admin/articles/article/{article.pk}/change/", again).status_code == 302
    article.refresh_from_db()
    assert article.body == "Olga's careful rewrite"


# Editor comfort


def test_markdown_preview_is_sanitised_and_staff_only(writer):
    from django.test import Client

    response = writer.post("/preview/markdown/", {"text": "**hi** <script>alert(1)</script>"})
    assert response.json()["html"] == "<p><strong>hi</strong> </p>"
    assert Client().post("/preview/markdown/", {"text": "x"}).status_code == 404


def test_tag_suggestions(writer):
    ArticleFactory(tags=["photoresist", "光刻胶", "polymers"])
    assert writer.get("/preview/tags/", {"q": "pho"}).json() == {"tags": ["photoresist"]}
    assert writer.get("/preview/tags/", {"q": "光"}).json() == {"tags": ["光刻胶"]}
