import pytest

from articles.markdown import render_markdown
from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ("<iframe src='https://example.com'></iframe>", "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<svg onload="alert(1)">', "<svg"),
    ],
)
def test_markdown_is_sanitised(body, forbidden):
    assert forbidden not in render_markdown(body)


def test_markdown_keeps_formatting_and_safe_links():
    html = render_markdown("## Heading\n\n**bold** and [a link](https://example.com)\n\n1. one\n2. two")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">a link</a>' in html
    assert "<ol>" in html


def test_hostile_body_is_sanitised_on_the_page(client):
    article = ArticleFactory(body='Hello <script>alert("body")</script><img src=x onerror=alert(1)>')
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "onerror" not in page


def test_other_fields_are_escaped_on_the_page(client):
    payload = '<script>alert("x")</script>'
    article = ArticleFactory(title=payload, standfirst=payload, tags=[payload])
    QuoteFactory(article=article, text=payload, speaker=SpeakerFactory(name=payload, position=payload))
    for url in (article.get_absolute_url(), "/", "/articles/", "/speakers/", "/tags/"):
        page = client.get(url).content.decode()
        assert payload not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_body_is_rendered_once_on_save_and_again_when_it_changes():
    article = ArticleFactory(body="**bold** <script>alert(1)</script>")
    stored = Article.objects.get(pk=article.pk)
    assert stored.body_html == render_markdown(stored.body)
    assert "<strong>bold</strong>" in stored.body_html and "<script" not in stored.body_html
    stored.body = "*changed*"
    stored.save(update_fields=["body"])
    assert Article.objects.get(pk=article.pk).body_html == "<p><em>changed</em></p>"


def test_the_page_shows_the_stored_rendering(client):
    article = ArticleFactory(body="A [link](https://example.com)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">link</a>' in html
