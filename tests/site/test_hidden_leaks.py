"""A tag, speaker or event that only drafts (or future articles) carry is, on every surface, unknown."""

import pytest

from tests.factories import ArticleFactory, EventFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TAG_NAME = "Embargoed Formula"  # slug "embargoed-formula"
SPEAKER_NAME = "Quentin Hidden"
EVENT_NAME = "Closed-door Forum"


@pytest.fixture(params=["draft", "future"])
def embargoed(request):
    event = EventFactory(name=EVENT_NAME, slug="closed-door-forum")
    article = ArticleFactory(title="Under embargo", event=event, tags=[TAG_NAME], **{request.param: True})
    QuoteFactory(article=article, speaker=SpeakerFactory(name=SPEAKER_NAME, slug="quentin-hidden"))
    ArticleFactory(title="Public neighbour", tags=["public-tag"])


@pytest.mark.parametrize(
    "url",
    [
        "/tags/embargoed-formula/",
        "/feeds/tags/embargoed-formula/",
        "/feeds/tags/embargoed-formula/atom/",
        "/speakers/quentin-hidden/",
        "/feeds/speakers/quentin-hidden/",
        "/feeds/speakers/quentin-hidden/atom/",
        "/events/closed-door-forum/",
    ],
)
def test_pages_and_feeds_answer_404(client, embargoed, url):
    response = client.get(url)
    assert response.status_code == 404
    assert TAG_NAME not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/search/?tag=embargoed-formula",
        "/search/?tag=embargoed-formula&tag=public-tag&match=any",
        "/search/?q=quentin&type=speaker",
        "/search/?q=forum",
        "/tags/",
        "/speakers/",
        "/events/",
        "/sitemap.xml",
        "/feeds/articles/",
    ],
)
def test_lists_search_and_sitemap_do_not_name_them(client, embargoed, url):
    page = client.get(url).content.decode()
    leaks = (TAG_NAME, "/tags/embargoed-formula/", SPEAKER_NAME, "quentin-hidden", EVENT_NAME, "closed-door-forum")
    for leak in leaks:
        assert leak not in page, leak


def test_search_treats_a_hidden_tag_as_unknown(client, embargoed):
    hidden = client.get("/search/?tag=embargoed-formula").content.decode()
    unknown = client.get("/search/?tag=no-such-tag").content.decode()
    assert "There is no tag called “embargoed-formula”." in hidden
    assert 'name="tag" value="embargoed-formula" checked' not in hidden  # no chip
    assert hidden.replace("embargoed-formula", "no-such-tag") == unknown


def test_any_of_a_hidden_and_a_public_tag_finds_the_public_content(client, embargoed):
    page = client.get("/search/?tag=embargoed-formula&tag=public-tag&match=any").content.decode()
    assert "Public neighbour" in page and "Under embargo" not in page
    assert 'value="public-tag" checked' in page
