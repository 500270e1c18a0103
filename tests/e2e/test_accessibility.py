"""axe-core in the browser: no serious or critical violations on any public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Quote
from tests.public_urls import CHINESE_ARTICLE, PUBLIC_URLS, encoded

NOT_FOUND = "/articles/no-such-article/"
TOO_LONG_QUERY = "/search/?q=" + "x" * 300
# The page each of these shows is an error page on purpose; every other page must be found.
ERROR_STATUS = {NOT_FOUND: 404, TOO_LONG_QUERY: 400}
SERIOUS = {"serious", "critical"}


def pages():
    """Every public page, plus pages only the browser tests visit: a quote, a
    search for "any" tag, a long query and the 404 page.

    Built after the demo is loaded: ids differ from one test to the next, so
    a quote's URL comes from the quote itself, not from a guessed id.
    """
    quote = Quote.objects.get(text__startswith="The trade dispute")
    return [encoded(url) for url in PUBLIC_URLS] + [
        quote.get_absolute_url(),
        "/search/?tag=innovation&tag=photoresist&match=any",
        TOO_LONG_QUERY,
        NOT_FOUND,
    ]


def visit(page, site, path):
    """Opens the page and checks it is the page meant, not an error page in its place."""
    response = page.goto(site + path)
    assert response.status == ERROR_STATUS.get(path, 200), path


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_public_pages_have_no_serious_violations(page, demo_site, axe, dark):
    page.emulate_media(color_scheme="dark" if dark else "light")
    failures = {}
    for path in pages():
        visit(page, demo_site, path)
        violations = axe.run(page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in SERIOUS
        ]
        if serious:
            failures[path] = serious
    assert failures == {}


@pytest.mark.django_db(transaction=True)
def test_every_page_has_one_h1_a_main_and_a_language(page, demo_site):
    for path in pages():
        visit(page, demo_site, path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("main").count() == 1, path
        assert page.locator("html").get_attribute("lang") == "en", path


@pytest.mark.django_db(transaction=True)
def test_chinese_article_is_marked_as_chinese(page, demo_site):
    visit(page, demo_site, encoded(CHINESE_ARTICLE))
    assert page.locator("article.article").get_attribute("lang") == "zh-Hans"


@pytest.mark.django_db(transaction=True)
def test_focus_is_visible(page, demo_site):
    visit(page, demo_site, "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link, onto the site name
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
