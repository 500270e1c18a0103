"""The editor's journey: write a whole article in the admin, as a draft, then publish it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

PASSWORD = "a long editor passphrase"


@pytest.fixture
def editor(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(page, base):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


def add_speaker_from_popup(page, field_id, name, position):
    with page.expect_popup() as popup_info:
        page.locator(f"#add_{field_id}").click()
    popup = popup_info.value
    popup.get_by_label("Name").fill(name)
    popup.get_by_label("Position").fill(position)
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator(f"#{field_id} option:checked")).to_have_text(name)


def choose_by_autocomplete(page, inline_id, text):
    page.locator(f"#{inline_id} .field-speaker .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


@pytest.mark.django_db(transaction=True)
def test_editor_writes_drafts_and_publishes(page, live_server, editor, screenshot):
    base = live_server.url
    log_in(page, base)
    page.goto(base + "/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Membrane forum: what was said")
    expect(page.locator("#id_slug")).to_have_value("membrane-forum-what-was-said")
    page.locator("#id_standfirst").fill("Speakers agreed on three priorities for membrane materials.")
    page.locator("#id_body").fill("## Background\n\nThe forum discussed **membranes** for water treatment.")
    page.locator("#id_tags").fill("membranes, 膜材料")

    add_speaker_from_popup(page, "id_quotes-0-speaker", "Wang Fang", "Chief engineer")
    page.locator("#id_quotes-0-text").fill("Membranes are where the next gains lie.")
    page.get_by_role("button", name="Add another Quote").click()
    choose_by_autocomplete(page, "quotes-1", "Wang Fang")
    page.locator("#id_quotes-1-text").fill("We need national standards for testing.")

    page.get_by_role("button", name="Add another Priority").click()
    page.get_by_role("button", name="Add another Priority").click()
    for index, title in enumerate(["Build pilot plants", "Agree test standards", "Train engineers"]):
        page.locator(f"#id_priorities-{index}-number").fill(str(index + 1))
        page.locator(f"#id_priorities-{index}-title").fill(title)
    screenshot(page, "admin-article-form-desktop")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert sorted(article.tags.names()) == ["membranes", "膜材料"]
    assert article.quotes.count() == 2 and article.priorities.count() == 3
    assert page.goto(base + article.get_absolute_url()).status == 404

    page.goto(base + f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.locator("a.viewsitelink").click()
    public = page
    expect(public.get_by_role("heading", level=1)).to_have_text("Membrane forum: what was said")
    expect(public.locator(".pull-quote")).to_have_count(2)
    expect(public.locator(".priority")).to_have_count(3)
    expect(public.get_by_role("link", name="膜材料")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_editor_comforts(page, live_server, editor, screenshot):
    from tests.factories import ArticleFactory

    ArticleFactory(tags=["photoresist", "光刻胶"])
    base = live_server.url
    log_in(page, base)
    page.goto(base + "/admin/articles/article/add/")
    page.locator("#id_body").fill("## Heading\n\nSome **bold** words <script>alert(1)</script>")
    preview = page.locator(".md-preview")
    expect(preview.locator("h2")).to_have_text("Heading")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)

    page.locator("#id_standfirst").fill("Twelve chars")
    expect(page.locator("#id_standfirst + .char-count")).to_have_text("12 characters")

    tags = page.locator("#id_tags")
    tags.fill("innovation, 光")
    page.locator(".tag-suggestions button", has_text="光刻胶").click()
    expect(tags).to_have_value("innovation, 光刻胶, ")
    screenshot(page, "admin-editor-comforts-desktop")
