"""Drafts and future articles, and what hangs off them, appear nowhere public."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

HIDDEN_WORD = "Zanzibarite"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(params=["draft", "future"])
def hidden(request):
    """A hidden article with a quote, a priority, their own speakers and event; a public neighbour shares a tag."""
    article = ArticleFactory(
        title=f"{HIDDEN_WORD} report",
        body=HIDDEN_WORD,
        tags=["secret-tag", "shared"],
        event=EventFactory(name=f"{HIDDEN_WORD} forum"),
        **{request.param: True},
    )
    quote = QuoteFactory(
        article=article, text=f"{HIDDEN_WORD} quote", tags=["shared"], speaker__name=f"{HIDDEN_WORD} Quoted"
    )
    planner = SpeakerFactory(name=f"{HIDDEN_WORD} Planner")
    priority = PriorityFactory(article=article, title=f"{HIDDEN_WORD} priority", tags=["shared"], speaker=planner)
    ArticleFactory(title="Visible report", tags=["shared"])
    return article, quote, priority


def leaks_of(article, quote, priority):
    """Every name and URL of the hidden content, as it would appear on a page or in a feed."""
    return [
        f"{HIDDEN_WORD} report",
        f"{HIDDEN_WORD} quote",
        f"{HIDDEN_WORD} priority",
        f"{HIDDEN_WORD} Quoted",
        f"{HIDDEN_WORD} Planner",
        f"{HIDDEN_WORD} forum",
        "secret-tag",
        article.get_absolute_url(),
        quote.get_absolute_url(),
        priority.get_absolute_url(),
        quote.speaker.get_absolute_url(),
        priority.speaker.get_absolute_url(),
        article.event.get_absolute_url(),
    ]


def test_hidden_article_pages_are_404(client, hidden):
    article, quote, priority = hidden
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(quote.get_absolute_url()).status_code == 404
    assert client.get(priority.get_absolute_url()).status_code == 404
    assert client.get(quote.speaker.get_absolute_url()).status_code == 404
    assert client.get(priority.speaker.get_absolute_url()).status_code == 404
    assert client.get(article.event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/priorities/",
        "/speakers/",
        "/events/",
        "/tags/",
        "/tags/shared/",
        f"/search/?q={HIDDEN_WORD}",
        "/search/?tag=shared",
        "/search/?tag=shared&type=quote",
        "/search/?tag=shared&type=priority",
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/feeds/tags/shared/",
        "/feeds/tags/shared/atom/",
        "/sitemap.xml",
    ],
)
def test_hidden_content_absent_from_lists(client, hidden, url):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for leak in leaks_of(*hidden):
        assert leak not in page


def test_tag_only_on_hidden_content_has_no_page(client, hidden):
    assert client.get("/tags/secret-tag/").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/tags/secret-tag/", "/feeds/tags/secret-tag/atom/"])
def test_tag_only_on_hidden_content_has_no_feed(client, hidden, url):
    assert client.get(url).status_code == 404


def test_hidden_speakers_have_no_feed(client, hidden):
    _, quote, priority = hidden
    for speaker in (quote.speaker, priority.speaker):
        assert client.get(f"/feeds/speakers/{speaker.slug}/").status_code == 404
        assert client.get(f"/feeds/speakers/{speaker.slug}/atom/").status_code == 404


def test_search_by_hidden_only_tag_finds_nothing(client, hidden):
    response = client.get("/search/?tag=secret-tag")
    assert "0 results" in response.content.decode()


def test_event_with_only_hidden_articles_is_404(client):
    event = EventFactory(name="Embargoed forum")
    ArticleFactory(draft=True, event=event)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Embargoed forum" not in client.get("/events/").content.decode()


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/tags/shared/", "/search/?tag=shared", "/feeds/articles/", "/feeds/tags/shared/"]
)
def test_public_neighbour_is_listed(client, hidden, url):
    assert "Visible report" in client.get(url).content.decode()


# A public speaker who also appears in hidden work


@pytest.fixture(params=["draft", "future"])
def speaker_in_both(request):
    speaker = SpeakerFactory(name="Teng Fei", slug="teng-fei")
    QuoteFactory(speaker=speaker, text="Said in public.", article=ArticleFactory(title="Public interview"))
    hidden = ArticleFactory(title=f"{HIDDEN_WORD} interview", tags=["secret-tag"], **{request.param: True})
    QuoteFactory(speaker=speaker, text=f"{HIDDEN_WORD} aside", article=hidden)
    return speaker


@pytest.mark.parametrize("url", ["/speakers/teng-fei/", "/feeds/speakers/teng-fei/", "/feeds/speakers/teng-fei/atom/"])
def test_public_speaker_shows_only_public_work(client, speaker_in_both, url):
    page = client.get(url).content.decode()
    assert "Public interview" in page
    for leak in (f"{HIDDEN_WORD} interview", f"{HIDDEN_WORD} aside", "secret-tag"):
        assert leak not in page


def test_speaker_list_counts_only_public_quotes(client, speaker_in_both):
    response = client.get("/speakers/")
    assert [(s.name, s.public_quote_count) for s in response.context["speakers"]] == [("Teng Fei", 1)]


def feed_titles(client, url):
    root = ET.fromstring(client.get(url).content)
    return [el.text for el in root.iter() if el.tag in {"title", f"{ATOM}title"}]


def test_speaker_feed_lists_exactly_the_public_articles(client, speaker_in_both):
    titles = feed_titles(client, "/feeds/speakers/teng-fei/")
    assert titles == ["Symposium: articles quoting Teng Fei", "Public interview"]


# A speaker public only because they set out a priority


@pytest.fixture
def priority_only_speaker():
    speaker = SpeakerFactory(name="Wang Priority", slug="wang-priority")
    PriorityFactory(speaker=speaker, title="Close the gaps", article=ArticleFactory(title="Key works"))
    return speaker


def test_speaker_public_through_a_priority_has_a_page(client, priority_only_speaker):
    response = client.get("/speakers/wang-priority/")
    assert response.status_code == 200
    assert "<h1>Wang Priority</h1>" in response.content.decode()


def test_speaker_public_through_a_priority_is_listed(client, priority_only_speaker):
    page = client.get("/speakers/").content.decode()
    assert 'href="/speakers/wang-priority/">Wang Priority</a>' in page


def test_speaker_public_through_a_priority_is_in_the_sitemap(client, priority_only_speaker):
    assert "/speakers/wang-priority/</loc>" in client.get("/sitemap.xml").content.decode()


def test_speaker_of_a_hidden_priority_only_is_nowhere(client):
    speaker = SpeakerFactory(name="Wang Hidden", slug="wang-hidden")
    PriorityFactory(speaker=speaker, article=ArticleFactory(draft=True))
    ArticleFactory(title="Something public")
    assert client.get("/speakers/wang-hidden/").status_code == 404
    assert "Wang Hidden" not in client.get("/speakers/").content.decode()
    assert "/speakers/wang-hidden/" not in client.get("/sitemap.xml").content.decode()
