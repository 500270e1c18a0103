"""A URL that once worked keeps working: an old slug answers 301 to the item's current URL."""

from urllib.parse import quote

import pytest
from taggit.models import Tag

from articles.conflicts import revision_token
from articles.models import Article
from symposium.models import SlugRedirect
from symposium.redirects import move_redirects
from tests.articles.test_admin import article_form, inline
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
commit = None


@pytest.fixture(autouse=True)
def commits(committed):
    """Renames commit, as an editor's save does, so cached pages of the old slug are forgotten."""
    global commit  # noqa: PLW0603  (module helpers below use the test's own commit)
    commit = committed
    yield
    commit = None


def rename(item, slug):
    item.slug = slug
    with commit():
        item.save()
    return item


def assert_moved(client, old_url, new_url):
    response = client.get(old_url)
    assert response.status_code == 301, f"{old_url}: {response.status_code}"
    assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def public_items():
    """One public item of each kind with a slug, all on one article."""
    event = EventFactory(slug="forum-2019")
    article = ArticleFactory(slug="old-report", event=event, tags=["photoresist"])
    speaker = SpeakerFactory(slug="li-shousheng")
    QuoteFactory(article=article, speaker=speaker)
    priority = PriorityFactory(article=article, slug="close-gaps")
    return {"article": article, "event": event, "speaker": speaker, "priority": priority, "tag": article.tags.get()}


@pytest.mark.parametrize(
    ("kind", "old_url", "new_slug", "new_url"),
    [
        ("article", "/articles/old-report/", "新材料报告", "/articles/%E6%96%B0%E6%9D%90%E6%96%99%E6%8A%A5%E5%91%8A/"),
        ("event", "/events/forum-2019/", "materials-forum-2019", "/events/materials-forum-2019/"),
        ("speaker", "/speakers/li-shousheng/", "li-shou-sheng", "/speakers/li-shou-sheng/"),
        ("speaker", "/feeds/speakers/li-shousheng/", "li-shou-sheng", "/feeds/speakers/li-shou-sheng/"),
        ("speaker", "/feeds/speakers/li-shousheng/atom/", "li-shou-sheng", "/feeds/speakers/li-shou-sheng/atom/"),
        ("priority", "/priorities/close-gaps/", "close-the-gaps", "/priorities/close-the-gaps/"),
        ("tag", "/tags/photoresist/", "光刻胶", "/tags/%E5%85%89%E5%88%BB%E8%83%B6/"),
        ("tag", "/feeds/tags/photoresist/", "光刻胶", "/feeds/tags/%E5%85%89%E5%88%BB%E8%83%B6/"),
        ("tag", "/feeds/tags/photoresist/atom/", "光刻胶", "/feeds/tags/%E5%85%89%E5%88%BB%E8%83%B6/atom/"),
    ],
)
def test_a_changed_slug_leaves_a_permanent_redirect(client, kind, old_url, new_slug, new_url):
    item = public_items()[kind]
    assert client.get(old_url).status_code == 200
    rename(item, new_slug)
    assert_moved(client, old_url, new_url)


def test_the_query_string_goes_along(client):
    rename(public_items()["speaker"], "li-shou-sheng")
    assert client.get("/speakers/li-shousheng/?page=2")["Location"] == "/speakers/li-shou-sheng/?page=2"


def test_chains_collapse_to_one_hop(client):
    article = public_items()["article"]
    for slug in ["second", "third", "fourth"]:
        rename(article, slug)
    for old in ["old-report", "second", "third"]:
        assert_moved(client, f"/articles/{old}/", "/articles/fourth/")


def test_taking_back_an_old_slug_ends_its_redirect(client):
    article = public_items()["article"]
    rename(article, "second")
    rename(article, "old-report")
    assert client.get("/articles/old-report/").status_code == 200
    assert_moved(client, "/articles/second/", "/articles/old-report/")
    assert not SlugRedirect.objects.filter(old_slug="old-report").exists()


def test_a_new_item_that_takes_an_old_slug_wins(client):
    items = public_items()
    rename(items["article"], "renamed-report")
    rename(items["tag"], "photoresists")
    with commit():
        newcomer = ArticleFactory(slug="old-report", title="A different report")
        newcomer.tags.add(Tag.objects.create(name="photo resist", slug="photoresist"))
    page = client.get("/articles/old-report/")
    assert page.status_code == 200
    assert "A different report" in page.content.decode()
    assert client.get("/tags/photoresist/").status_code == 200
    assert not SlugRedirect.objects.filter(old_slug__in=["old-report", "photoresist"]).exists()
    # The newcomer's own renames redirect to the newcomer.
    rename(newcomer, "different-report")
    assert_moved(client, "/articles/old-report/", "/articles/different-report/")


