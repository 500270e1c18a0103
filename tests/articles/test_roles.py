"""Writers cannot change published work by any path; editors can do all of it.

Every refused request is checked twice: the database (every row of the
content, its tags and its revisions) and the public pages a reader sees,
fetched anonymously with a cold cache, are exactly what they were before.
"""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client

from articles.models import Article, Event, Quote, Speaker, TaggedArticle, TaggedQuote
from priorities.models import Priority, TaggedPriority
from tests.articles.test_workflow import change_form, plain_form
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

REFUSED_TARGET = "Choose an article that is not published"


def staff(name, group):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(name, is_staff=True)  # no password: force_login, and no slow hashing
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wendy():
    return staff("wendy", "Writers")


@pytest.fixture
def writer(wendy):
    return logged_in(wendy)


@pytest.fixture
def editor():
    return logged_in(staff("eddie", "Editors"))


@pytest.fixture
def live():
    """A published article, its event, a quote and a priority, each by its own speaker."""
    event = EventFactory(name="Live Forum")
    article = ArticleFactory(title="Live report", event=event)
    quote = QuoteFactory(article=article, text="Live words.", speaker=SpeakerFactory(name="Quoted Speaker"))
    priority = PriorityFactory(article=article, number=1, title="Live priority",
                               speaker=SpeakerFactory(name="Priority Speaker"))  # fmt: skip
    return article, quote, priority


@pytest.fixture
def draft():
    """Another writer's draft, with a quote and a priority."""
    article = ArticleFactory(title="Olga's draft", draft=True, created_by=staff("olga", "Writers"))
    quote = QuoteFactory(article=article, text="Draft words.")
    priority = PriorityFactory(article=article, number=1, title="Draft priority")
    return article, quote, priority


def public_urls(article):
    """Every public page that shows the article or a part of it."""
    urls = ["/", article.get_absolute_url(), "/speakers/", "/events/", "/priorities/"]
    urls += [quote.get_absolute_url() for quote in article.quotes.all()]
    urls += [priority.get_absolute_url() for priority in article.priorities.all()]
    urls += [quote.speaker.get_absolute_url() for quote in article.quotes.all()]
    urls += [priority.speaker.get_absolute_url() for priority in article.priorities.all() if priority.speaker]
    if article.event:
        urls.append(article.event.get_absolute_url())
    return urls


def public_pages(urls):
    for cache in caches.all():
        cache.clear()
    reader = Client()
    return {url: (response.status_code, response.content) for url in urls for response in [reader.get(url)]}


def content_state():
    models = [Article, Quote, Priority, Speaker, Event, TaggedArticle, TaggedQuote, TaggedPriority]
    state = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    for model in (Article, Quote, Priority, Speaker, Event):
        state[f"{model.__name__} revisions"] = model.history.count()
    return state


@contextmanager
def nothing_changes(article):
    urls = public_urls(article)
    pages, state = public_pages(urls), content_state()
    assert all(status == 200 for status, _ in pages.values())
    yield
    assert content_state() == state
    assert public_pages(urls) == pages


@contextmanager
def public_pages_change(article):
    urls = public_urls(article)
    pages = public_pages(urls)
    yield
    assert public_pages(urls) != pages


def quote_form(quote, **overrides):
    return {"article": quote.article_id, "speaker": quote.speaker_id, "text": quote.text, "role": quote.role,
            "position": quote.position, "tags": ""} | overrides  # fmt: skip


def priority_form(priority, **overrides):
    return {"article": priority.article_id, "number": priority.number, "title": priority.title,
            "slug": priority.slug, "description": priority.description,
            "speaker": priority.speaker_id or "", "tags": ""} | overrides  # fmt: skip


def speaker_form(speaker, **overrides):
    return {"name_en": speaker.name_en, "name_zh_hans": speaker.name_zh_hans, "slug": speaker.slug,
            "position_en": speaker.position_en, "organisation_en": speaker.organisation_en,
            "bio": speaker.bio} | overrides  # fmt: skip


