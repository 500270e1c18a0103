"""Speakers and events named in both languages, shown in the page's language, falling back to the other."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import translation

from articles.models import Article, Event, Speaker
from articles.services import link_translations
from tests.factories import ArticleFactory, EventFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

LI = {
    "name_en": "Li Shousheng",
    "name_zh_hans": "李寿生",
    "position_en": "President",
    "position_zh_hans": "会长",
    "organisation_en": "China Petroleum and Chemical Industry Federation",
    "organisation_zh_hans": "中国石油和化学工业联合会",
}
migration = importlib.import_module("articles.migrations.0011_bilingual_names_and_translations")


@pytest.fixture
def li():
    speaker = SpeakerFactory(slug="li-shousheng", **LI)
    QuoteFactory(speaker=speaker, text="Move faster.")
    return speaker


def test_the_speaker_page_names_them_in_each_language(client, li):
    english = client.get("/speakers/li-shousheng/").content.decode()
    chinese = client.get("/zh-hans/speakers/li-shousheng/").content.decode()
    assert "<h1>Li Shousheng</h1>" in english
    assert "President" in english and "China Petroleum and Chemical Industry Federation" in english
    assert "<h1>李寿生</h1>" in chinese
    assert "会长" in chinese and "中国石油和化学工业联合会" in chinese
    assert "李寿生" not in english.split("<main", 1)[1] and "Li Shousheng" not in chinese.split("<main", 1)[1]


@pytest.mark.parametrize(
    ("given", "english", "chinese"), [("name_en", "Xu Jian", "Xu Jian"), ("name_zh_hans", "徐坚", "徐坚")]
)
def test_a_name_missing_in_one_language_falls_back_to_the_other(client, given, english, chinese):
    speaker = SpeakerFactory(**{"name_en": "", given: english, "position_en": "", "organisation_en": ""})
    QuoteFactory(speaker=speaker)
    url = f"/speakers/{speaker.slug}/"
    assert f"<h1>{english}</h1>" in client.get(url).content.decode()
    assert f"<h1>{chinese}</h1>" in client.get(f"/zh-hans{url}").content.decode()


def test_events_are_named_in_each_language(client):
    event = EventFactory(name_en="Materials Forum", name_zh_hans="材料论坛", slug="materials-forum")
    ArticleFactory(event=event)
    assert "<h1>Materials Forum</h1>" in client.get("/events/materials-forum/").content.decode()
    assert "<h1>材料论坛</h1>" in client.get("/zh-hans/events/materials-forum/").content.decode()


def test_quotes_in_both_versions_of_an_article_link_to_the_same_speaker(client, li):
    english = ArticleFactory(slug="five-key-works")
    chinese = ArticleFactory(slug="五项重点工作", language=Article.Language.CHINESE)
    QuoteFactory(article=english, speaker=li, text="Move faster.")
    QuoteFactory(article=chinese, speaker=li, text="加快步伐。")
    link_translations(english, chinese)
    link = '<a class="pull-quote__speaker" href="{}">{}</a>'
    assert (
        link.format("/speakers/li-shousheng/", "Li Shousheng")
        in client.get("/articles/five-key-works/").content.decode()
    )
    page = client.get("/zh-hans/articles/五项重点工作/").content.decode()
    assert link.format("/zh-hans/speakers/li-shousheng/", "李寿生") in page


def test_a_speaker_or_event_needs_a_name_in_some_language():
    for model in (Speaker, Event):
        with pytest.raises(IntegrityError), transaction.atomic():
            extra = {"start_date": "2019-07-05"} if model is Event else {}
            model.objects.create(name_en="", name_zh_hans="", slug=f"nameless-{model.__name__}", **extra)


@pytest.mark.parametrize("nasty", [{"name_en": "", "name_zh_hans": ""}, {"name_en": "   ", "name_zh_hans": "\t"}])
def test_the_admin_asks_for_a_name_in_either_language(staff_client, nasty):
    response = staff_client.post("/admin/articles/speaker/add/", {**nasty, "slug": ""})
    assert response.status_code == 200
    assert "Give the name in English, in Chinese, or both." in response.content.decode()
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("term", ["Shousheng", "李寿生", "寿生", "会长"])
def test_the_speaker_autocomplete_finds_either_name(staff_client, li, term):
    SpeakerFactory(name_en="Teng Fei", name_zh_hans="滕飞")
    response = staff_client.get(
        "/admin/autocomplete/", {"app_label": "articles", "model_name": "quote", "field_name": "speaker", "term": term}
    )
    assert [row["text"] for row in response.json()["results"]] == ["Li Shousheng / 李寿生"]


def test_setting_name_puts_it_in_the_language_of_its_script():
    speaker = Speaker(name="李寿生")
    speaker.name = "Li Shousheng"
    assert (speaker.name_en, speaker.name_zh_hans) == ("Li Shousheng", "李寿生")
    with translation.override("zh-hans"):
        assert speaker.name == "李寿生"
    with translation.override("en"):
        assert speaker.name == "Li Shousheng"
    assert str(speaker) == "Li Shousheng / 李寿生"


def test_the_migration_moves_names_written_in_chinese_to_the_chinese_fields():
    speaker = SpeakerFactory(name_en="李寿生", position_en="会长", organisation_en="Federation (联合会)")
    event = EventFactory(name_en="化工新材料产业发展战略研讨会")
    article = ArticleFactory(title="化工新材料", body="中国化工新材料产业发展迅速。")
    english = ArticleFactory(title="New materials 化工", body="The industry grew.")
    migration.move_chinese_names(apps, None)
    migration.mark_chinese_articles(apps, None)
    speaker.refresh_from_db()
    event.refresh_from_db()
    assert (speaker.name_en, speaker.name_zh_hans, speaker.position_zh_hans) == ("", "李寿生", "会长")
    assert speaker.organisation_en == "Federation (联合会)"
    assert (event.name_en, event.name_zh_hans) == ("", "化工新材料产业发展战略研讨会")
    assert Article.objects.get(pk=article.pk).language == "zh-Hans"
    assert Article.objects.get(pk=english.pk).language == "en"


@pytest.mark.parametrize("name", ["Li Shousheng", "李寿生"])
def test_a_proposed_speaker_is_found_on_file_by_either_name(li, name):
    from articles.extraction.matching import match_speakers
    from articles.extraction.types import Proposals, SpeakerProposal
    from articles.services import add_speaker

    assert add_speaker(name=name) == (li, False)
    proposals = Proposals(speakers=[SpeakerProposal(name=name)])
    assert match_speakers(proposals).speakers[0].existing_id == li.pk


def test_adding_a_speaker_named_in_chinese_gives_them_a_chinese_name():
    from articles.services import add_speaker

    speaker, created = add_speaker(name="韩明", position="会长")
    assert created and (speaker.name_en, speaker.name_zh_hans, speaker.position_zh_hans) == ("", "韩明", "会长")
