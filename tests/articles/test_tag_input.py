"""Tags typed as editors type them, in English and Chinese, parse the same in every form."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag
from taggit.utils import edit_string_for_tags, parse_tags

from articles.models import Article, Quote
from priorities.models import Priority
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, SpeakerFactory

CHINESE_EDITOR_INPUT = "光刻胶，半导体材料、new materials"


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        (CHINESE_EDITOR_INPUT, ["光刻胶", "半导体材料", "new materials"]),
        ("photoresist, graphene", ["photoresist", "graphene"]),
        ("光刻胶，硅基材料", ["光刻胶", "硅基材料"]),
        ("光刻胶、硅基材料", ["光刻胶", "硅基材料"]),
        ("光刻胶;硅基材料", ["光刻胶", "硅基材料"]),
        ("光刻胶；硅基材料", ["光刻胶", "硅基材料"]),
        ("a,b，c、d;e；f", ["a", "b", "c", "d", "e", "f"]),
        (
            "十四五规划 ， new materials ；  high-quality development 、",
            ["十四五规划", "new materials", "high-quality development"],
        ),
    ],
)
def test_every_separator_and_mixtures_of_them(typed, tags):
    assert parse_tags(typed) == tags


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("new materials", ["new materials"]),
        ("  new    materials  ", ["new materials"]),
        ("new\u3000materials", ["new materials"]),  # the ideographic space of a Chinese keyboard
        ("14th Five-Year Plan, new materials", ["14th Five-Year Plan", "new materials"]),
    ],
)
def test_spaces_never_split_a_tag_and_are_trimmed(typed, tags):
    assert parse_tags(typed) == tags


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        # taggit's documented quoting, where commas decide (spaces never split here).
        ("apple, ball cat", ["apple", "ball cat"]),
        ('"apple, ball", cat dog', ["apple, ball", "cat dog"]),
        ('"apple, ball" cat dog', ["apple, ball", "cat dog"]),
        ('apple "ball cat" dog', ["apple", "ball cat", "dog"]),
        ('"apple" "ball dog', ["apple", "ball dog"]),  # an unclosed quote is ignored
        ('"光刻胶、光阻", 材料', ["光刻胶、光阻", "材料"]),
        ('"a, b"', ["a, b"]),
    ],
)
def test_quotes_keep_separators_inside_a_name(typed, tags):
    assert parse_tags(typed) == tags


def test_full_width_letters_and_digits_are_folded():
    assert parse_tags("ＡＩ，５Ｇ，ＡｒＦ光刻胶") == ["AI", "5G", "ArF光刻胶"]


def test_names_differing_only_in_case_or_width_count_once():
    assert parse_tags("AI, ai, ＡＩ, Ai") == ["AI"]


@pytest.mark.parametrize("typed", ["", "   ", ",,，、;", '""', '" "'])
def test_nothing_but_separators_is_no_tag(typed):
    assert parse_tags(typed) == []


def test_a_name_no_tag_can_have_is_a_clear_error():
    with pytest.raises(ValidationError, match="at most 100 characters"):
        parse_tags("x" * 101)
    with pytest.raises(ValidationError, match="no letters or digits"):
        parse_tags("photoresist, ！！！")
    assert parse_tags("x" * 100) == ["x" * 100]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        ["光刻胶", "半导体材料", "new materials"],
        ["a, b", "c; d", "光刻胶、光阻", "new materials", "plain"],
        ["Photoresist", "十四五规划"],
    ],
)
def test_the_admin_text_of_tags_parses_back_to_the_same_tags(names):
    """Names as the parser makes them (NFKC-folded); older unfolded names are folded on their next edit."""
    tags = [Tag.objects.create(name=name) for name in names]
    assert sorted(parse_tags(edit_string_for_tags(tags))) == sorted(names)


@pytest.mark.django_db
def test_the_admin_text_of_tags_is_comma_separated_with_quotes_only_where_needed():
    tags = [Tag.objects.create(name=name) for name in ["new materials", "a, b", "光刻胶"]]
    assert edit_string_for_tags(tags) == '"a, b", new materials, 光刻胶'


# In every form where tags are typed: the article, its quote and priority
# inlines, and the quote and priority admins.


@pytest.mark.django_db
def test_article_form_and_its_inlines_parse_chinese_separators(staff_client):
    speaker = SpeakerFactory()
    data = article_form(
        speaker,
        tags=CHINESE_EDITOR_INPUT,
        **{"quotes-0-tags": "光阻；ＡＩ", "priorities-0-tags": "硅基材料、new materials"},
    )
    response = staff_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert sorted(article.tags.names()) == sorted(["光刻胶", "半导体材料", "new materials"])
    assert sorted(Quote.objects.get(text="First words.").tags.names()) == ["AI", "光阻"]
    assert sorted(Priority.objects.get(number=1).tags.names()) == ["new materials", "硅基材料"]
    assert Tag.objects.filter(name="new materials").count() == 1


@pytest.mark.django_db
def test_quote_admin_parses_tags_the_same_way(staff_client):
    article, speaker = ArticleFactory(), SpeakerFactory()
    data = {"article": article.pk, "speaker": speaker.pk, "text": "Words.", "role": "", "position": "1"}
    response = staff_client.post("/admin/articles/quote/add/", {**data, "tags": CHINESE_EDITOR_INPUT})
    assert response.status_code == 302
    assert sorted(Quote.objects.get().tags.names()) == sorted(["光刻胶", "半导体材料", "new materials"])


@pytest.mark.django_db
def test_priority_admin_parses_tags_the_same_way(staff_client):
    data = {"article": ArticleFactory().pk, "number": "1", "title": "Close gaps", "slug": "", "description": ""}
    response = staff_client.post("/admin/priorities/priority/add/", {**data, "speaker": "", "tags": "ＡＩ；光刻胶"})
    assert response.status_code == 302
    assert sorted(Priority.objects.get().tags.names()) == ["AI", "光刻胶"]


@pytest.mark.django_db
def test_a_tag_typed_in_another_case_or_width_is_the_existing_tag(staff_client):
    existing = ArticleFactory(tags=["photoresist", "AI"]).tags.get(name="photoresist")
    response = staff_client.post(
        "/admin/articles/article/add/", article_form(SpeakerFactory(), tags="Photoresist，ａｉ")
    )
    assert response.status_code == 302
    article = Article.objects.latest("pk")
    assert sorted(article.tags.names()) == ["AI", "photoresist"]
    assert article.tags.get(name="photoresist") == existing
    assert Tag.objects.count() == 4  # photoresist, AI, and the inlines' 光刻胶 and gaps


@pytest.mark.django_db
def test_an_impossible_tag_is_a_form_error_not_a_crash(staff_client):
    response = staff_client.post(
        "/admin/articles/article/add/", article_form(SpeakerFactory(), tags="ok, " + "长" * 101)
    )
    assert response.status_code == 200
    assert "A tag name has at most 100 characters" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_editing_an_article_shows_its_tags_as_they_parse_back(staff_client):
    article = ArticleFactory(tags=["new materials", "光刻胶", "a, b"])
    page = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'value="&quot;a, b&quot;, new materials, 光刻胶"' in page