def test_a_slug_made_again_from_a_new_title_redirects_too(staff_client):
    article = public_items()["article"]
    data = article_form(
        SpeakerFactory(),
        title="Materials report",
        slug="",  # emptied by the editor: made again from the title
        tags="photoresist",
        edited_from=revision_token(article.pk),  # what the form holds when opened
        **inline("quotes", []),
        **inline("priorities", []),
    )
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    assert_moved(staff_client, "/articles/old-report/", "/articles/materials-report/")


def test_renaming_a_tag_in_the_admin_redirects_its_page_and_feeds(client, staff_client):
    tag = public_items()["tag"]
    response = staff_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "Photoresist", "slug": "光刻胶"})
    assert response.status_code == 302
    assert_moved(client, "/tags/photoresist/", f"/tags/{quote('光刻胶')}/")
    assert_moved(client, "/feeds/tags/photoresist/", f"/feeds/tags/{quote('光刻胶')}/")


# Hidden things stay hidden.


def test_no_redirect_to_an_item_no_longer_public(client):
    items = public_items()
    rename(items["article"], "renamed-report")
    rename(items["tag"], "photoresists")
    rename(items["speaker"], "li-shou-sheng")
    with commit():
        Article.objects.filter(pk=items["article"].pk).unpublish()
    for old_url in [
        "/articles/old-report/",
        "/tags/photoresist/",
        "/feeds/tags/photoresist/",
        "/speakers/li-shousheng/",
    ]:
        assert client.get(old_url).status_code == 404, old_url
    with commit():
        Article.objects.filter(pk=items["article"].pk).publish()
    assert_moved(client, "/articles/old-report/", "/articles/renamed-report/")


def test_no_redirect_from_a_slug_only_a_draft_had(client):
    draft = ArticleFactory(draft=True, slug="secret-acquisition", tags=["secret-tag"])
    rename(draft, "industry-news")
    rename(draft.tags.get(), "news")
    Article.objects.filter(pk=draft.pk).publish()
    assert client.get("/articles/industry-news/").status_code == 200
    assert client.get("/articles/secret-acquisition/").status_code == 404
    assert client.get("/tags/secret-tag/").status_code == 404
    assert not SlugRedirect.objects.exists()


def test_no_redirect_from_a_future_dated_article_renamed_before_its_time(client):
    scheduled = ArticleFactory(future=True, slug="embargoed-title")
    rename(scheduled, "public-title")
    assert not SlugRedirect.objects.exists()


def test_an_unknown_slug_is_still_a_404(client):
    public_items()
    urls = ["/articles/nothing-here/", "/tags/光刻胶光刻胶/", "/speakers/%F0%9F%98%80/", "/feeds/tags/none/"]
    for url in [*urls, f"/events/{'长' * 5000}/", f"/priorities/{'x' * 10_000}/"]:
        assert client.get(url).status_code == 404


def test_a_deleted_target_is_a_404(client):
    article = public_items()["article"]
    rename(article, "renamed-report")
    article.delete()
    assert client.get("/articles/old-report/").status_code == 404


# Feeds and sitemaps list only current URLs.


def test_sitemap_and_feeds_list_only_current_urls(client):
    items = public_items()
    for kind, slug in [
        ("article", "new-report"),
        ("event", "new-forum"),
        ("priority", "new-gaps"),
        ("tag", "new-tag"),
    ]:
        rename(items[kind], slug)
    rename(items["speaker"], "new-speaker")
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug in ["new-report", "new-forum", "new-gaps", "new-tag", "new-speaker"]:
        assert f"/{slug}/" in sitemap
    for slug in ["old-report", "forum-2019", "close-gaps", "/photoresist/", "li-shousheng"]:
        assert slug not in sitemap
    feed = client.get("/feeds/articles/").content.decode()
    assert "/articles/new-report/" in feed
    assert "old-report" not in feed


# What a tag merge (a later phase) will use.


def test_merging_moves_an_items_redirects_to_the_survivor(client):
    items = public_items()
    survivor = Tag.objects.get(name="photoresist")
    merged = ArticleFactory(tags=["光刻胶"]).tags.get()
    rename(merged, "光刻胶-old")
    rename(merged, "光刻胶-older")
    move_redirects(kind="tag", old_slug="光刻胶-older", from_id=merged.pk, into_id=survivor.pk)
    merged.delete()
    for old in ["光刻胶-old", "光刻胶-older"]:
        assert_moved(client, f"/tags/{quote(old)}/", "/tags/photoresist/")
    assert items["tag"] == survivor


# The redirect table is read only after a page found nothing.


@pytest.mark.parametrize(
    ("kind", "old_url", "queries"),
    [
        ("article", "/articles/old-report/", 3),
        ("speaker", "/speakers/li-shousheng/", 3),
        ("tag", "/tags/photoresist/", 7),  # the rename forgot the tag counts (names on the index): 3 to count
    ],
)
def test_an_old_url_costs_a_fixed_number_of_queries(client, django_assert_num_queries, kind, old_url, queries):
    rename(public_items()[kind], "renamed")
    with django_assert_num_queries(queries):
        assert client.get(old_url).status_code == 301
