"""Merging one tag into another: items move without duplicates, old addresses answer 301, the merge is recorded."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag

from articles.models import Article, Quote
from priorities.models import Priority
from symposium.models import SlugRedirect, TagMerge, TagTopic, TopicTag
from symposium.services import merge_tags
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db

GUANGZU = quote("光阻")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def tagged():
    """光阻 on an article that also carries photoresist, on another article, a quote and a priority."""
    return {
        "both": ArticleFactory(title="Both", tags=["光阻", "photoresist"]),
        "source_only": ArticleFactory(title="Source only", tags=["光阻"]),
        "into_only": ArticleFactory(title="Into only", tags=["photoresist"]),
        "quote": QuoteFactory(tags=["光阻", "photoresist"]),
        "priority": PriorityFactory(tags=["光阻"]),
    }


def tag(name):
    return Tag.objects.get(name=name)


def tag_names(item):
    return sorted(type(item).objects.get(pk=item.pk).tags.names())


def test_merging_moves_every_item_once(tagged, editor):
    record = merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    for item in tagged.values():
        assert tag_names(item) == ["photoresist"]
    assert not Tag.objects.filter(name="光阻").exists()
    for model, carriers in [(Article, 3), (Quote, 1), (Priority, 1)]:
        assert model.tags.through.objects.filter(tag__name="photoresist").count() == carriers  # no duplicates
    assert (record.source_name, record.source_slug, record.into, record.merged_by) == (
        "光阻", "光阻", tag("photoresist"), editor,
    )  # fmt: skip
    assert record.items_moved == 4  # two articles, a quote and a priority carried it


@pytest.mark.parametrize("path", ["/tags/{}/", "/feeds/tags/{}/", "/feeds/tags/{}/atom/"])
def test_the_merged_tags_addresses_answer_301(client, tagged, editor, path, committed):
    assert client.get(path.format(GUANGZU)).status_code == 200
    with committed():
        merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    response = client.get(path.format(GUANGZU))
    assert response.status_code == 301
    assert response["Location"] == path.format("photoresist")
    assert client.get(response["Location"]).status_code == 200


def test_the_merged_tags_old_slugs_follow_it(client, tagged, editor):
    source = tag("光阻")
    source.slug = "guang-zu"
    source.save()
    merge_tags(source=source, into=tag("photoresist"), by=editor)
    for old in [GUANGZU, "guang-zu"]:
        assert client.get(f"/tags/{old}/")["Location"] == "/tags/photoresist/"


def test_merging_into_a_topics_other_name_leads_to_the_canonical_page(client, tagged, editor):
    ArticleFactory(tags=["光刻胶"])
    topic = TagTopic.objects.create(name_en="photoresist", canonical=tag("光刻胶"))
    TopicTag.objects.create(topic=topic, tag=tag("光刻胶"))
    TopicTag.objects.create(topic=topic, tag=tag("photoresist"))
    merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    assert client.get(f"/tags/{GUANGZU}/")["Location"] == f"/tags/{quote('光刻胶')}/"  # one hop


def test_a_merged_tag_takes_its_place_in_its_topic(client, editor):
    ArticleFactory(title="Old", tags=["光阻"])
    ArticleFactory(title="Chinese", tags=["光刻胶"])
    ArticleFactory(title="New", tags=["photo-resist"])
    topic = TagTopic.objects.create(canonical=tag("光阻"))
    TopicTag.objects.create(topic=topic, tag=tag("光阻"))
    TopicTag.objects.create(topic=topic, tag=tag("光刻胶"))
    merge_tags(source=tag("光阻"), into=tag("photo-resist"), by=editor)
    topic.refresh_from_db()
    assert topic.canonical == tag("photo-resist")
    assert sorted(topic.links.values_list("tag__name", flat=True)) == ["photo-resist", "光刻胶"]
    assert "3 articles" in client.get("/tags/photo-resist/").content.decode()


def test_a_tag_only_drafts_carried_leaves_no_redirect(client, editor):
    ArticleFactory(draft=True, tags=["光阻"])
    ArticleFactory(tags=["photoresist"])
    merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    assert client.get(f"/tags/{GUANGZU}/").status_code == 404
    assert not SlugRedirect.objects.filter(old_slug="光阻").exists()
    assert tag_names(Article.objects.get(status="draft")) == ["photoresist"]


def test_a_tag_cannot_be_merged_into_itself(tagged, editor):
    with pytest.raises(ValueError, match="into itself"):
        merge_tags(source=tag("光阻"), into=tag("光阻"), by=editor)
    assert tag_names(tagged["source_only"]) == ["光阻"]


def test_a_saved_search_by_the_merged_tag_keeps_working(client, tagged, editor):
    merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    response = client.get("/search/", {"tag": ["光阻", "photoresist"]})
    results = response.context["results"]
    assert ([t.slug for t in results.tags], results.unknown_tags) == (["photoresist"], [])
    assert results.counts["article"] == 3


def test_merging_forgets_the_kept_tags_page(client, editor, committed):
    ArticleFactory(title="Kept tag", tags=["photoresist"])
    ArticleFactory(title="Merged tag", tags=["光阻"])
    assert "Merged tag" not in client.get("/tags/photoresist/").content.decode()  # now cached
    with committed():
        merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    assert "Merged tag" in client.get("/tags/photoresist/").content.decode()


def test_merging_forgets_the_cached_pages(client, tagged, editor, committed):
    assert "Source only" not in client.get("/tags/photoresist/").content.decode()
    assert "光阻" in client.get("/tags/").content.decode()
    with committed():
        merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    assert "Source only" in client.get("/tags/photoresist/").content.decode()
    assert "光阻" not in client.get("/tags/").content.decode()
    assert "光阻" not in client.get(tagged["both"].get_absolute_url()).content.decode()


# In the admin


def merge_in_admin(client, tags, into=None):
    data = {"action": "merge", "_selected_action": [str(t.pk) for t in tags]}
    if into is not None:
        data |= {"apply": "Merge", "into": str(into.pk)}
    return client.post("/admin/taggit/tag/", data, follow=into is not None)


def test_an_editor_merges_tags_in_the_admin_and_the_merge_is_recorded(client, tagged, editor):
    Tag.objects.create(name="光刻胶")
    client.force_login(editor)
    selected = [tag("光阻"), tag("photoresist"), tag("光刻胶")]
    confirm = merge_in_admin(client, selected)
    assert confirm.status_code == 200
    assert "Choose the tag to keep" in confirm.content.decode()
    done = merge_in_admin(client, selected, into=tag("photoresist"))
    assert "Merged 光刻胶, 光阻 into photoresist." in done.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["photoresist"]
    assert tag_names(tagged["both"]) == ["photoresist"]
    record_page = client.get("/admin/symposium/tagmerge/").content.decode()
    assert "光阻" in record_page and "eddie" in record_page and "/tags/photoresist/" in record_page
    assert TagMerge.objects.count() == 2


def test_merging_needs_a_choice_of_the_tag_to_keep(client, tagged, editor):
    client.force_login(editor)
    selected = [tag("光阻"), tag("photoresist")]
    response = client.post(
        "/admin/taggit/tag/",
        {"action": "merge", "_selected_action": [str(t.pk) for t in selected], "apply": "Merge", "into": "999999"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Tag.objects.count() == 2


def test_merging_one_tag_alone_is_explained(client, tagged, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/taggit/tag/", {"action": "merge", "_selected_action": [str(tag("光阻").pk)]}, follow=True
    )
    assert "Select at least two tags to merge." in response.content.decode()
    assert Tag.objects.count() == 2


def test_writers_cannot_merge(client, tagged, django_user_model):
    writer = django_user_model.objects.create_user("wendy", password="pw-writer-123", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writers"))
    client.force_login(writer)
    merge_in_admin(client, [tag("光阻"), tag("photoresist")], into=tag("photoresist"))
    assert Tag.objects.count() == 2
    assert not TagMerge.objects.exists()


def test_the_merge_record_cannot_be_edited(client, tagged, editor):
    record = merge_tags(source=tag("光阻"), into=tag("photoresist"), by=editor)
    client.force_login(editor)
    assert client.get(f"/admin/symposium/tagmerge/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/symposium/tagmerge/add/").status_code == 403