def event_form(event, **overrides):
    return {"name_en": event.name_en, "name_zh_hans": event.name_zh_hans, "slug": event.slug,
            "start_date": event.start_date.isoformat(),
            "end_date": "", "location": event.location, "organiser": event.organiser,
            "summary": event.summary} | overrides  # fmt: skip


FORMS = {"quote": quote_form, "priority": priority_form, "speaker": speaker_form, "event": event_form}
A_CHANGE = {"quote": {"text": "Changed words."}, "priority": {"title": "Changed"},
            "speaker": {"name_en": "Changed Name"}, "event": {"name_en": "Changed Forum"}}  # fmt: skip


def published_thing(live, kind):
    article, quote, priority = live
    return {"quote": quote, "priority": priority, "speaker": quote.speaker, "event": article.event}[kind]


def quote_row(quote, **overrides):
    return {"id": quote.pk, "article": quote.article_id, "speaker": quote.speaker_id, "text": quote.text,
            "position": quote.position, "tags": ""} | overrides  # fmt: skip


def inline_rows(prefix, rows, initial):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


# The article form and its inlines


def test_writer_cannot_change_a_published_article_through_its_form(writer, live):
    article = live[0]
    data = plain_form(title="Changed by a writer", slug=article.slug, status="review")
    with nothing_changes(article):
        assert writer.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 403


def test_writer_cannot_change_a_published_articles_quotes_and_priorities_through_its_inlines(writer, live):
    article, quote, priority = live
    data = plain_form(title=article.title, slug=article.slug, status="published")
    data |= inline_rows("quotes", [quote_row(quote, text="Rewritten by a writer")], initial=1)
    data |= inline_rows("priorities", [{"id": priority.pk, "article": article.pk, "number": 1, "title": "Gone",
                                        "DELETE": "on", "tags": ""}], initial=1)  # fmt: skip
    with nothing_changes(article):
        assert writer.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 403


def test_writer_cannot_pull_a_published_quote_into_a_draft_through_its_inline(writer, live, draft):
    article, quote, _ = live
    data = change_form(writer, draft[0])
    data |= inline_rows("quotes", [quote_row(quote, article=draft[0].pk, text="Rewritten by a writer")], initial=1)
    urls = public_urls(article)
    pages, quotes = public_pages(urls), list(Quote.objects.order_by("pk").values())
    # Django's formset looks rows up among the draft's own quotes only, and skips the stranger.
    assert writer.post(f"/admin/articles/article/{draft[0].pk}/change/", data).status_code in (200, 302)
    assert list(Quote.objects.order_by("pk").values()) == quotes
    assert public_pages(urls) == pages


