"""The public pages of the demo content, shared by the page tests and the browser tests."""

from urllib.parse import quote

PUBLIC_URLS = [
    "/",
    "/articles/",
    "/articles/five-key-works-new-chemical-materials/",
    "/articles/化工新材料产业座谈会要点/",
    "/speakers/",
    "/speakers/li-shousheng/",
    "/events/",
    "/events/new-chemical-materials-strategy-symposium-2019/",
    "/priorities/",
    "/priorities/build-high-level-innovation-platforms/",
    "/tags/",
    "/tags/卡脖子技术/",
    "/tags/photoresist/",
    "/tags/innovation/?type=priority",
    "/search/",
    "/search/?q=photoresist",
    "/search/?tag=光刻胶&tag=photoresist",
]
# The Chinese article as a Chinese reader reaches it (in the English interface it redirects to its translation).
CHINESE_ARTICLE = "/zh-hans" + PUBLIC_URLS[3]


def encoded(url):
    """The URL as a browser sends it: non-ASCII characters percent-encoded."""
    return quote(url, safe="/?=&")
