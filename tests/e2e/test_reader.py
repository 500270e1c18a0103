"""The reader's journey, at desktop and phone width."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory

ARTICLE_TITLE = "Five key works for China's new chemical materials industry"


def many_articles():
    """Enough older articles to page through, without pushing the demo off the home page."""
    for n in range(25):
        ArticleFactory(
            title=f"Membrane report {n}",
            body=f"Notes on membrane technology, part {n}.",
            published_at=datetime.datetime(2018, 1, n + 1, tzinfo=datetime.UTC),
        )


def assert_no_horizontal_overflow(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def reader_journey(page, base, screenshot, size):
    many_articles()
    page.goto(base + "/")
    screenshot(page, f"home-{size}")
    assert_no_horizontal_overflow(page)
    page.get_by_role("link", name=ARTICLE_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    screenshot(page, f"article-{size}")
    assert_no_horizontal_overflow(page)

    # A tag on the article, then narrowing to two tags with AND, then OR.
    page.locator(".article__header").get_by_role("link", name="innovation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("innovation")
    screenshot(page, f"tag-{size}")
    assert_no_horizontal_overflow(page)
    page.get_by_role("link", name="Combine with other tags in search →").click()
    add_tag = page.get_by_role("navigation", name="Add a tag")
    # No result carries photoresist: it is not offered.
    expect(add_tag.get_by_role("link", name="+ photoresist")).to_have_count(0)
    add_tag.get_by_role("link", name="+ intellectual property").click()
    expect(page.get_by_role("status").first).to_have_text("1 result")
    page.get_by_label("any of them").check()
    page.get_by_role("button", name="Search").last.click()
    expect(page).to_have_url(re.compile(r"match=any"))
    summary = page.locator(".result-summary")
    expect(summary).to_have_text(re.compile(r"^[1-9]\d* results?$"))
    screenshot(page, f"search-tags-{size}")
    assert_no_horizontal_overflow(page)

    # A speaker from a quote, and back to the article through their quote.
    page.goto(base + "/articles/five-key-works-new-chemical-materials/")
    page.locator(".pull-quote").filter(has_text="alarm bell").get_by_role("link", name="Xu Jian", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xu Jian")
    screenshot(page, f"speaker-{size}")
    assert_no_horizontal_overflow(page)
    page.locator(".pull-quote").get_by_role("link", name=ARTICLE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)

    # Text search, in English and in Chinese, then paging.
    search_for(page, "photoresist")
    expect(page.locator(".hit").first).to_contain_text("photoresist")
    search_for(page, "光刻胶")
    expect(page.locator(".hit mark").first).to_have_text("光刻胶")
    screenshot(page, f"search-{size}")
    search_for(page, "membrane")
    expect(page.locator(".hit")).to_have_count(20)
    page.get_by_role("link", name="Older →").click()
    expect(page.locator(".pager__where")).to_have_text("Page 2 of 2")
    expect(page.locator(".hit")).to_have_count(5)
    assert_no_horizontal_overflow(page)


def search_for(page, words):
    box = page.get_by_role("searchbox", name="Search the site")
    box.fill(words)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")


@pytest.mark.django_db(transaction=True)
def test_reader_journey_desktop(page, demo_site, screenshot):
    reader_journey(page, demo_site, screenshot, "desktop")


@pytest.mark.django_db(transaction=True)
def test_reader_journey_phone(phone, demo_site, screenshot):
    reader_journey(phone, demo_site, screenshot, "phone")
    # The navigation is on screen and usable at phone width.
    phone.get_by_role("navigation", name="Sections").get_by_role("link", name="Speakers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Speakers")


@pytest.mark.django_db(transaction=True)
def test_keyboard_reaches_content_through_skip_link(page, demo_site):
    page.goto(demo_site + "/articles/five-key-works-new-chemical-materials/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    focused_inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert focused_inside_main
