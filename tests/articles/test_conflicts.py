"""Two people editing one article: the second save is refused, naming what the first changed."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import Article, Quote
from priorities.models import Priority
from tests.articles.browser_form import form_data, inline_row, open_change_form
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def editor_client(django_user_model, name):
    user = django_user_model.objects.create_user(name, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def eddie(django_user_model):
    return editor_client(django_user_model, "eddie")


@pytest.fixture
def olga(django_user_model):
    return editor_client(django_user_model, "olga")


@pytest.fixture
def article():
    article = ArticleFactory(title="Shared", body="Start", draft=True)
    QuoteFactory(article=article, speaker=SpeakerFactory(name="Li Shousheng"), text="Original words.", position=1)
    QuoteFactory(article=article, speaker=SpeakerFactory(name="Xu Jian"), text="Other words.", position=2)
    PriorityFactory(article=article, number=1, title="Close the gaps")
    PriorityFactory(article=article, number=2, title="Lead the frontier")
    return article


def save(client, article, data):
    return client.post(f"/admin/articles/article/{article.pk}/change/", data)


def add_priority(data, number, title):
    row = int(data["priorities-TOTAL_FORMS"]) - 1  # the blank extra row
    data |= {f"priorities-{row}-number": str(number), f"priorities-{row}-title": title}
    return data


def test_a_changed_quote_refuses_the_second_save_and_names_it(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first[f"quotes-{inline_row(first, 'quotes', 'text', 'Original words.')}-text"] = "Eddie's corrected words."
    assert save(eddie, article, first).status_code == 302
    second["body"] = "Olga's careful rewrite"

    refused = save(olga, article, second)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Not saved: eddie saved this article at" in page
    assert "Quote by Li Shousheng: text: “Eddie&#x27;s corrected words.”" in page
    assert "Nothing you typed was saved: the form below still holds your version." in page
    assert "Please correct the error" not in page
    assert "Olga&#x27;s careful rewrite" in page  # still in the textarea
    article.refresh_from_db()
    assert article.body == "Start"
    assert Quote.objects.filter(text="Eddie's corrected words.").exists()


def test_saving_again_after_the_refusal_overwrites_knowingly(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first[f"quotes-{inline_row(first, 'quotes', 'text', 'Original words.')}-text"] = "Eddie's corrected words."
    save(eddie, article, first)
    second["body"] = "Olga's careful rewrite"
    refused = save(olga, article, second)

    again = form_data(refused.content.decode())
    assert save(olga, article, again).status_code == 302

    article.refresh_from_db()
    assert article.body == "Olga's careful rewrite"
    assert sorted(Quote.objects.filter(article=article).values_list("text", flat=True)) == [
        "Original words.",
        "Other words.",
    ]


def test_an_added_priority_refuses_the_second_save(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    assert save(eddie, article, add_priority(first, 3, "Train the people")).status_code == 302
    second["title"] = "Olga's title"

    page = save(olga, article, second).content.decode()

    assert "Priority 3 added: “Train the people”" in page
    assert Article.objects.get().title == "Shared"


def test_a_deleted_quote_refuses_the_second_save(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first[f"quotes-{inline_row(first, 'quotes', 'text', 'Other words.')}-DELETE"] = "on"
    assert save(eddie, article, first).status_code == 302
    second["standfirst"] = "Olga's standfirst"

    refused = save(olga, article, second)

    page = refused.content.decode()
    assert "Quote by Xu Jian deleted" in page
    assert "Please correct the error" not in page  # the row Olga still holds is no error
    assert Article.objects.get().standfirst == "What was said."
    assert not Quote.objects.filter(text="Other words.").exists()


def test_saving_again_brings_back_a_quote_deleted_meanwhile(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first[f"quotes-{inline_row(first, 'quotes', 'text', 'Other words.')}-DELETE"] = "on"
    save(eddie, article, first)
    second[f"quotes-{inline_row(second, 'quotes', 'text', 'Other words.')}-text"] = "Other words, as Olga has them."
    refused = save(olga, article, second)

    assert save(olga, article, form_data(refused.content.decode())).status_code == 302

    assert sorted(Quote.objects.filter(article=article).values_list("speaker__name_en", "text")) == [
        ("Li Shousheng", "Original words."),
        ("Xu Jian", "Other words, as Olga has them."),
    ]


def test_a_changed_priority_is_named_with_its_field(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first[f"priorities-{inline_row(first, 'priorities', 'title', 'Close the gaps')}-title"] = "Close every gap"
    save(eddie, article, first)

    page = save(olga, article, second).content.decode()

    assert "Priority 1: title: “Close every gap”" in page
    assert Priority.objects.get(number=1).title == "Close every gap"


def test_the_message_names_the_time_to_the_second_in_china(eddie, olga, article):
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first["body"] = "Eddie's body"
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    moment = tomorrow.replace(hour=6, minute=3, second=27, microsecond=512000, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        save(eddie, article, first)

    page = save(olga, article, second).content.decode()

    # 06:03:27.512 UTC is 14:03:27 the same day in Beijing.
    assert f"eddie saved this article at {moment.day} {moment:%b %Y}, 14:03:27 while you were editing it" in page
    assert "Times are China Standard Time (Asia/Shanghai, UTC+08:00)." in page
    assert "Body: “Eddie&#x27;s body”" in page


def test_the_message_lists_only_what_a_person_changed(eddie, olga):
    article = ArticleFactory(title="Live", body="Start")  # published_at carries microseconds
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    first["title"] = "Live, retitled"
    save(eddie, article, first)

    page = save(olga, article, second).content.decode()

    assert "Title: “Live, retitled”" in page
    for internal in ("published_at", "Published at", "event_id", "updated"):
        assert internal not in page.split('class="errornote edit-conflict"')[1].split("</div>")[0]


def test_a_save_that_changed_nothing_is_no_conflict(eddie, olga):
    article = ArticleFactory(title="Live", body="Start")  # the form drops published_at's microseconds
    first, second = open_change_form(eddie, article), open_change_form(olga, article)
    assert save(eddie, article, first).status_code == 302
    second["body"] = "Olga's body"

    assert save(olga, article, second).status_code == 302
    assert Article.objects.get().body == "Olga's body"


def test_a_tampered_form_is_refused_with_a_message_not_an_error_page(eddie, olga, article):
    second = open_change_form(olga, article)
    first = open_change_form(eddie, article)
    first["body"] = "Eddie's body"
    save(eddie, article, first)

    for token in ("not a date", "2025-01-01T00:00:00", ""):
        response = save(olga, article, second | {"edited_from": token, "body": "Olga's body"})
        assert response.status_code == 200
        assert "Not saved: eddie saved this article at" in response.content.decode()
    assert Article.objects.get().body == "Eddie's body"
