"""What the README promises of history: every save of every kind keeps a revision with who made it."""

import pytest

from articles.models import Article, DeletedArticle
from priorities.models import Priority
from tests.admin_forms import change_url, save_in_admin
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(staff_client, django_user_model):
    staff_client.user = django_user_model.objects.get(username="editor")
    return staff_client


# Each kind, the field an editor changes, its old and its new value.
KINDS = {
    "quote": (lambda: QuoteFactory(text="First words."), "text", "First words.", "Second words."),
    "priority": (lambda: PriorityFactory(title="Close the gaps"), "title", "Close the gaps", "Close every gap"),
    "speaker": (lambda: SpeakerFactory(name="Xu Jian"), "name_en", "Xu Jian", "Xu Jian (CAS)"),
    "event": (lambda: EventFactory(name="Materials Forum"), "name_en", "Materials Forum", "Materials Forum 2019"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_in_the_admin_keeps_a_revision_with_the_editor(editor, kind):
    make, field, old, new = KINDS[kind]
    obj = make()
    save_in_admin(editor, obj, **{field: new})
    revisions = list(obj.history.order_by("history_date"))
    assert [(r.history_type, getattr(r, field)) for r in revisions] == [("+", old), ("~", new)]
    assert revisions[-1].history_user == editor.user
    history_page = editor.get(change_url(obj).replace("/change/", "/history/"))
    listed = history_page.context["page_obj"].object_list
    assert [(r.history_type, r.history_user) for r in listed] == [("~", editor.user), ("+", None)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_through_the_orm_keeps_a_revision_too(django_user_model, kind):
    make, field, _, new = KINDS[kind]
    obj = make()
    obj._history_user = django_user_model.objects.create_user("importer")
    setattr(obj, field, new)
    obj.save()
    latest = obj.history.latest("history_date")
    assert (latest.history_type, getattr(latest, field), latest.history_user.username) == ("~", new, "importer")


def test_restoring_a_deleted_article_brings_back_its_priorities(editor):
    article = ArticleFactory(title="Deleted by mistake")
    speaker = SpeakerFactory(name="Li Shousheng")
    PriorityFactory(article=article, number=1, title="Close the gaps", speaker=speaker)
    PriorityFactory(article=article, number=2, title="Lead the frontier")
    editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Priority.objects.exists()
    record = DeletedArticle.objects.get(id=article.pk, history_type="-")
    editor.post("/admin/articles/deletedarticle/", {"action": "restore_selected", "_selected_action": [record.pk]})
    restored = Article.objects.get()
    priorities = Priority.objects.filter(article=restored).order_by("number")
    assert [(p.number, p.title, p.speaker) for p in priorities] == [
        (1, "Close the gaps", speaker),
        (2, "Lead the frontier", None),
    ]
    page = editor.get(restored.get_absolute_url()).content.decode()
    assert "Close the gaps" in page and "Lead the frontier" in page
