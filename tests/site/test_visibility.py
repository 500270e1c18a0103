"""Drafts and future articles, and what hangs off them, appear nowhere public."""

import pytest

from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db

HIDDEN_WORD = "Zanzibarite"


@pytest.fixture(params=["draft", "future"])
def hidden(request):
    article = ArticleFactory(
        title=f"{HIDDEN_WORD} report", body=HIDDEN_WORD, tags=["secret-tag", "shared"], **{request.param: True}
    )
    quote = QuoteFactory(article=article, text=f"{HIDDEN_WORD} quote", tags=["shared"])
    priority = PriorityFactory(article=article, title=f"{HIDDEN_WORD} priority", tags=["shared"])
    ArticleFactory(title="Visible report", tags=["shared"])
    return article, quote, priority


def test_hidden_article_pages_are_404(client, hidden):
    article, quote, priority = hidden
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(quote.get_absolute_url()).status_code == 404
    assert client.get(priority.get_absolute_url()).status_code == 404
    assert client.get(quote.speaker.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/priorities/",
        "/speakers/",
        "/tags/",
        "/tags/shared/",
        f"/search/?q={HIDDEN_WORD}",
        "/search/?tag=shared",
        "/search/?tag=shared&type=quote",
        "/feeds/articles/",
        "/feeds/tags/shared/",
        "/sitemap.xml",
    ],
)
def test_hidden_content_absent_from_lists(client, hidden, url):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for leak in (f"{HIDDEN_WORD} report", f"{HIDDEN_WORD} quote", f"{HIDDEN_WORD} priority", "secret-tag"):
        assert leak not in page


def test_tag_only_on_hidden_content_has_no_page(client, hidden):
    assert client.get("/tags/secret-tag/").status_code == 404


def test_search_by_hidden_only_tag_finds_nothing(client, hidden):
    response = client.get("/search/?tag=secret-tag")
    assert "0 results" in response.content.decode()


def test_event_with_only_hidden_articles_is_404(client):
    event = EventFactory(name="Embargoed forum")
    ArticleFactory(draft=True, event=event)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Embargoed forum" not in client.get("/events/").content.decode()


@pytest.mark.parametrize("url", ["/", "/articles/", "/tags/shared/", "/search/?tag=shared", "/feeds/tags/shared/"])
def test_public_neighbour_is_listed(client, hidden, url):
    assert "Visible report" in client.get(url).content.decode()
