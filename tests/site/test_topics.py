"""One topic, several names: `photoresist` = `光刻胶` = `光阻` is one page, one count, one search tag."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.utils import timezone
from taggit.models import Tag

from symposium.models import TagTopic, TopicTag
from tests.articles.test_admin import inline
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db

GUANGKEJIAO = quote("光刻胶")
GUANGZU = quote("光阻")


def declare(*names, name_en="", name_zh_hans="", canonical=None):
    """A topic of the tags named (created if need be); the first is canonical unless said otherwise."""
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    canonical_tag = next(tag for tag in tags if tag.name == (canonical or names[0]))
    topic = TagTopic.objects.create(name_en=name_en, name_zh_hans=name_zh_hans, canonical=canonical_tag)
    for tag in tags:
        TopicTag.objects.create(topic=topic, tag=tag)
    return topic


@pytest.fixture
def photoresist():
    """Items under three names of one topic; `both` carries two of them."""
    items = {
        "english": ArticleFactory(title="English name only", tags=["photoresist"]),
        "chinese": ArticleFactory(title="Chinese name only", tags=["光刻胶"]),
        "both": ArticleFactory(title="Two names of one topic", tags=["photoresist", "光刻胶", "polymers"]),
        "taiwan": ArticleFactory(title="Third name", tags=["光阻", "polymers"]),
        "other": ArticleFactory(title="Another topic", tags=["graphene"]),
    }
    items["quote"] = QuoteFactory(text="Resists for lithography.", tags=["光阻", "光刻胶"])
    items["priority"] = PriorityFactory(title="Make resists at home", tags=["photoresist"])
    declare("photoresist", "光刻胶", "光阻", name_en="photoresist", name_zh_hans="光刻胶")
    return items


def titles(html):
    return sorted(set(re.findall(r'class="card__title"><a [^>]*>([^<]+)<', html)))


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


def text(page):
    """What a reader reads: the page without its markup."""
    return re.sub("<[^>]+>", "", page)


# The topic's page


def test_the_topic_page_gathers_every_name_once(client, photoresist):
    page = body(client, "/tags/photoresist/")
    assert titles(page) == ["Chinese name only", "English name only", "Third name", "Two names of one topic"]
    assert "Resists for lithography." in page
    assert "Make resists at home" in page
    # `both` carries two names and the quote two: each counted once.
    assert "4 articles · 1 quote · 1 priority" in text(page)
    assert page.count("Two names of one topic") == 1
    assert page.count("Resists for lithography.") == 1


def test_the_english_page_shows_the_english_name_and_lists_the_others(client, photoresist):
    page = body(client, "/tags/photoresist/")
    assert "<h1>photoresist</h1>" in page
    assert 'Also tagged as <span lang="zh">光刻胶</span>, <span lang="zh">光阻</span>' in page


def test_the_chinese_pages_show_the_chinese_name_and_list_the_others(client, photoresist):
    page = body(client, "/zh-hans/tags/photoresist/")
    assert re.search(r"<h1[^>]*>光刻胶</h1>", page)
    assert "photoresist" in text(page).split("光刻胶", 2)[-1] and "光阻" in text(page)
    index = body(client, "/zh-hans/tags/")
    assert re.search(r'href="/zh-hans/tags/photoresist/">光刻胶 <span class="chip__count">6</span>', index)


@pytest.mark.parametrize("slug", ["光刻胶", "光阻"])
@pytest.mark.parametrize("path", ["/tags/{}/", "/feeds/tags/{}/", "/feeds/tags/{}/atom/"])
def test_other_names_answer_301_to_the_canonical_one(client, photoresist, slug, path):
    response = client.get(path.format(quote(slug)) + "?page=2")
    assert response.status_code == 301
    assert response["Location"] == path.format("photoresist") + "?page=2"


def test_the_canonical_tag_decides_the_address(client, photoresist):
    topic = TagTopic.objects.get()
    topic.canonical = Tag.objects.get(name="光刻胶")
    topic.save()
    assert client.get("/tags/photoresist/")["Location"] == f"/tags/{GUANGKEJIAO}/"
    assert "4 articles · 1 quote · 1 priority" in text(body(client, f"/tags/{GUANGKEJIAO}/"))


def test_the_topic_feed_has_every_name_once(client, photoresist):
    feed = ET.fromstring(body(client, "/feeds/tags/photoresist/"))
    items = sorted(item.findtext("title") for item in feed.iter("item"))
    assert items == ["Chinese name only", "English name only", "Third name", "Two names of one topic"]
    assert feed.findtext("channel/title") == "Symposium: articles tagged “photoresist”"


def test_a_tag_in_no_topic_is_its_own_page(client, photoresist):
    page = body(client, "/tags/graphene/")
    assert titles(page) == ["Another topic"]
    assert "Also tagged as" not in page


# Counts and lists


def test_the_tag_index_counts_an_item_with_two_names_once(client, photoresist):
    page = body(client, "/tags/")
    # 4 articles, 1 quote, 1 priority, though the taggings number 5 + 2 + 1.
    assert re.search(r'href="/tags/photoresist/">photoresist <span class="chip__count">6</span>', page)
    assert "光刻胶" not in page and "光阻" not in page
    assert re.search(r'href="/tags/polymers/">polymers <span class="chip__count">2</span>', page)


def test_the_home_page_shows_the_topic_once(client, photoresist):
    page = body(client, "/")
    popular = page[page.index('id="tags-heading"') :].split("</section>")[0]
    assert popular.count('href="/tags/photoresist/"') == 1
    assert "光刻胶" not in popular and "光阻" not in popular


def test_the_sitemap_lists_the_topic_at_its_canonical_address_only(client, photoresist):
    sitemap = body(client, "/sitemap.xml")
    assert "/tags/photoresist/" in sitemap
    assert GUANGKEJIAO not in sitemap and GUANGZU not in sitemap


# Search


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context


def search_titles(client, **params):
    hits = search(client, **params)["hits"]
    return sorted(re.sub("</?mark>", "", hit.title) for hit in hits if hit.kind == "article")


@pytest.mark.parametrize("slug", ["photoresist", "光刻胶", "光阻"])
def test_any_name_searches_the_whole_topic(client, photoresist, slug):
    context = search(client, tag=slug)
    assert sorted(hit.title for hit in context["hits"] if hit.kind == "article") == [
        "Chinese name only", "English name only", "Third name", "Two names of one topic",
    ]  # fmt: skip
    assert context["results"].counts == {"article": 4, "quote": 1, "priority": 1}


def test_all_wants_the_topic_and_the_other_tag(client, photoresist):
    assert search_titles(client, tag=["光阻", "polymers"]) == ["Third name", "Two names of one topic"]
    assert search_titles(client, tag=["polymers", "photoresist"], match="all") == [
        "Third name", "Two names of one topic",
    ]  # fmt: skip


def test_two_names_of_one_topic_are_one_tag(client, photoresist):
    results = search(client, tag=["photoresist", "光刻胶"])["results"]
    assert [tag.slug for tag in results.tags] == ["photoresist"]
    assert results.counts["article"] == 4


def test_any_gathers_the_topic_and_the_other_tag_once_each(client, photoresist):
    assert search_titles(client, tag=["光刻胶", "graphene"], match="any") == [
        "Another topic", "Chinese name only", "English name only", "Third name", "Two names of one topic",
    ]  # fmt: skip


def test_words_and_a_topic(client, photoresist):
    assert search_titles(client, q="English", tag="光阻") == ["English name only"]
    assert search_titles(client, q="Chinese", tag="光阻") == ["Chinese name only"]
    assert search_titles(client, q="Chinese", tag="graphene") == []


def test_the_narrowing_links_leave_out_the_chosen_topic(client, photoresist):
    offered = [tag.slug for tag, _ in search(client, tag="光阻")["add_tag_links"]]
    assert "photoresist" not in offered
    assert "光刻胶" not in offered
    assert offered == ["polymers"]  # carried by some of the results, not all: it narrows


# Hidden things stay hidden


def test_a_topic_only_drafts_carry_is_a_404_under_every_name(client):
    ArticleFactory(draft=True, tags=["photoresist", "光刻胶"])
    ArticleFactory(future=True, tags=["光阻"])
    declare("photoresist", "光刻胶", "光阻")
    for slug in ["photoresist", GUANGKEJIAO, GUANGZU]:
        assert client.get(f"/tags/{slug}/").status_code == 404
        assert client.get(f"/feeds/tags/{slug}/").status_code == 404
    assert "photoresist" not in body(client, "/tags/")
    assert search(client, tag="光阻")["results"].tags == []


def test_a_name_only_drafts_carry_is_never_revealed(client):
    ArticleFactory(title="Public", tags=["photoresist"])
    ArticleFactory(draft=True, tags=["光阻"])
    declare("photoresist", "光阻", name_en="photoresist")
    # No redirect from the hidden name, no mention of it, no search by it.
    assert client.get(f"/tags/{GUANGZU}/").status_code == 404
    assert client.get(f"/feeds/tags/{GUANGZU}/").status_code == 404
    assert "光阻" not in body(client, "/tags/photoresist/")
    assert search(client, tag="光阻")["results"].unknown_tags == ["光阻"]


def test_a_hidden_canonical_tag_gives_way_to_a_public_one(client):
    ArticleFactory(draft=True, tags=["photoresist"])
    ArticleFactory(title="Public", tags=["光刻胶"])
    declare("photoresist", "光刻胶")  # canonical: photoresist, which only a draft carries
    assert client.get("/tags/photoresist/").status_code == 404
    page = body(client, f"/tags/{GUANGKEJIAO}/")
    assert titles(page) == ["Public"]
    assert "photoresist" not in page


# Editors declare topics in the admin


def topic_form(canonical, tags, **fields):
    data = {"name_en": "", "name_zh_hans": "", "canonical": str(canonical.pk), **fields}
    return data | inline("links", [{"tag": str(tag.pk)} for tag in tags])


def test_an_editor_declares_a_topic(staff_client, client):
    ArticleFactory(title="English", tags=["photoresist"])
    ArticleFactory(title="Chinese", tags=["光刻胶"])
    ArticleFactory(title="Taiwanese", tags=["光阻"])
    photoresist, guangkejiao, guangzu = (Tag.objects.get(name=n) for n in ["photoresist", "光刻胶", "光阻"])
    data = topic_form(photoresist, [guangkejiao, guangzu], name_en="photoresist", name_zh_hans="光刻胶")
    response = staff_client.post("/admin/symposium/tagtopic/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    topic = TagTopic.objects.get()
    # The canonical tag joins its topic without being listed twice.
    assert sorted(topic.links.values_list("tag__name", flat=True)) == ["photoresist", "光刻胶", "光阻"]
    assert titles(body(client, "/tags/photoresist/")) == ["Chinese", "English", "Taiwanese"]
    assert client.get(f"/tags/{GUANGZU}/")["Location"] == "/tags/photoresist/"
    changelist = body(staff_client, "/admin/symposium/tagtopic/")
    assert "photoresist = 光刻胶 = 光阻" in changelist


def test_a_tag_names_one_topic_only(staff_client):
    declare("photoresist", "光刻胶")
    graphene, guangkejiao = Tag.objects.create(name="graphene"), Tag.objects.get(name="光刻胶")
    response = staff_client.post("/admin/symposium/tagtopic/add/", topic_form(graphene, [guangkejiao]))
    assert response.status_code == 200
    assert "This tag already names a topic" in response.content.decode()
    response = staff_client.post("/admin/symposium/tagtopic/add/", topic_form(guangkejiao, [graphene]))
    assert response.status_code == 200
    assert "“光刻胶” already names the topic" in response.content.decode()
    assert TagTopic.objects.count() == 1


def test_declaring_a_topic_forgets_the_cached_pages(client, committed):
    ArticleFactory(title="English", tags=["photoresist"])
    ArticleFactory(title="Chinese", tags=["光刻胶"])
    assert titles(body(client, "/tags/photoresist/")) == ["English"]
    assert "光刻胶" in body(client, "/tags/")
    with committed():
        declare("photoresist", "光刻胶")
    assert titles(body(client, "/tags/photoresist/")) == ["Chinese", "English"]
    assert "光刻胶" not in body(client, "/tags/")
    with committed():
        TopicTag.objects.get(tag__name="光刻胶").delete()
    assert titles(body(client, "/tags/photoresist/")) == ["English"]


# The demo declares its English and Chinese tags as topics


def test_the_demo_names_its_topics_in_both_languages(client, demo):
    assert client.get(f"/tags/{GUANGKEJIAO}/")["Location"] == "/tags/photoresist/"
    assert client.get(f"/tags/{quote('硅基材料')}/")["Location"] == "/tags/silicon-based-materials/"
    assert client.get(f"/tags/{quote('十四五规划')}/")["Location"] == "/tags/14th-five-year-plan/"
    page = body(client, "/tags/photoresist/")
    assert "0 articles · 1 quote · 0 priorities" in text(page)  # the quote carries both names: once
    assert '<span lang="zh">光刻胶</span>' in page
    index = body(client, "/tags/")
    assert "光刻胶" not in index and "硅基材料" not in index
    assert re.search(r'photoresist <span class="chip__count">1</span>', index)


def test_loading_the_demo_again_keeps_its_topics(demo):
    from django.core.management import call_command

    def snapshot():
        return sorted(TopicTag.objects.values_list("topic_id", "tag__name", "topic__canonical__name"))

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
    assert TagTopic.objects.count() == 7
    assert ("photoresist", "光刻胶") in set(TagTopic.objects.values_list("name_en", "name_zh_hans"))


def test_retagging_with_another_name_forgets_the_topic_page(client, photoresist, committed):
    assert "New resist" not in body(client, "/tags/photoresist/")
    with committed():
        ArticleFactory(title="New resist", tags=["光阻"])
    page = body(client, "/tags/photoresist/")
    assert "New resist" in page
    assert "5 articles" in page


def test_the_topic_page_is_forgotten_by_a_name_none_of_its_listed_items_shows(client, committed):
    """The page lists 20 items of each kind: it must still answer to every name of its topic."""
    ArticleFactory(title="Old", tags=["光阻"], published_at=timezone.now() - datetime.timedelta(days=30))
    for _ in range(20):
        ArticleFactory(tags=["photoresist"])
    declare("photoresist", "光阻")
    assert "New resist" not in body(client, "/tags/photoresist/")
    with committed():
        ArticleFactory(title="New resist", tags=["光阻"])
    assert "New resist" in body(client, "/tags/photoresist/")


def test_editors_edit_topics_and_writers_only_look(client, django_user_model):
    from django.contrib.auth.models import Group

    declare("photoresist", "光刻胶")
    for name, group, add_status in [("eddie", "Editors", 200), ("wendy", "Writers", 403)]:
        user = django_user_model.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get("/admin/symposium/tagtopic/").status_code == 200
        assert client.get("/admin/symposium/tagtopic/add/").status_code == add_status
        change = client.get(f"/admin/symposium/tagtopic/{TagTopic.objects.get().pk}/change/")
        assert change.status_code == 200
        assert "光刻胶" in change.content.decode()


def test_counts_cached_before_a_topic_was_declared_still_make_a_page(client):
    ArticleFactory(tags=["photoresist", "光刻胶"])
    assert "光刻胶" in body(client, "/tags/")  # counts cached, no topic yet
    declare("photoresist", "光刻胶")  # not committed: the cached counts are not forgotten yet
    assert "Tag" in body(client, "/tags/photoresist/")
