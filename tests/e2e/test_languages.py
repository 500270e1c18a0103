"""The two interface languages in a browser: the switcher by keyboard, Chinese pages at desktop and phone width."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_reader import assert_no_horizontal_overflow
from tests.public_urls import CHINESE_ARTICLE, encoded

ARTICLE = "/articles/five-key-works-new-chemical-materials/"
# What a reader of either language looks at: screenshots of each, and an axe check of the Chinese ones.
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "chinese-article": encoded(CHINESE_ARTICLE),
    "tag": "/tags/photoresist/",
    "search": "/search/?q=photoresist",
    "not-found": "/articles/no-such-article/",
}
SERIOUS = {"serious", "critical"}


def tab_to(page, name, presses=40):
    """Presses Tab until the link called `name` has the focus, as a keyboard user would reach it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    pytest.fail(f"{name!r} is not reachable with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_the_switcher_leads_to_the_same_page_in_chinese_and_back_by_keyboard(page, demo_site):
    page.goto(demo_site + ARTICLE)
    switcher = page.get_by_role("navigation", name="Language").get_by_role("link", name="中文")
    expect(switcher).to_be_visible()
    tab_to(page, "中文")
    page.keyboard.press("Enter")
    # The demo article has a Chinese translation: the switcher leads to it.
    expect(page).to_have_url(demo_site + encoded(CHINESE_ARTICLE))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("化工新材料产业座谈会要点")
    expect(page.get_by_role("heading", name="发言摘录")).to_be_visible()
    tab_to(page, "English")
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + ARTICLE)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What they said")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_chinese_reader_searches_and_pages_on_a_phone(phone, demo_site, screenshot):
    phone.goto(demo_site + "/")
    phone.get_by_role("link", name="中文").click()
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    box = phone.get_by_role("searchbox", name="站内搜索")
    box.fill("光刻胶")
    box.press("Enter")
    expect(phone).to_have_url(re.compile(r"/zh-hans/search/\?q="))
    expect(phone.get_by_role("heading", level=1)).to_have_text("搜索")
    expect(phone.locator(".result-summary")).to_have_text(re.compile(r"^\d+ 条结果$"))
    assert_no_horizontal_overflow(phone)
    phone.get_by_role("navigation", name="栏目").get_by_role("link", name="发言人").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("发言人")
    assert_no_horizontal_overflow(phone)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_pages_in_both_languages_fit_the_screen(request, demo_site, screenshot, size):
    page = request.getfixturevalue("page" if size == "desktop" else "phone")
    for name, path in PAGES.items():
        for prefix, language in (("", "en"), ("/zh-hans", "zh")):
            page.goto(demo_site + prefix + path)
            assert_no_horizontal_overflow(page)
            screenshot(page, f"lang-{language}-{name}-{size}")


@pytest.mark.django_db(transaction=True)
def test_chinese_pages_have_no_serious_accessibility_violations(page, demo_site):
    axe = Axe()
    failures = {}
    for path in PAGES.values():
        page.goto(demo_site + "/zh-hans" + path)
        violations = axe.run(page).response["violations"]
        serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in SERIOUS]
        if serious:
            failures[path] = serious
    assert failures == {}
