"""Articles linked to their translations: one article per language per group, linked and started by editors."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Quote
from articles.services import (
    TranslationRefused,
    link_translations,
    start_translation,
    unlink_translation,
)
from priorities.models import Priority
from tests.articles.test_roles import editor, logged_in, staff, wendy, writer  # noqa: F401  (fixtures)
from tests.articles.test_workflow import change_form
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CHINESE = Article.Language.CHINESE


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def translate_url(article):
    return f"/admin/articles/article/{article.pk}/translate/"


@pytest.fixture
def original():
    speaker = SpeakerFactory(name_en="Li Shousheng", name_zh_hans="李寿生")
    article = ArticleFactory(
        title="Five key works", standfirst="What they agreed.", body="The **sector** met.",
        event=EventFactory(name_en="Materials Forum", name_zh_hans="材料论坛"), tags=["photoresist", "光刻胶"],
    )  # fmt: skip
    QuoteFactory(article=article, speaker=speaker, text="Move faster.", role="Host", tags=["innovation"])
    PriorityFactory(article=article, number=1, title="Close the gaps", speaker=speaker, tags=["gaps"])
    return article


# The database


def test_two_articles_of_one_group_in_one_language_are_refused_by_the_database():
    first = ArticleFactory()
    link_translations(first, ArticleFactory(language=CHINESE))
    first.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(language="en", translation_group_id=first.translation_group_id)


def test_articles_in_no_group_may_share_a_language():
    ArticleFactory.create_batch(3, language=CHINESE)
    assert Article.objects.filter(translation_group=None).count() == 3


# Starting a translation


def test_start_translation_makes_a_linked_draft_with_the_event_speakers_and_tags(original):
    draft = start_translation(original, by=None)
    original.refresh_from_db()
    assert (draft.language, draft.status, draft.event_id) == (CHINESE, "draft", original.event_id)
    assert draft.translation_group_id == original.translation_group_id == original.pk
    assert (original.is_original, draft.is_original) == (True, False)
    assert sorted(draft.tags.names()) == ["photoresist", "光刻胶"]
    quote = Quote.objects.get(article=draft)
    assert (quote.speaker.name_zh_hans, quote.role, sorted(quote.tags.names())) == ("李寿生", "Host", ["innovation"])
    priority = Priority.objects.get(article=draft)
    assert (priority.number, priority.speaker_id, list(priority.tags.names())) == (1, quote.speaker_id, ["gaps"])
    assert draft.slug == f"{original.slug}-zh-hans"
    assert list(original.translations()) == [draft]


def test_start_translation_twice_is_refused_and_makes_nothing(original):
    start_translation(original)
    with pytest.raises(TranslationRefused, match="has a translation in that language already"):
        start_translation(original)
    assert Article.objects.count() == 2


def test_translating_a_translation_goes_back_to_the_original_language_only_if_free(original):
    draft = start_translation(original)
    with pytest.raises(TranslationRefused):
        start_translation(draft)  # the group has its English article: the original


# Linking


def test_link_translations_makes_the_older_article_the_original():
    older = ArticleFactory(title="Older")
    newer = ArticleFactory(title="更新", language=CHINESE)
    link_translations(newer, older)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.translation_group_id == newer.translation_group_id == older.pk
    assert older.is_original and not newer.is_original


@pytest.mark.parametrize(
    ("make_other", "refusal"),
    [
        (lambda a: ArticleFactory(title="Also English"), "is in English too"),
        (lambda a: a, "cannot be its own translation"),
    ],
)
def test_link_translations_refuses_what_cannot_be_a_translation(make_other, refusal):
    article = ArticleFactory()
    with pytest.raises(TranslationRefused, match=refusal):
        link_translations(article, make_other(article))
    assert not Article.objects.exclude(translation_group=None).exists()


def test_linking_an_article_already_linked_elsewhere_is_refused():
    english, chinese = ArticleFactory(title="English"), ArticleFactory(title="中文", language=CHINESE)
    link_translations(english, chinese)
    another_english = ArticleFactory(title="Another English")
    with pytest.raises(TranslationRefused, match="“English” is already linked"):
        link_translations(another_english, chinese)
    another_english.refresh_from_db()
    assert another_english.translation_group_id is None


def test_unlinking_one_of_two_leaves_no_group():
    english, chinese = ArticleFactory(), ArticleFactory(language=CHINESE)
    link_translations(english, chinese)
    unlink_translation(chinese)
    assert list(Article.objects.values_list("translation_group", flat=True)) == [None, None]


def test_deleting_the_original_leaves_its_translation_alone(original):
    draft = start_translation(original)
    original.delete()
    draft.refresh_from_db()
    assert draft.translation_group_id is None
    assert draft.is_original


# The admin: Translate


def test_change_form_offers_translate_and_the_button_opens_the_new_draft(editor, original):  # noqa: F811
    page = editor.get(change_url(original)).content.decode()
    assert "Translate into Chinese (simplified)" in page
    assert f'action="{translate_url(original)}"' in page
    response = editor.post(translate_url(original))
    draft = Article.objects.get(language=CHINESE)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert draft.last_modified_by.username == draft.created_by.username == "eddie"


def test_the_draft_shows_the_original_beside_its_form(editor, original):  # noqa: F811
    draft = start_translation(original)
    page = editor.get(change_url(draft)).content.decode()
    panel = page[page.index('class="translation-source"') :]
    assert 'lang="en"' in panel[:200]
    assert "Original" in panel[:400]
    assert "Five key works" in panel
    assert "What they agreed." in panel
    assert "<strong>sector</strong>" in panel
    assert "Translate into" not in page


def test_translate_is_refused_once_there_is_a_translation(editor, original):  # noqa: F811
    start_translation(original)
    response = editor.post(translate_url(original), follow=True)
    assert "has a translation in that language already" in response.content.decode()
    assert Article.objects.count() == 2


@pytest.mark.parametrize("object_id", ["999999", "abc", "1%00", "光刻胶"])
def test_translate_of_no_article_is_a_404(editor, object_id):  # noqa: F811
    assert editor.post(f"/admin/articles/article/{object_id}/translate/").status_code in (302, 404)
    assert Article.objects.count() == 0


def test_translate_needs_a_post(editor, original):  # noqa: F811
    assert editor.get(translate_url(original)).status_code == 405
    assert Article.objects.count() == 1


def test_a_writer_may_translate_a_published_article(writer, original):  # noqa: F811
    assert "Translate into" in writer.get(change_url(original)).content.decode()
    assert writer.post(translate_url(original)).status_code == 302
    draft = Article.objects.get(language=CHINESE)
    assert draft.status == Article.Status.DRAFT
    assert draft.created_by.username == "wendy"


def test_staff_who_may_not_add_articles_may_not_translate(original, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = logged_in(viewer)
    assert "Translate into" not in client.get(change_url(original)).content.decode()
    assert client.post(translate_url(original)).status_code == 403
    assert Article.objects.count() == 1


def test_the_public_cannot_translate(client, original):
    response = client.post(translate_url(original))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Article.objects.count() == 1


# The admin: linking in the form


def test_editor_links_a_translation_in_the_form(editor, original):  # noqa: F811
    chinese = ArticleFactory(title="化工新材料", language=CHINESE)
    response = editor.post(change_url(original), change_form(editor, original, translation=chinese.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    original.refresh_from_db()
    chinese.refresh_from_db()
    assert original.translation_group_id == chinese.translation_group_id == original.pk


def test_emptying_the_field_unlinks(editor, original):  # noqa: F811
    chinese = ArticleFactory(language=CHINESE)
    link_translations(original, chinese)
    response = editor.post(change_url(original), change_form(editor, original, translation=""))
    assert response.status_code == 302
    assert list(Article.objects.values_list("translation_group", flat=True)) == [None, None]


def form_errors(response):
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.errors.get("translation", []))


def test_linking_an_article_in_the_same_language_is_a_form_error(editor, original):  # noqa: F811
    other = ArticleFactory(title="Also English")
    errors = form_errors(editor.post(change_url(original), change_form(editor, original, translation=other.pk)))
    assert "“Also English” is in English too" in errors
    assert not Article.objects.exclude(translation_group=None).exists()


def test_linking_an_article_taken_by_another_is_a_form_error(editor, original):  # noqa: F811
    chinese = ArticleFactory(title="中文", language=CHINESE)
    link_translations(ArticleFactory(title="Its own original"), chinese)
    errors = form_errors(editor.post(change_url(original), change_form(editor, original, translation=chinese.pk)))
    assert "“Its own original” is already linked" in errors
    original.refresh_from_db()
    assert original.translation_group_id is None


@pytest.mark.parametrize("nasty", ["abc", "999999", "-1", "1 OR 1=1", "光刻胶", "1" * 40])
def test_nonsense_in_the_translation_field_is_a_form_error(editor, original, nasty):  # noqa: F811
    errors = form_errors(editor.post(change_url(original), change_form(editor, original, translation=nasty)))
    assert "Select a valid choice" in errors


def test_changing_the_language_to_the_translations_is_a_form_error(editor, original):  # noqa: F811
    draft = start_translation(original)
    response = editor.post(change_url(draft), change_form(editor, draft, language="en", translation=original.pk))
    assert response.status_code == 200
    assert "is in this language" in " ".join(response.context["adminform"].form.errors["language"])
    draft.refresh_from_db()
    assert draft.language == CHINESE


def test_a_writer_may_not_unlink_two_published_articles(writer, editor, original):  # noqa: F811
    chinese = ArticleFactory(language=CHINESE)
    link_translations(original, chinese)
    draft = ArticleFactory(title="Writer's draft", draft=True)
    # The writer's own draft: linking it to a published article that is linked elsewhere is refused too.
    errors = form_errors(writer.post(change_url(draft), change_form(writer, draft, translation=chinese.pk)))
    assert "already linked" in errors
    assert Article.objects.exclude(translation_group=None).count() == 2


def test_the_autocomplete_finds_articles_to_link(editor, original):  # noqa: F811
    ArticleFactory(title="化工新材料发展", language=CHINESE)
    response = editor.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "translation_group", "term": "化工"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["化工新材料发展"]


def test_a_new_article_is_linked_from_the_add_form(editor, original):  # noqa: F811
    from tests.articles.test_workflow import plain_form

    data = plain_form(title="五项重点工作", language="zh-Hans", status="draft", translation=original.pk)
    response = editor.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Article.objects.get(title="五项重点工作")
    original.refresh_from_db()
    assert new.translation_group_id == original.translation_group_id == original.pk