def test_writer_sees_a_published_article_read_only(writer, live):
    page = writer.get(f"/admin/articles/article/{live[0].pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert 'name="quotes-0-text"' not in page


def test_writer_cannot_change_a_scheduled_article_or_its_quotes(writer, live):
    scheduled = ArticleFactory(title="Embargoed", future=True)
    quote = QuoteFactory(article=scheduled)
    data = plain_form(title="Changed", slug=scheduled.slug, status="review")
    with nothing_changes(live[0]):
        assert writer.post(f"/admin/articles/article/{scheduled.pk}/change/", data).status_code == 403
        assert writer.post(f"/admin/articles/quote/{quote.pk}/delete/", {"post": "yes"}).status_code == 403


# The quote and priority admins

PART_URLS = {"quote": "/admin/articles/quote/", "priority": "/admin/priorities/priority/"}


def part_of(kind, article):
    return article[1] if kind == "quote" else article[2]


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_cannot_add_a_quote_or_priority_to_a_published_article(writer, live, draft, kind):
    data = FORMS[kind](part_of(kind, draft), article=live[0].pk, number=7, slug="new-one")
    data.pop("id", None)
    with nothing_changes(live[0]):
        response = writer.post(f"{PART_URLS[kind]}add/", data)
        assert response.status_code == 200
        assert REFUSED_TARGET in response.content.decode()


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_cannot_move_a_drafts_quote_or_priority_into_a_published_article(writer, live, draft, kind):
    part = part_of(kind, draft)
    with nothing_changes(live[0]):
        response = writer.post(f"{PART_URLS[kind]}{part.pk}/change/", FORMS[kind](part, article=live[0].pk, number=9))
        assert response.status_code == 200
        assert REFUSED_TARGET in response.content.decode()


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_cannot_change_or_delete_a_published_quote_or_priority(writer, live, draft, kind):
    part = part_of(kind, live)
    with nothing_changes(live[0]):
        changed = FORMS[kind](part, article=draft[0].pk, text="Rewritten", title="Rewritten")
        assert writer.post(f"{PART_URLS[kind]}{part.pk}/change/", changed).status_code == 403
        assert writer.post(f"{PART_URLS[kind]}{part.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_may_edit_a_drafts_quote_or_priority(writer, draft, kind):
    part = part_of(kind, draft)
    data = FORMS[kind](part, text="Better words.", title="Better title")
    assert writer.post(f"{PART_URLS[kind]}{part.pk}/change/", data).status_code == 302
    part.refresh_from_db()
    assert "Better" in (part.text if kind == "quote" else part.title)


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_is_offered_only_unpublished_articles(writer, editor, live, draft, kind):
    form = writer.get(f"{PART_URLS[kind]}add/").context["adminform"].form
    assert list(form.fields["article"].queryset) == [draft[0]]
    app_label, model_name = ("articles", "quote") if kind == "quote" else ("priorities", "priority")
    query = {"app_label": app_label, "model_name": model_name, "field_name": "article", "term": ""}
    offered = {result["text"] for result in writer.get("/admin/autocomplete/", query).json()["results"]}
    assert offered == {"Olga's draft"}
    offered = {result["text"] for result in editor.get("/admin/autocomplete/", query).json()["results"]}
    assert offered == {"Olga's draft", "Live report"}


# History: reverting to a past revision


def revise(obj, **changes):
    """Save a change, so the object has a past revision to go back to; returns that revision."""
    past = obj.history.latest("history_date")
    for name, value in changes.items():
        if hasattr(obj, name):
            setattr(obj, name, value)
    obj.save()
    return past


def history_url(obj, revision):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/{revision.history_id}/"


def test_writer_cannot_revert_a_published_article_nor_send_it_back_to_review(writer, live):
    article = live[0]
    past = revise(article, title="Live report, corrected")
    data = plain_form(title="Live report", slug=article.slug, status="review", edited_from="")
    with nothing_changes(article):
        page = writer.get(history_url(article, past))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()  # no Revert button
        assert writer.post(history_url(article, past), data).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_writer_is_not_offered_to_revert_a_published_article_to_its_draft(writer, live):
    article = ArticleFactory(title="Drafted", draft=True)
    draft_revision = revise(article, status=Article.Status.PUBLISHED)
    page = writer.get(history_url(article, draft_revision)).content.decode()
    assert "Drafted" in page
    assert 'name="_save"' not in page  # the old revision was a draft; what counts is that it is live now


@pytest.mark.parametrize("kind", ["quote", "priority", "speaker", "event"])
def test_writer_cannot_revert_published_parts_speakers_or_events(writer, live, kind):
    obj = published_thing(live, kind)
    past = revise(obj, **A_CHANGE[kind])
    with nothing_changes(live[0]):
        assert 'name="_save"' not in writer.get(history_url(obj, past)).content.decode()
        assert writer.post(history_url(obj, past), FORMS[kind](past.instance)).status_code == 403


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_writer_cannot_revert_a_quote_or_priority_back_into_a_published_article(writer, live, draft, kind):
    part = part_of(kind, live)
    past = revise(part, article=draft[0], number=5)  # an editor moved it out of the published article
    with nothing_changes(live[0]):
        response = writer.post(history_url(part, past), FORMS[kind](past.instance))
        assert response.status_code == 200
        assert REFUSED_TARGET in response.content.decode()


def test_writer_cannot_bring_back_a_deleted_article_from_its_history(writer, live):
    gone = ArticleFactory(title="Deleted draft", draft=True)
    pk, revision = gone.pk, gone.history.latest("history_date")
    gone.delete()
    data = plain_form(title="Deleted draft", status="draft")
    with nothing_changes(live[0]):
        url = f"/admin/articles/article/{pk}/history/{revision.history_id}/"
        assert writer.post(url, data).status_code == 403


def test_writer_may_revert_a_draft(writer, draft):
    article = draft[0]
    past = revise(article, title="Olga's second title")
    data = plain_form(title="Olga's draft", slug=article.slug, status="draft")
    assert writer.post(history_url(article, past), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Olga's draft"


@pytest.mark.parametrize("version", ["abc", "1x", "99999"])
def test_revision_page_with_a_bad_id_is_a_404(writer, live, version):
    assert writer.get(f"/admin/articles/article/{live[0].pk}/history/{version}/").status_code == 404
    assert writer.post(f"/admin/articles/article/{live[0].pk}/history/{version}/", {}).status_code in (403, 404)


# Bulk actions and deleting


@pytest.mark.parametrize("kind", ["article", "quote", "priority", "another writer's draft"])
def test_writer_cannot_bulk_delete_published_work_or_anothers_draft(writer, live, draft, kind):
    url, pk = {"article": ("/admin/articles/article/", live[0].pk), "quote": (PART_URLS["quote"], live[1].pk),
               "priority": (PART_URLS["priority"], live[2].pk),
               "another writer's draft": ("/admin/articles/article/", draft[0].pk)}[kind]  # fmt: skip
    with nothing_changes(live[0]):
        response = writer.post(url, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
        assert response.status_code == 403


def test_writer_cannot_delete_another_writers_draft(writer, live, draft):
    with nothing_changes(live[0]):
        assert writer.post(f"/admin/articles/article/{draft[0].pk}/delete/", {"post": "yes"}).status_code == 403


def test_writer_bulk_deletes_own_drafts_only_when_all_are_theirs(writer, wendy, draft):
    own = ArticleFactory(draft=True, created_by=wendy)
    selected = {"action": "delete_selected", "_selected_action": [own.pk, draft[0].pk], "post": "yes"}
    assert writer.post("/admin/articles/article/", selected).status_code == 403
    assert Article.objects.filter(pk=own.pk).exists()
    selected["_selected_action"] = [own.pk]
    assert writer.post("/admin/articles/article/", selected).status_code == 302
    assert not Article.objects.filter(pk=own.pk).exists()


def test_the_writer_who_adds_an_article_is_its_creator(writer, wendy, editor):
    assert writer.post("/admin/articles/article/add/", plain_form(title="Mine", status="draft")).status_code == 302
    article = Article.objects.get()
    editor.post(f"/admin/articles/article/{article.pk}/change/", change_form(editor, article, status="review"))
    article.refresh_from_db()
    assert (article.created_by, article.last_modified_by.username) == (wendy, "eddie")
    assert writer.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302


def test_migration_fills_creator_from_the_first_revision(wendy, editor):
    from importlib import import_module

    article = ArticleFactory(draft=True)
    Article.history.filter(id=article.pk).update(history_user=wendy)
    revise(article, title="Later")
    Article.history.filter(id=article.pk).exclude(history_user=wendy).update(history_user=None)
    fill = import_module("articles.migrations.0008_article_created_by").fill_created_by
    fill(apps, None)
    article.refresh_from_db()
    assert article.created_by == wendy
    assert set(article.history.values_list("created_by", flat=True)) == {wendy.pk}


# Speakers and events that published work shows


@pytest.mark.parametrize("who", ["quoted", "setting out a priority", "in a scheduled article"])
def test_writer_cannot_rename_a_speaker_of_published_work(writer, live, who):
    if who == "in a scheduled article":
        speaker = QuoteFactory(article=ArticleFactory(future=True)).speaker
    else:
        speaker = live[1].speaker if who == "quoted" else live[2].speaker
    with nothing_changes(live[0]):
        response = writer.post(
            f"/admin/articles/speaker/{speaker.pk}/change/", speaker_form(speaker, name_en="Renamed")
        )
        assert response.status_code == 403


def test_writer_cannot_edit_an_event_of_published_work(writer, live):
    event = live[0].event
    with nothing_changes(live[0]):
        response = writer.post(f"/admin/articles/event/{event.pk}/change/", event_form(event, name_en="Renamed Forum"))
        assert response.status_code == 403


def test_writer_adds_and_edits_speakers_and_events_no_published_article_shows(writer, draft):
    speaker = draft[1].speaker
    assert (
        writer.post(
            f"/admin/articles/speaker/{speaker.pk}/change/", speaker_form(speaker, name_en="Renamed")
        ).status_code
        == 302
    )
    event = EventFactory()
    draft[0].event = event
    draft[0].save()
    assert (
        writer.post(
            f"/admin/articles/event/{event.pk}/change/", event_form(event, name_en="Renamed Forum")
        ).status_code
        == 302
    )
    assert writer.post("/admin/articles/speaker/add/", speaker_form(Speaker(name="New One"))).status_code == 302
    assert Speaker.objects.filter(name_en__in=["Renamed", "New One"]).count() == 2
    assert Event.objects.get(pk=event.pk).name == "Renamed Forum"


# Editors can do all of it


def test_editor_changes_a_published_article_and_its_inlines(editor, live):
    article, quote, _ = live
    data = change_form(editor, article, title="Edited by an editor")
    data |= inline_rows("quotes", [quote_row(quote, text="Edited words.")], initial=1)
    with public_pages_change(article):
        assert editor.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Edited words."


@pytest.mark.parametrize("kind", ["quote", "priority"])
def test_editor_adds_to_and_moves_into_a_published_article(editor, live, draft, kind):
    part = part_of(kind, draft)
    with public_pages_change(live[0]):
        response = editor.post(f"{PART_URLS[kind]}{part.pk}/change/", FORMS[kind](part, article=live[0].pk, number=9))
        assert response.status_code == 302
    data = FORMS[kind](part, article=live[0].pk, number=8, slug="another", text="Added.")
    assert editor.post(f"{PART_URLS[kind]}add/", data).status_code == 302
    assert type(part).objects.filter(article=live[0]).count() == 3


def test_editor_reverts_a_published_article(editor, live):
    article = live[0]
    past = revise(article, title="Wrong title")
    with public_pages_change(article):
        data = change_form(editor, article, title=past.title)
        assert editor.post(history_url(article, past), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Live report"


@pytest.mark.parametrize("kind", ["quote", "priority", "speaker", "event"])
def test_editor_reverts_published_parts_speakers_and_events(editor, live, kind):
    obj = published_thing(live, kind)
    past = revise(obj, **A_CHANGE[kind])
    with public_pages_change(live[0]):
        assert editor.post(history_url(obj, past), FORMS[kind](past.instance)).status_code == 302
    obj.refresh_from_db()
    assert "Changed" not in str(obj)


def test_editor_bulk_deletes_published_work_and_anothers_draft(editor, live, draft):
    with public_pages_change(live[0]):
        selected = {"action": "delete_selected", "_selected_action": [live[0].pk, draft[0].pk], "post": "yes"}
        assert editor.post("/admin/articles/article/", selected).status_code == 302
    assert not Article.objects.exists()


def test_editor_renames_a_public_speaker_and_edits_a_public_event(editor, live):
    speaker, event = live[1].speaker, live[0].event
    with public_pages_change(live[0]):
        assert (
            editor.post(
                f"/admin/articles/speaker/{speaker.pk}/change/", speaker_form(speaker, name_en="Renamed")
            ).status_code
            == 302
        )
        assert (
            editor.post(
                f"/admin/articles/event/{event.pk}/change/", event_form(event, name_en="Renamed Forum")
            ).status_code
            == 302
        )
    assert (Speaker.objects.get(pk=speaker.pk).name, Event.objects.get(pk=event.pk).name) == (
        "Renamed",
        "Renamed Forum",
    )
