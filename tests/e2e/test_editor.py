"""The editor's journey: write a whole article in the admin, as a draft, then publish it."""

import re

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
    popup.get_by_label("English name").fill(name)
    popup.get_by_label("Position (English)").fill(position)
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
        page.locator(f"#id_priorities-{index}-title").fill(title)
        expect(page.locator(f"#id_priorities-{index}-number")).to_have_value(str(index + 1))
    expect(page.locator("#id_quotes-1-position")).to_have_value("2")
    screenshot(page, "admin-article-form-desktop")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert sorted(article.tags.names()) == ["membranes", "膜材料"]
    assert list(article.quotes.values_list("position", flat=True)) == [1, 2]
    assert list(article.priorities.values_list("number", flat=True)) == [1, 2, 3]
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
    expect(page.locator(".field-standfirst .char-count")).to_have_text("12 characters")

    tags = page.locator("#id_tags")
    tags.fill("innovation, 光")
    page.locator(".tag-suggestions button", has_text="光刻胶").click()
    expect(tags).to_have_value("innovation, 光刻胶, ")
    screenshot(page, "admin-editor-comforts-desktop")


def change_page(page, base, article):
    page.goto(base + f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".md-preview")).not_to_be_empty()


def values(locator):
    return locator.evaluate_all("fields => fields.map(field => field.value)")


