"""Propose from text, in the browser: paste a report, tick, correct, use, save, and read the saved article."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Speaker
from tests.e2e.test_editor import log_in

REPORT = "\n\n".join(
    [
        "Coastal polymers forum sets out its priorities",
        "Zhang Lei, president of the Coastal Polymer Federation, said: "
        '"We will not cut research this year, whatever the price of resin."',
        '"Small firms cannot afford pilot lines of their own," said Mei Hua, '
        'secretary general of the Resin Makers Association. "We must share them."',
        "Mei Hua said that exports had fallen for two quarters in a row.",
        "Zhang Lei set out three tasks. First, build shared pilot lines, starting in Ningbo. "
        "Second, train process engineers. Finally, agree common test standards.",
    ]
)


@pytest.fixture
def editor(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a long editor passphrase")


def propose(page, base):
    page.goto(base + "/admin/articles/article/add/")
    page.get_by_label("Paste the report").fill(REPORT)
    page.keyboard.press("Tab")  # by keyboard: the next stop is the Propose button
    expect(page.get_by_role("button", name="Propose")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#propose-status")).to_contain_text("Found 2 speakers, 3 quotes and 3 priorities")


@pytest.mark.django_db(transaction=True)
def test_paste_tick_use_and_save(page, live_server, editor, screenshot):
    from tests.factories import SpeakerFactory

    on_file = SpeakerFactory(name="Zhang Lei", position="president", organisation="Coastal Polymer Federation")
    base = live_server.url
    log_in(page, base)
    propose(page, base)
    panel = page.locator("#propose-panel")
    expect(panel.get_by_text("On file: Zhang Lei")).to_be_visible()
    expect(panel.locator(".propose__source").first).to_contain_text("Zhang Lei, president of the Coastal")
    # Reported speech is offered unticked; the editor corrects a title, by keyboard.
    reported = panel.get_by_label("Reported speech (no quotation marks) by Mei Hua")
    expect(reported).not_to_be_checked()
    title = panel.get_by_label("Title").nth(1)
    title.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Train more process engineers")
    panel.get_by_label("Also put the pasted text into the body").check()
    screenshot(page, "admin-propose-panel-desktop")
    panel.get_by_role("button", name="Use these").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#propose-status")).to_contain_text("Added 2 quotes and 3 priorities")

    expect(page.locator("#id_quotes-0-text")).to_have_value(
        "We will not cut research this year, whatever the price of resin."
    )
    expect(page.locator("#id_quotes-0-speaker option:checked")).to_have_text("Zhang Lei")
    expect(page.locator("#id_quotes-1-text")).to_have_value(
        "Small firms cannot afford pilot lines of their own, We must share them."
    )
    expect(page.locator("#id_priorities-1-title")).to_have_value("Train more process engineers")
    expect(page.locator("#id_priorities-2-number")).to_have_value("3")
    expect(page.locator("#id_body")).to_have_value(REPORT)
    assert Speaker.objects.count() == 1 and Article.objects.count() == 0  # nothing saved yet

    page.locator("#id_title").fill("Coastal polymers forum")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get()
    assert Speaker.objects.filter(name_en="Zhang Lei").get() == on_file
    mei = Speaker.objects.get(name_en="Mei Hua")
    assert (mei.position, mei.organisation) == ("secretary general", "Resin Makers Association")
    assert [(q.speaker.name, q.position) for q in article.quotes.order_by("position")] == [
        ("Zhang Lei", 1),
        ("Mei Hua", 2),
    ]
    assert list(article.priorities.values_list("number", "title", "description", "speaker__name_en")) == [
        (1, "build shared pilot lines", "starting in Ningbo.", "Zhang Lei"),
        (2, "Train more process engineers", "", "Zhang Lei"),
        (3, "agree common test standards", "", "Zhang Lei"),
    ]
    assert article.body.replace("\r\n", "\n").startswith(
        "Coastal polymers forum sets out its priorities\n\nZhang Lei, president"
    )

    page.goto(base + article.get_absolute_url())
    expect(page.locator(".pull-quote")).to_have_count(2)
    expect(page.locator(".priority")).to_have_count(3)
    expect(page.get_by_text("Train more process engineers")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_panel_on_a_phone(phone, live_server, editor, screenshot):
    log_in(phone, live_server.url)
    propose(phone, live_server.url)
    expect(phone.get_by_role("button", name="Use these")).to_be_visible()
    screenshot(phone, "admin-propose-panel-phone")
