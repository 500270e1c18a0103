import pytest

from articles.models import Article, Quote
from priorities.models import Priority
from tests.factories import ArticleFactory, SpeakerFactory

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


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?status__exact=draft",
        "/admin/articles/article/?tag=photoresist",
        "/admin/articles/article/?q=report",
        "/admin/articles/speaker/?q=li",
        "/admin/articles/event/?q=forum",
        "/admin/articles/quote/",
        "/admin/priorities/priority/",
    ],
)
def test_admin_lists_render(staff_client, url):
    ArticleFactory(tags=["photoresist"])
    assert staff_client.get(url).status_code == 200
