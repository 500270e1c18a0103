"""An article's history with its quotes and priorities: listed together, restored together."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Quote
from articles.services import restore_article_revision
from priorities.models import Priority
from tests.articles.browser_form import form_data, inline_row, open_change_form
from tests.articles.test_admin import article_form
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("eddie", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def article(editor):
    """Written in the admin: two quotes by Li Shousheng, priorities 1 and 2."""
    response = editor.post("/admin/articles/article/add/", article_form(SpeakerFactory(name="Li Shousheng")))
    assert response.status_code == 302
    return Article.objects.get()


def save(client, article, data):
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def rework(editor, article):
    """One save that changes a quote, deletes a quote, adds priority 3 and retitles priority 1."""
    data = open_change_form(editor, article)
    data[f"quotes-{inline_row(data, 'quotes', 'text', 'First words.')}-text"] = "First words, corrected."
    data[f"quotes-{inline_row(data, 'quotes', 'text', 'Second words.')}-DELETE"] = "on"
    data[f"priorities-{inline_row(data, 'priorities', 'title', 'Close the gaps')}-title"] = "Close every gap"
    extra = int(data["priorities-TOTAL_FORMS"]) - 1
    data |= {f"priorities-{extra}-number": "3", f"priorities-{extra}-title": "Train the people"}
    save(editor, article, data)


def state(article):
    article.refresh_from_db()
    quotes = sorted(Quote.objects.filter(article=article).values_list("pk", "text"))
    priorities = sorted(Priority.objects.filter(article=article).values_list("pk", "number", "title"))
    return article.title, quotes, priorities


def history_page(client, article):
    return client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()


def test_history_lists_quote_and_priority_changes_with_who_and_when(editor, article):
    tomorrow = timezone.now() + datetime.timedelta(days=1)  # after the article's own revisions, whatever the hour
    moment = tomorrow.replace(hour=17, minute=5, second=9, microsecond=900000, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        rework(editor, article)

    page = history_page(editor, article)

    # 17:05:09.9 UTC is 01:05:09 the next day in Beijing.
    beijing = moment + datetime.timedelta(hours=8)
    assert f"<td>{beijing.day} {beijing:%b %Y}, 01:05:09</td>" in page
    assert "Times are China Standard Time (Asia/Shanghai, UTC+08:00)." in page
    for line in (
        "<strong>Quote by Li Shousheng: text</strong>: “First words.” &rarr; “First words, corrected.”",
        "<strong>Quote by Li Shousheng deleted</strong>: “Second words.”",
        "<strong>Priority 1: title</strong>: “Close the gaps” &rarr; “Close every gap”",
        "<strong>Priority 3 added</strong>: “Train the people”",
    ):
        assert line in page
    assert "<td>eddie</td>" in page


def test_history_interleaves_changes_by_time_newest_first(editor, article):
    data = open_change_form(editor, article)
    save(editor, article, data | {"title": "Second title"})
    rework(editor, article)
    save(editor, article, open_change_form(editor, article) | {"title": "Third title"})

    page = history_page(editor, article)

    lines = ("&rarr; “Third title”", "Priority 3 added", "&rarr; “Second title”", "Article created")
    order = [page.index(line) for line in lines]
    assert order == sorted(order)


def test_restoring_a_revision_restores_its_quotes_and_priorities(editor, article):
    before = state(article)
    revision = article.history.latest("history_date")
    rework(editor, article)
    assert state(article) != before

    url = f"/admin/articles/article/{article.pk}/history/{revision.history_id}/"
    response = editor.post(url, form_data(editor.get(url).content.decode(), "historicalarticle_form"))

    assert response.status_code == 302
    assert state(article) == before  # the deleted quote is back, priority 3 gone, the others changed back
    assert Quote.objects.get(text="First words.").tags.names()[0] == "光刻胶"  # tags stay on rows that stayed


def test_restoring_handles_swapped_priority_numbers(editor, article):
    before = state(article)
    revision = article.history.latest("history_date")
    first, second = Priority.objects.order_by("number")
    Priority.objects.filter(pk=first.pk).update(number=99)
    for priority, number in ((second, 1), (first, 2)):
        priority.number = number
        priority.save()

    restore_article_revision(article=article, history_id=revision.history_id, by=None)

    assert state(article) == before


def test_a_restore_is_itself_a_revision_that_can_be_undone(editor, article):
    before = state(article)
    original = article.history.latest("history_date")
    rework(editor, article)
    reworked = state(article)
    reworked_revision = article.history.latest("history_date")

    restore_article_revision(article=article, history_id=original.history_id, by=None)
    assert state(article) == before
    assert article.history.latest("history_date").history_date > reworked_revision.history_date

    restore_article_revision(article=article, history_id=reworked_revision.history_id, by=None)
    assert state(article) == reworked


def test_a_save_that_changes_nothing_records_no_revision(editor, article):
    def revision_counts():
        return [model.history.count() for model in (Article, Quote, Priority)]

    counts = revision_counts()
    save(editor, article, open_change_form(editor, article))
    save(editor, article, open_change_form(editor, article))

    assert revision_counts() == counts


def test_a_save_that_changes_only_a_quote_is_one_restorable_revision(editor, article):
    data = open_change_form(editor, article)
    data[f"quotes-{inline_row(data, 'quotes', 'text', 'First words.')}-text"] = "Only this changed."
    save(editor, article, data)

    latest = article.history.latest("history_date")
    quote_change = Quote.history.latest("history_date")
    assert latest.history_date == quote_change.history_date
    assert "Restore this version" in history_page(editor, article)


def test_restoring_skips_a_quote_whose_speaker_is_gone(editor, article):
    gone = SpeakerFactory(name="Gone Speaker")
    quote = QuoteFactory(article=article, speaker=gone, text="Words of a speaker deleted since.")
    save(editor, article, open_change_form(editor, article) | {"title": "With the third quote"})
    revision = article.history.latest("history_date")
    quote.delete()
    gone.delete()

    skipped = restore_article_revision(article=article, history_id=revision.history_id, by=None)

    assert skipped == ["Quote by (deleted speaker)"]
    assert sorted(Quote.objects.values_list("text", flat=True)) == ["First words.", "Second words."]
    assert Article.objects.get().title == "With the third quote"


def test_history_of_an_unknown_article_is_a_404(editor):
    assert editor.get("/admin/articles/article/999/history/").status_code == 404
    assert editor.get("/admin/articles/article/abc/history/").status_code == 404


# Time zones


def test_the_article_form_says_which_time_zone_it_uses(editor):
    page = editor.get("/admin/articles/article/add/").content.decode()
    assert "Times are China Standard Time (Asia/Shanghai, UTC+08:00)." in page


def test_a_publication_time_typed_in_the_form_is_beijing_time_stored_as_utc(editor, article):
    data = open_change_form(editor, article) | {"published_at_0": "2019-07-05", "published_at_1": "09:30:00"}
    save(editor, article, data)

    article.refresh_from_db()
    assert article.published_at == datetime.datetime(2019, 7, 5, 1, 30, tzinfo=datetime.UTC)


def test_time_zone_comes_from_the_environment():
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings; print(settings.TIME_ZONE)"
    env = {"DJANGO_SETTINGS_MODULE": "symposium.settings", "TIME_ZONE": "Europe/London", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "Europe/London"


def test_the_restore_page_lists_the_quotes_and_priorities_it_brings_back(editor, article):
    revision = article.history.latest("history_date")
    rework(editor, article)

    page = editor.get(f"/admin/articles/article/{article.pk}/history/{revision.history_id}/").content.decode()

    assert "also sets the article's quotes and priorities back to how they were at" in page
    for row in ("Quote by Li Shousheng: “Second words.”", "Priority 1: “Close the gaps”"):
        assert f"<li>{row}</li>" in page
    assert "Train the people" not in page
    assert editor.get(f"/admin/articles/article/{article.pk}/history/abc/").status_code == 404
