import datetime

import pytest

from articles.models import Article, Quote
from priorities.models import Priority
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def article_form(speaker, **overrides):
    data = {
        "title": "化工新材料 symposium",
        "slug": "",
        "language": "en",
        "standfirst": "Short.",
        "body": "Some **Markdown**.",
        "tags": "photoresist, 光刻胶",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "event": "",
        **inline(
            "quotes",
            [
                {"speaker": speaker.pk, "text": "First words.", "position": "1", "role": "", "tags": "光刻胶"},
                {"speaker": speaker.pk, "text": "Second words.", "position": "2", "role": "", "tags": ""},
            ],
        ),
        **inline(
            "priorities",
            [
                {"number": "1", "title": "Close the gaps", "description": "", "speaker": speaker.pk, "tags": "gaps"},
                {"number": "2", "title": "Lead the frontier", "description": "", "speaker": "", "tags": ""},
            ],
        ),
    }
    data.update(overrides)
    return data


def test_staff_creates_whole_article_on_one_page(staff_client):
    speaker = SpeakerFactory(name="Li Shousheng")
    response = staff_client.post("/admin/articles/article/add/", article_form(speaker))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get()
    assert article.slug == "化工新材料-symposium"
    assert article.is_public
    assert sorted(article.tags.names()) == ["photoresist", "光刻胶"]
    assert list(Quote.objects.filter(article=article).values_list("text", flat=True)) == [
        "First words.",
        "Second words.",
    ]
    assert list(Quote.objects.get(text="First words.").tags.names()) == ["光刻胶"]
    assert list(Priority.objects.filter(article=article).values_list("number", "title")) == [
        (1, "Close the gaps"),
        (2, "Lead the frontier"),
    ]
    assert staff_client.get(article.get_absolute_url()).status_code == 200


def test_duplicate_priority_numbers_are_a_form_error(staff_client):
    speaker = SpeakerFactory()
    data = article_form(speaker, **{"priorities-1-number": "1"})
    response = staff_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for number" in response.content.decode()
    assert not Article.objects.exists()


def test_non_staff_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-reader-123")
    client.force_login(user)
    response = client.post("/admin/articles/article/add/", article_form(SpeakerFactory()))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Article.objects.exists()


def test_anonymous_is_sent_to_login(client):
    assert client.get("/admin/articles/article/")["Location"].startswith("/admin/login/")


def test_bulk_publish_and_unpublish_actions(staff_client):
    drafts = [ArticleFactory(draft=True) for _ in range(2)]
    ids = [str(a.pk) for a in drafts]
    staff_client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    staff_client.post("/admin/articles/article/", {"action": "unpublish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 0


def test_speaker_autocomplete_from_article_form(staff_client):
    SpeakerFactory(name="Xu Jian")
    SpeakerFactory(name="Teng Fei")
    response = staff_client.get(
        "/admin/autocomplete/",
        {"term": "xu", "app_label": "articles", "model_name": "quote", "field_name": "speaker"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Xu Jian"]


def test_article_form_has_inlines_autocomplete_and_add_link(staff_client):
    page = staff_client.get("/admin/articles/article/add/").content.decode()
    assert 'id="quotes-group"' in page
    assert 'id="priorities-group"' in page
    assert "admin-autocomplete" in page
    assert 'id="add_id_quotes-0-speaker"' in page


@pytest.fixture
def listed():
    """Content that each admin list filter and search splits in a known way."""
    forum = EventFactory(name="Materials Forum")
    summit = EventFactory(name="Energy Summit", location="Ningbo")
    published = ArticleFactory(title="Published report", tags=["photoresist"], event=forum,
                               published_at=datetime.datetime(2019, 7, 8, tzinfo=datetime.UTC))  # fmt: skip
    draft = ArticleFactory(title="Draft report", draft=True, tags=["光刻胶"], event=summit, language="zh-Hans")
    ArticleFactory(title="Note for review", status=Article.Status.REVIEW, published_at=None, body="Silicon wafers.")
    li = SpeakerFactory(name="Li Shousheng", position="President")
    xu = SpeakerFactory(name="Xu Jian", position="Deputy Director", organisation="Institute of Chemistry")
    QuoteFactory(article=published, speaker=li, text="An alarm bell for the industry.")
    QuoteFactory(article=draft, speaker=xu, text="Innovation first.")
    PriorityFactory(article=published, number=1, title="Close the gaps")
    PriorityFactory(article=draft, number=1, title="Lead the frontier", description="Photoresist plants.")
    return {"forum": forum.pk, "summit": summit.pk}


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        ("/admin/articles/article/", ["Draft report", "Note for review", "Published report"]),
        ("/admin/articles/article/?status__exact=draft", ["Draft report"]),
        ("/admin/articles/article/?status__exact=review", ["Note for review"]),
        ("/admin/articles/article/?status__exact=published", ["Published report"]),
        ("/admin/articles/article/?language__exact=zh-Hans", ["Draft report"]),
        ("/admin/articles/article/?event__id__exact={forum}", ["Published report"]),
        ("/admin/articles/article/?event__id__exact={summit}", ["Draft report"]),
        ("/admin/articles/article/?tag=photoresist", ["Published report"]),
        ("/admin/articles/article/?tag=光刻胶", ["Draft report"]),
        ("/admin/articles/article/?tag=photoresist&status__exact=draft", []),
        ("/admin/articles/article/?published_at__year=2019", ["Published report"]),
        ("/admin/articles/article/?q=report", ["Draft report", "Published report"]),
        ("/admin/articles/article/?q=wafers", ["Note for review"]),
        ("/admin/articles/speaker/?q=li", ["Li Shousheng"]),
        ("/admin/articles/speaker/?q=chemistry", ["Xu Jian"]),
        ("/admin/articles/event/?q=forum", ["Materials Forum"]),
        ("/admin/articles/event/?q=ningbo", ["Energy Summit"]),
        ("/admin/articles/quote/?q=alarm", ["Li Shousheng: An alarm bell for the industry."]),
        ("/admin/articles/quote/?q=xu", ["Xu Jian: Innovation first."]),
        ("/admin/priorities/priority/?q=gaps", ["1. Close the gaps"]),
        ("/admin/priorities/priority/?q=photoresist", ["1. Lead the frontier"]),
    ],
)
def test_admin_lists_filter_and_search(staff_client, listed, url, rows):
    response = staff_client.get(url.format(**listed))
    assert response.status_code == 200
    assert sorted(str(obj) for obj in response.context["cl"].result_list) == rows


def test_article_list_offers_its_filters(staff_client, listed):
    changelist = staff_client.get("/admin/articles/article/").context["cl"]
    assert [str(spec.title) for spec in changelist.filter_specs] == ["status", "language", "event", "tag"]
    tag_choices = [choice["display"] for choice in changelist.filter_specs[3].choices(changelist)]
    assert tag_choices == ["All", "photoresist", "光刻胶"]
