"""Drafts, future articles and whatever only they carry are never in the API: not listed,
not found by slug, not matched by a filter, not counted."""

import json

import pytest

pytestmark = pytest.mark.django_db

SECRETS = [
    "Secret",
    "secret",
    "Hidden Person",
    "hidden-person",
    "Future",
    "future",
    "embargoed",
    "later-tag",
    "Closed",
]

LISTS = [
    "/api/v1/articles/", "/api/v1/quotes/", "/api/v1/priorities/", "/api/v1/speakers/", "/api/v1/events/",
    "/api/v1/tags/", "/api/v1/tags/?type=quote", "/api/v1/articles/?tag=photoresist",
    "/api/v1/articles/?q=secret", "/api/v1/quotes/?q=words", "/api/v1/speakers/?q=hidden",
    "/api/v1/priorities/?q=priority", "/api/v1/articles/?tag=photoresist&tag=semiconductors&match=any",
    "/api/v1/quotes/?published_after=2000-01-01", "/api/v1/articles/?q=future", "/api/v1/quotes/?q=yet",
    "/api/v1/tags/photoresist/", "/api/v1/speakers/li-shousheng/", "/api/v1/events/materials-forum/",
]  # fmt: skip


def leaked(response):
    text = json.dumps(response.json(), ensure_ascii=False)
    return [secret for secret in SECRETS if secret in text]


@pytest.mark.parametrize("url", LISTS)
def test_lists_and_pages_show_nothing_hidden(api, newsroom, url):
    response = api(url)
    assert response.status_code == 200
    assert leaked(response) == []


@pytest.mark.parametrize(
    "url",
    ["/api/v1/articles/secret-draft/", "/api/v1/articles/future-piece/", "/api/v1/speakers/hidden-person/",
     "/api/v1/speakers/future-voice/", "/api/v1/events/closed/", "/api/v1/tags/embargoed/",
     "/api/v1/tags/later-tag/", "/api/v1/priorities/secret-priority/"],
)  # fmt: skip
def test_hidden_things_are_not_found(api, newsroom, url):
    response = api(url)
    assert response.status_code == 404
    assert leaked(response) == []


def test_hidden_quotes_are_not_found_by_id(api, newsroom):
    draft_quote = newsroom["draft"].quotes.get()
    assert api(f"/api/v1/quotes/{draft_quote.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/v1/articles/?tag=embargoed", "tag"), ("/api/v1/quotes/?tag=later-tag", "tag"),
     ("/api/v1/articles/?speaker=hidden-person", "speaker"), ("/api/v1/quotes/?speaker=future-voice", "speaker"),
     ("/api/v1/articles/?event=closed", "event"), ("/api/v1/speakers/?event=closed", "event")],
)  # fmt: skip
def test_filters_by_hidden_things_answer_as_for_unknown_ones(api, newsroom, url, field):
    response = api(url)
    unknown = api(url.replace("=", "=zz-unknown-", 1))
    assert response.status_code == unknown.status_code == 400
    assert response.data[field][0].replace(url.split("=")[1], "X") == unknown.data[field][0].replace(
        "zz-unknown-" + url.split("=")[1], "X"
    )


def test_counts_leave_hidden_things_out(api, newsroom):
    photoresist = api("/api/v1/tags/photoresist/").data
    assert photoresist["counts"] == {"articles": 1, "quotes": 1, "priorities": 1, "total": 3}
    li = api("/api/v1/speakers/li-shousheng/").data
    assert (li["quote_count"], li["priority_count"]) == (1, 1)
    forum = api("/api/v1/events/materials-forum/").data
    assert forum["article_count"] == 1


def test_a_tag_only_a_draft_carries_is_no_name_of_a_public_topic(api, newsroom):
    from taggit.models import Tag

    from symposium.models import TagTopic, TopicTag

    topic = TagTopic.objects.create(name_en="Photoresist", canonical=Tag.objects.get(slug="photoresist"))
    TopicTag.objects.create(topic=topic, tag=Tag.objects.get(slug="photoresist"))
    TopicTag.objects.create(topic=topic, tag=Tag.objects.get(slug="embargoed"))
    assert [tag["slug"] for tag in api("/api/v1/tags/photoresist/").data["tags"]] == ["photoresist"]
    assert api("/api/v1/articles/?tag=embargoed").status_code == 400
