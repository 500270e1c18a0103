"""Stored and reflected XSS: no payload in any editable field or query parameter becomes markup."""

from html.parser import HTMLParser
from urllib.parse import quote as url_quote

import pytest

from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "{{ request.user }}{% debug %}",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
]
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "details", "style", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class MarkupCollector(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html, where):
    collector = MarkupCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        if tag == "script":
            assert attrs.get("type") == "application/ld+json", where
        else:
            assert tag not in FORBIDDEN_TAGS, (where, tag)
        assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
        assert "autofocus" not in attrs and "http-equiv" not in attrs, (where, tag)
        for name in URL_ATTRIBUTES & attrs.keys():
            value = "".join((attrs[name] or "").split()).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, tag, attrs)
    assert [tag for tag, _ in collector.tags].count("body") == 1, where


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_editable_field_is_inert(client, payload):
    event = EventFactory(name=f"Forum {payload}", summary=payload, location=payload, organiser=payload)
    speaker = SpeakerFactory(name=f"Speaker {payload}", position=payload, organisation=payload, bio=payload)
    article = ArticleFactory(
        title=f"Title {payload}", standfirst=payload, body=f"Body\n\n{payload}", event=event, tags=[f"tag {payload}"]
    )
    quote = QuoteFactory(article=article, speaker=speaker, text=payload, role=payload, tags=[payload])
    priority = PriorityFactory(article=article, title=f"Priority {payload}", description=payload, speaker=speaker,
                               tags=[payload])  # fmt: skip
    tag_slug = article.tags.get().slug
    urls = [
        "/", "/articles/", article.get_absolute_url(), "/speakers/", speaker.get_absolute_url(), "/events/",
        event.get_absolute_url(), "/priorities/", priority.get_absolute_url(), quote.get_absolute_url(), "/tags/",
        f"/tags/{url_quote(tag_slug)}/", "/search/?q=Title", "/search/?q=Speaker&type=quote",
        "/feeds/articles/", "/sitemap.xml",
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if "xml" not in response["Content-Type"]:
            assert_inert(response.content.decode(), url)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("parameter", ["q", "tag", "type", "match", "page"])
def test_payload_in_query_parameters_is_inert(client, payload, parameter):
    ArticleFactory(title="Plain", tags=["plain"])
    response = client.get("/search/", {parameter: payload, "tag": "plain"} if parameter != "tag" else {"tag": payload})
    assert response.status_code in {200, 400}
    assert_inert(response.content.decode(), parameter)


def test_payload_in_path_is_inert(client):
    response = client.get("/articles/" + url_quote("<script>alert(1)</script>") + "/")
    assert response.status_code == 404
    assert_inert(response.content.decode(), "path")


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<" in p and "{" not in p and "style" not in p])
def test_checker_catches_the_raw_payload(payload):
    """Guards the guard: each markup payload, unescaped, fails assert_inert."""
    with pytest.raises(AssertionError):
        assert_inert(f"<html><body>{payload}</body></html>", "raw")
