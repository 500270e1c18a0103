"""Linked translations in a real browser: the reader switching language, and the editor's Translate button."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.test_editor import log_in
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

ENGLISH_ARTICLE = "/articles/five-key-works-new-chemical-materials/"
CHINESE_ARTICLE = "/zh-hans/articles/" + quote("化工新材料产业座谈会要点") + "/"


def switch_language(page, name):
    page.locator(".language-switch").get_by_role("link", name=name).click()


@pytest.mark.parametrize("device", ["page", "phone"])
def test_reader_switches_between_an_article_and_its_translation(request, demo_site, screenshot, device):
    page = request.getfixturevalue(device)
    suffix = "desktop" if device == "page" else "phone"
    page.goto(demo_site + ENGLISH_ARTICLE)
    expect(page.locator("h1")).to_have_text("Five key works for China's new chemical materials industry")
    screenshot(page, f"translation-article-en-{suffix}")
    switch_language(page, "中文")
    expect(page).to_have_url(demo_site + CHINESE_ARTICLE)
    expect(page.locator("h1")).to_have_text("化工新材料产业座谈会要点")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".pull-quote__speaker").first).to_have_text("滕飞")
    screenshot(page, f"translation-article-zh-{suffix}")
    switch_language(page, "English")
    expect(page).to_have_url(demo_site + ENGLISH_ARTICLE)


@pytest.mark.parametrize("device", ["page", "phone"])
def test_reader_is_told_when_there_is_no_translation(request, transactional_db, live_server, screenshot, device):
    page = request.getfixturevalue(device)
    suffix = "desktop" if device == "page" else "phone"
    article = ArticleFactory(
        title="Membranes for water treatment", slug="membranes", standfirst="A forum on membrane materials.",
        body="The forum discussed **membranes**.",
    )  # fmt: skip
    QuoteFactory(article=article, speaker=SpeakerFactory(name_en="Wang Fang", name_zh_hans="王芳"), text="Standards.")
    page.goto(live_server.url + "/articles/membranes/")
    switch_language(page, "中文")
    expect(page).to_have_url(live_server.url + "/zh-hans/articles/membranes/")
    notice = page.locator(".notice--translation")
    expect(notice).to_be_visible()
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    screenshot(page, f"translation-missing-zh-{suffix}")
    notice.get_by_role("link").click()
    expect(page).to_have_url(live_server.url + "/articles/membranes/")
    # A Chinese article with no English version is listed on English pages, marked as Chinese.
    ArticleFactory(title="水处理膜材料论坛", language=Article.Language.CHINESE, standfirst="论坛讨论了膜材料。")
    page.goto(live_server.url + "/articles/")
    expect(page.locator('.card__title .language-label[lang="zh-Hans"]')).to_have_text("中文")
    screenshot(page, f"translation-listing-en-{suffix}")


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_speaker_page_in_both_languages(request, demo_site, screenshot, device):
    page = request.getfixturevalue(device)
    suffix = "desktop" if device == "page" else "phone"
    page.goto(demo_site + "/speakers/li-shousheng/")
    expect(page.locator("h1")).to_have_text("Li Shousheng")
    screenshot(page, f"speaker-en-{suffix}")
    switch_language(page, "中文")
    expect(page.locator("h1")).to_have_text("李寿生")
    expect(page.get_by_text("中国石油和化学工业联合会").first).to_be_visible()
    screenshot(page, f"speaker-zh-{suffix}")


@pytest.fixture
def editor(transactional_db, django_user_model):
    from tests.e2e.test_editor import PASSWORD

    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.mark.parametrize("device", ["page", "phone"])
def test_editor_starts_a_translation_with_the_original_beside_it(request, live_server, editor, screenshot, device):
    page = request.getfixturevalue(device)
    suffix = "desktop" if device == "page" else "phone"
    original = ArticleFactory(
        title="Membranes for water treatment", standfirst="A forum on membrane materials.",
        body="## Background\n\nThe forum discussed **membranes** for water treatment.", tags=["membranes"],
    )  # fmt: skip
    QuoteFactory(article=original, speaker=SpeakerFactory(name_en="Wang Fang", name_zh_hans="王芳"), text="Standards.")
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/{original.pk}/change/")
    screenshot(page, f"admin-translate-button-{suffix}")
    page.get_by_role("button", name="Translate into Chinese (simplified)").click()
    draft = Article.objects.get(language=Article.Language.CHINESE)
    expect(page).to_have_url(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    panel = page.locator(".translation-source")
    expect(panel).to_contain_text("Original")
    expect(panel.locator(".translation-source__body strong")).to_have_text("membranes")
    expect(page.locator("#id_language")).to_have_value("zh-Hans")
    page.locator("#id_title").fill("水处理膜材料论坛")
    page.locator("#id_body").fill("## 背景\n\n论坛讨论了用于水处理的**膜材料**。")
    screenshot(page, f"admin-translation-draft-{suffix}")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert (draft.title, draft.translation_group_id) == ("水处理膜材料论坛", original.pk)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_notice_and_the_language_label_pass_axe(page, transactional_db, live_server, dark):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import SERIOUS

    ArticleFactory(title="Membranes for water treatment", slug="membranes")
    ArticleFactory(title="水处理膜材料论坛", slug="水处理膜材料论坛", language=Article.Language.CHINESE)
    page.emulate_media(color_scheme="dark" if dark else "light")
    failures = {}
    for path in [
        "/zh-hans/articles/membranes/",
        "/articles/" + quote("水处理膜材料论坛") + "/",
        "/articles/",
        "/zh-hans/articles/",
    ]:
        page.goto(live_server.url + path)
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in SERIOUS]
        if serious:
            failures[path] = serious
    assert failures == {}