def dialogs_of(page):
    """The dialogs a page opens (dismissed, so leaving is refused)."""
    seen = []

    def record(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


@pytest.mark.django_db(transaction=True)
def test_preview_and_counts_show_on_opening_an_article(page, live_server, editor, screenshot):
    from tests.factories import ArticleFactory

    article = ArticleFactory(body="## 背景\n\n- first point\n- second point\n\n光刻胶 is a photoresist.")
    log_in(page, live_server.url)
    change_page(page, live_server.url, article)
    preview = page.locator(".md-preview")
    expect(preview.get_by_role("heading", level=2)).to_have_text("背景")
    expect(preview.locator("li")).to_have_count(2)
    # The public page's styles: bulleted list, serif headings.
    assert preview.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    assert "Serif" in preview.locator("h2").evaluate("h => getComputedStyle(h).fontFamily")
    assert preview.locator("p").evaluate("p => getComputedStyle(p).fontSize") == "18.4px"  # 1.15rem, as on the page
    assert preview.locator("ul").evaluate("ul => getComputedStyle(ul).marginLeft") == "0px"
    # 背景 and 光刻胶 count a word per character; the English words count once each.
    expect(page.locator("#body-word-count")).to_have_text(re.compile(r"^12 words · 41 characters"))
    screenshot(page, "admin-article-change-desktop")
    page.locator("#id_body").fill("材料 and materials")
    expect(page.locator("#body-word-count")).to_have_text(re.compile(r"^4 words · 14 characters"))


@pytest.mark.django_db(transaction=True)
def test_leaving_a_changed_form_asks_first_and_saving_does_not(page, live_server, editor):
    from tests.factories import ArticleFactory

    article = ArticleFactory(title="Before")
    log_in(page, live_server.url)
    change_page(page, live_server.url, article)
    dialogs = dialogs_of(page)
    page.get_by_role("link", name="Articles").first.click()  # unchanged: leaves without asking
    expect(page.get_by_role("heading", level=1)).to_have_text("Select article to change")
    assert dialogs == []

    change_page(page, live_server.url, article)
    page.locator("#id_title").fill("After")
    page.get_by_role("link", name="Articles").first.click()  # changed: asks, and staying keeps the text
    expect(page.locator("#id_title")).to_have_value("After")
    assert dialogs == ["beforeunload"]

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"]
    article.refresh_from_db()
    assert article.title == "After"


@pytest.mark.django_db(transaction=True)
def test_unsaved_changes_are_kept_offered_restored_and_dropped_on_save(browser, live_server, editor):
    from tests.e2e.conftest import DESKTOP, open_page
    from tests.factories import ArticleFactory, PriorityFactory

    article = ArticleFactory(title="Saved title", body="Saved body.")
    PriorityFactory(article=article, number=1, title="First")
    base = live_server.url
    page = open_page(browser, DESKTOP)
    log_in(page, base)
    change_page(page, base, article)
    page.locator("#id_title").fill("Typed title")
    page.locator("#id_body").fill("## Typed\n\nA body nobody saved.")
    page.get_by_role("button", name="Add another Priority").click()
    page.locator("#id_priorities-1-title").fill("Typed priority")
    key = f"symposium:article-draft:/admin/articles/article/{article.pk}/change/"
    page.wait_for_function("key => (localStorage.getItem(key) || '').includes('Typed priority')", arg=key)
    page.close()  # a closed tab, a crash: nothing was saved

    page = page.context.new_page()
    change_page(page, base, article)
    expect(page.locator("#id_title")).to_have_value("Saved title")
    offer = page.get_by_role("region", name=re.compile("This browser kept changes"))
    expect(offer).to_be_visible()
    page.get_by_role("button", name="Restore the unsaved changes").click()
    expect(offer).to_have_count(0)
    expect(page.locator("#id_title")).to_have_value("Typed title")
    expect(page.locator(".md-preview h2")).to_have_text("Typed")
    expect(page.locator("#id_priorities-1-title")).to_have_value("Typed priority")
    expect(page.locator("#id_priorities-1-number")).to_have_value("2")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert (article.title, article.body.replace("\r\n", "\n")) == ("Typed title", "## Typed\n\nA body nobody saved.")
    assert list(article.priorities.values_list("title", flat=True)) == ["First", "Typed priority"]
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    expect(page.locator(".draft-offer")).to_have_count(0)

    # Changes kept and then discarded are gone for good.
    page.locator("#id_standfirst").fill("Kept for a moment")
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=key)
    page.reload()
    page.get_by_role("button", name="Discard them").click()
    page.reload()
    expect(page.locator("#id_standfirst")).to_have_value("What was said.")
    expect(page.locator(".draft-offer")).to_have_count(0)
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_quotes_and_priorities_reorder_by_keyboard(page, live_server, editor, screenshot):
    from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

    article = ArticleFactory()
    for number, title in enumerate(["Alpha", "Beta", "Gamma"], start=1):
        PriorityFactory(article=article, number=number, title=title)
    first, second = QuoteFactory(article=article, position=0), QuoteFactory(article=article, position=0)
    log_in(page, live_server.url)
    change_page(page, live_server.url, article)
    # Quotes saved without positions are numbered in the order shown.
    assert values(page.locator("#quotes-group input[name$='-position']:not([name*=__prefix__])")) == ["1", "2", "0"]

    page.get_by_role("button", name="Move priority 3 up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Priority moved to place 2.")
    page.keyboard.press("Enter")  # now priority 1: at the top, focus moves to its "down" button
    expect(page.get_by_role("button", name="Move priority 1 up")).to_be_disabled()
    expect(page.get_by_role("button", name="Move priority 1 down")).to_be_focused()
    titles = page.locator("#priorities-group .inline-related:not(.empty-form) input[name$='-title']")
    assert values(titles) == ["Gamma", "Alpha", "Beta", ""]
    expect(page.locator("#priorities-group .inline_label").first).to_have_text(re.compile(r"^1\. Gamma"))
    expect(page.get_by_role("button", name="Move priority (empty) up")).to_be_disabled()
    numbers = page.locator("#priorities-group input[name$='-number']:not([name*=__prefix__])")
    assert values(numbers) == ["1", "2", "3", ""]
    page.get_by_role("button", name="Move quote 1 down").focus()
    page.keyboard.press("Space")
    screenshot(page, "admin-article-reordered-desktop")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(article.priorities.order_by("number").values_list("title", "number")) == [
        ("Gamma", 1),
        ("Alpha", 2),
        ("Beta", 3),
    ]
    assert list(article.quotes.order_by("position").values_list("pk", "position")) == [(second.pk, 1), (first.pk, 2)]


@pytest.mark.django_db(transaction=True)
def test_an_image_chosen_before_an_error_is_asked_for_again(page, live_server, editor, tmp_path):
    from PIL import Image

    picture = tmp_path / "forum.png"
    Image.new("RGB", (200, 150), "teal").save(picture)
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator("#id_body").fill("No title yet.")
    page.locator("#id_lead_image").set_input_files(picture)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote").first).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("No title yet.")
    expect(page.get_by_role("alert").filter(has_text="forum.png")).to_contain_text("choose it again")


@pytest.mark.django_db(transaction=True)
def test_admin_article_form_at_phone_width(phone, live_server, editor, screenshot):
    from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

    article = ArticleFactory(tags=["photoresist", "光刻胶", "new materials"], body="## Heading\n\n- one\n- two")
    QuoteFactory(article=article)
    PriorityFactory(article=article, number=1)
    log_in(phone, live_server.url)
    change_page(phone, live_server.url, article)
    expect(phone.get_by_role("button", name="Move quote 1 down")).to_be_visible()
    screenshot(phone, "admin-article-change-phone")
