"""The article form's "Propose from text": its panel, and the two staff-only endpoints behind it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article, Speaker
from tests.factories import ArticleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

PROPOSE = "/admin/articles/article/propose/"
ADD_SPEAKER = "/admin/articles/article/propose/speaker/"
REPORT = (
    "Zhang Lei, president of the Coastal Polymer Federation, said: “We will not cut research this year.”\n\n"
    "中国涂料工业协会会长韩明提出：一是稳定供应；二是提升质量。"
)


def staff(name, group=None):
    user = get_user_model().objects.create_user(name, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def writer():
    return logged_in(staff("wendy", "Writers"))


def test_writer_gets_proposals_with_speakers_on_file(writer):
    on_file = SpeakerFactory(name="韩明")
    response = writer.post(PROPOSE, {"text": REPORT})
    assert response.status_code == 200
    data = response.json()
    assert [(s["name"], s["existing_id"], s["existing_label"]) for s in data["speakers"]] == [
        ("Zhang Lei", None, ""),
        ("韩明", on_file.pk, "韩明"),
    ]
    assert [q for q in data["quotes"] if not q["reported"]] == [
        {
            "speaker": "Zhang Lei",
            "text": "We will not cut research this year.",
            "reported": False,
            "source": REPORT.split("\n", maxsplit=1)[0],
        }
    ]
    assert [(p["number"], p["title"], p["speaker"]) for p in data["priorities"]] == [
        (1, "稳定供应", "韩明"),
        (2, "提升质量", "韩明"),
    ]
    assert data["can_add_speakers"] is True
    assert data["text"] == REPORT
    assert Speaker.objects.count() == 1 and Article.objects.count() == 0  # nothing saved


def test_html_pasted_from_a_page_is_read_as_text(writer):
    html = "<div><p>Zhang Lei said: “We will not cut research this year.”</p><p>Next</p></div>"
    data = writer.post(PROPOSE, {"text": html}).json()
    assert data["text"] == "Zhang Lei said: “We will not cut research this year.”\n\nNext"


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "no text"), ("x" * 250_000, "at most 100,000"), ("\x00\x01\x02\x03\x04" * 10, "binary")],
)
def test_bad_text_is_a_400_with_a_message(writer, text, message):
    response = writer.post(PROPOSE, {"text": text})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_over_the_upload_limit_is_a_400_not_a_500(writer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert writer.post(PROPOSE, {"text": "y" * 5000}).status_code == 400


def test_staff_without_article_permissions_get_403(writer):
    client = logged_in(staff("viewer"))
    assert client.post(PROPOSE, {"text": REPORT}).status_code == 403
    assert client.post(ADD_SPEAKER, {"name": "Zhang Lei"}).status_code == 403
    assert Speaker.objects.count() == 0


def test_anonymous_is_sent_to_log_in_and_get_is_refused(client, writer):
    response = client.post(PROPOSE, {"text": REPORT})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert writer.get(PROPOSE).status_code == 405


def test_csrf_token_is_required():
    client = logged_in(staff("carl", "Writers"), enforce_csrf_checks=True)
    assert client.post(PROPOSE, {"text": REPORT}).status_code == 403


def test_adding_a_speaker_goes_through_the_service(writer):
    response = writer.post(ADD_SPEAKER, {"name": " Zhang  Lei ", "position": "president", "organisation": "Coastal"})
    assert response.status_code == 201
    speaker = Speaker.objects.get()
    assert (speaker.name, speaker.position, speaker.organisation) == ("Zhang Lei", "president", "Coastal")
    assert speaker.history.get().history_user.username == "wendy"
    again = writer.post(ADD_SPEAKER, {"name": "Zhang Lei"})
    assert again.status_code == 200 and again.json()["id"] == speaker.pk
    assert writer.post(ADD_SPEAKER, {"name": "  "}).status_code == 400
    assert writer.post(ADD_SPEAKER, {"name": "n" * 300}).status_code == 400
    assert Speaker.objects.count() == 1


def test_panel_is_on_the_add_and_change_forms(writer):
    assert b'id="propose-panel"' in writer.get("/admin/articles/article/add/").content
    article = ArticleFactory(status=Article.Status.DRAFT)
    page = writer.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'id="propose-panel"' in page
    assert "articles/admin/propose." in page
    assert "<script>" not in page.split('id="propose-panel"')[1].split("</section>")[0]


def test_panel_is_not_on_a_form_the_user_may_only_view():
    article = ArticleFactory(status=Article.Status.PUBLISHED)
    page = logged_in(staff("wanda", "Writers")).get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    assert b'id="propose-panel"' not in page.content
