"""A tag nothing public carries is on no public page; the admin lists and deletes unused tags."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from taggit.models import Tag

from articles.conflicts import revision_token
from articles.models import Article
from symposium.tags import counts_cache_key, public_topics
from tests.articles.test_admin import article_form, inline
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

MANGLED = "光刻胶，半导体材料、new"


def retag_in_admin(client, article, tags):
    """What an editor does: open the article, fix its tags, save."""
    data = article_form(
        SpeakerFactory(),
        title=article.title,
        slug=article.slug,
        tags=tags,
        edited_from=revision_token(article.pk),  # what the form holds when opened
        **inline("quotes", []),
        **inline("priorities", []),
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""


def public_pages_mention(client, tag):
    """Which public pages show the tag's name, or (the sitemap) link to its page."""
    pages = {"/tags/": tag.name, "/": tag.name, "/sitemap.xml": quote(tag.slug)}
    return [url for url, text in pages.items() if text in client.get(url).content.decode()]


def test_a_fixed_tag_leaves_every_public_page_at_once(staff_client, committed):
    reader = Client()
    article = ArticleFactory(tags=[MANGLED, "materials"])
    mangled = Tag.objects.get(name=MANGLED)
    # Readers have seen the bad tag: pages and counts are cached.
    assert public_pages_mention(reader, mangled) == ["/tags/", "/", "/sitemap.xml"]
    assert reader.get(f"/tags/{mangled.slug}/").status_code == 200
    assert cache.get(counts_cache_key("en")) is not None

    with committed():
        retag_in_admin(staff_client, article, "光刻胶，半导体材料、new materials")

    assert sorted(Article.objects.get().tags.names()) == ["new materials", "光刻胶", "半导体材料"]
    assert public_pages_mention(reader, mangled) == []
    assert reader.get(f"/tags/{mangled.slug}/").status_code == 404
    assert "new materials" in reader.get("/tags/").content.decode()


def test_a_tag_left_only_on_a_draft_is_on_no_public_page(client, committed):
    public = ArticleFactory(tags=["photoresist"])
    ArticleFactory(draft=True, tags=["photoresist"])
    assert public_pages_mention(client, Tag.objects.get()) == ["/tags/", "/", "/sitemap.xml"]
    with committed():
        public.tags.clear()
    assert public_pages_mention(client, Tag.objects.get()) == []
    assert client.get("/tags/photoresist/").status_code == 404


def test_tag_counts_are_forgotten_again_when_the_retagging_commits(django_capture_on_commit_callbacks):
    article = ArticleFactory(tags=[MANGLED])
    stale = {"stale": "counts read before the commit"}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.tags.set(["photoresist"])
        # A reader's request between the change and its commit saw the old tags and cached them.
        cache.set(counts_cache_key("en"), stale)
    assert cache.get(counts_cache_key("en")) is None
    assert [topic.name for topic in public_topics()] == ["photoresist"]


# The admin's tag list: usage across articles, quotes and priorities.


def tags_listed(staff_client, query=""):
    response = staff_client.get(f"/admin/taggit/tag/{query}")
    assert response.status_code == 200
    return sorted(tag.name for tag in response.context["cl"].result_list)


@pytest.fixture
def tags_in_use():
    """One tag per kind of carrier (a draft counts: its tag is in use), and two nothing carries."""
    ArticleFactory(draft=True, tags=["on an article"])
    QuoteFactory(tags=["on a quote"])
    PriorityFactory(tags=["on a priority"])
    Tag.objects.create(name="unused")
    Tag.objects.create(name=MANGLED)


def test_admin_filters_unused_tags(staff_client, tags_in_use):
    assert tags_listed(staff_client, "?use=unused") == ["unused", MANGLED]
    assert tags_listed(staff_client, "?use=used") == ["on a priority", "on a quote", "on an article"]
    assert len(tags_listed(staff_client)) == 5


def test_admin_shows_how_many_things_carry_each_tag(staff_client, tags_in_use):
    ArticleFactory(tags=["on a quote"])
    response = staff_client.get("/admin/taggit/tag/?q=quote")
    (tag,) = response.context["cl"].result_list
    assert (tag.article_count, tag.quote_count, tag.priority_count) == (1, 1, 0)


def test_delete_unused_tags_keeps_the_ones_in_use(staff_client, tags_in_use):
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    response = staff_client.post(
        "/admin/taggit/tag/", {"action": "delete_unused", "_selected_action": selected}, follow=True
    )
    assert "Deleted 2 unused tags. Kept 3 still in use." in response.content.decode()
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["on a priority", "on a quote", "on an article"]


def test_delete_unused_tags_needs_the_delete_permission(client, django_user_model, tags_in_use):
    writer = django_user_model.objects.create_user("writer", password="pw-writer-123", is_staff=True)
    writer.user_permissions.add(*Permission.objects.filter(codename__in=["view_tag", "change_tag"]))
    client.force_login(writer)
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    client.post("/admin/taggit/tag/", {"action": "delete_unused", "_selected_action": selected})
    assert Tag.objects.count() == 5


def test_renaming_a_tag_to_another_case_of_an_existing_one_is_refused(staff_client, tags_in_use):
    tag = Tag.objects.get(name="unused")
    response = staff_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "ON A QUOTE", "slug": "unused"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    response = staff_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "ＡＩ  chips", "slug": "ai-chips"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("AI chips", "ai-chips")
