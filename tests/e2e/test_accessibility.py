"""axe-core in the browser: no serious or critical violations on any public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public_urls import CHINESE_ARTICLE, PUBLIC_URLS, encoded

# Every public page, plus pages only the browser tests visit: a quote, a
# search for "any" tag, a long query and the 404 page.
PAGES = [encoded(url) for url in PUBLIC_URLS] + [
    "/quotes/1/",
    "/search/?tag=innovation&tag=photoresist&match=any",
    "/search/?q=" + "x" * 300,
    "/articles/no-such-article/",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_public_pages_have_no_serious_violations(page, demo_site, axe, dark):
    page.emulate_media(color_scheme="dark" if dark else "light")
    failures = {}
    for path in PAGES:
        page.goto(demo_site + path)
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
    for path in PAGES:
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("main").count() == 1, path
        assert page.locator("html").get_attribute("lang") == "en", path


@pytest.mark.django_db(transaction=True)
def test_chinese_article_is_marked_as_chinese(page, demo_site):
    page.goto(demo_site + encoded(CHINESE_ARTICLE))
    assert page.locator("article.article").get_attribute("lang") == "zh-Hans"


@pytest.mark.django_db(transaction=True)
def test_focus_is_visible(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link, onto the site name
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
