"""Pages stay cached while editors work: a change forgets the pages that show it, and only those."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from articles.models import Article
from symposium import cache_backends
from symposium.models import PendingForget
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/7"


@pytest.fixture(params=["files", "redis"])
def page_cache(request, settings, tmp_path):
    """The embedded default (files shared by every worker) and Redis, each in turn."""
    if request.param == "files":
        backend, location = "symposium.cache_backends.FailOpenFileBasedCache", str(tmp_path / "{alias}")
        options = {"KEPT_PREFIXES": ["forgot:"]}
    else:
        backend, location = "symposium.cache_backends.FailOpenRedisCache", REDIS
        options = {}
    settings.CACHES = {
        alias: {"BACKEND": backend, "LOCATION": location.format(alias=alias), "KEY_PREFIX": alias, "OPTIONS": options}
        for alias in ("default", "pages")
    }
    for cache in caches.all():
        cache.clear()
    yield request.param
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site():
    """Two articles that share nothing: what happens to one must leave the other's pages cached."""
    shown = ArticleFactory(title="Shown article", event=EventFactory(name="Shown forum"), tags=["shown-tag"])
    quote = QuoteFactory(article=shown, speaker=SpeakerFactory(name="Shown Speaker"), text="Shown words")
    priority = PriorityFactory(article=shown, title="Shown priority", speaker=quote.speaker)
    other = ArticleFactory(title="Other article", event=EventFactory(name="Other forum"), tags=["other-tag"])
    other_quote = QuoteFactory(article=other, speaker=SpeakerFactory(name="Other Speaker"))
    return {"shown": shown, "quote": quote, "priority": priority, "other": other, "other_quote": other_quote}


def cache_state(client, url):
    return client.get(url)["X-Page-Cache"]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert cache_state(client, url) == "hit", url


def other_pages(site):
    other = site["other"]
    return [other.get_absolute_url(), other.event.get_absolute_url(), "/tags/other-tag/",
            site["other_quote"].get_absolute_url(), site["other_quote"].speaker.get_absolute_url()]  # fmt: skip


def edit(instance, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()


CHANGES = {
    # name: (change, the page that shows it, what it shows afterwards)
    "article": (lambda s: edit(s["shown"], title="Retitled article"), lambda s: "/tags/shown-tag/",
                "Retitled article"),
    "quote": (lambda s: edit(s["quote"], text="Reworded words"), lambda s: s["quote"].speaker.get_absolute_url(),
              "Reworded words"),
    "priority": (lambda s: edit(s["priority"], title="Renamed priority"), lambda s: s["shown"].get_absolute_url(),
                 "Renamed priority"),
    "speaker": (lambda s: edit(s["quote"].speaker, name="Renamed Speaker"), lambda s: s["shown"].get_absolute_url(),
                "Renamed Speaker"),
    "event": (lambda s: edit(s["shown"].event, name="Renamed forum"), lambda s: "/", "Renamed forum"),
    "tag": (lambda s: edit(s["shown"].tags.get(), name="renamed tag"), lambda s: s["shown"].get_absolute_url(),
            "renamed tag"),
    "retag": (lambda s: s["shown"].tags.add("fresh-tag"), lambda s: s["shown"].get_absolute_url(), "fresh-tag"),
}  # fmt: skip


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_forgets_the_pages_that_show_it_and_no_others(client, committed, page_cache, site, change):
    make_change, page_showing, shown_after = CHANGES[change]
    url = page_showing(site)
    warm(client, url, *other_pages(site))
    with committed():
        make_change(site)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert shown_after in response.content.decode()
    for other_url in other_pages(site):
        assert cache_state(client, other_url) == "hit", other_url


def test_publishing_forgets_the_listings_it_joins(client, committed, site, page_cache):
    draft = ArticleFactory(draft=True, title="Fresh report", event=site["other"].event, tags=["other-tag"])
    warm(client, "/", "/articles/", "/tags/other-tag/", site["other"].event.get_absolute_url(),
         site["shown"].get_absolute_url())  # fmt: skip
    with committed():
        Article.objects.filter(pk=draft.pk).publish()
    for url in ("/", "/articles/", "/tags/other-tag/", site["other"].event.get_absolute_url()):
        response = client.get(url)
        assert "Fresh report" in response.content.decode(), url
    assert cache_state(client, site["shown"].get_absolute_url()) == "hit"


def test_a_draft_edit_forgets_nothing_public(client, committed, site, page_cache):
    draft = ArticleFactory(draft=True)
    warm(client, "/", "/articles/", *other_pages(site))
    with committed():
        edit(draft, title="Still a draft")
    for url in ("/", "/articles/", *other_pages(site)):
        assert cache_state(client, url) == "hit", url


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_withdrawing_an_article_forgets_everywhere_it_was(client, committed, site, page_cache, action):
    shown = site["shown"]
    urls = ["/", "/articles/", "/tags/shown-tag/", site["quote"].speaker.get_absolute_url()]
    warm(client, *urls)
    with committed():
        getattr(Article.objects.filter(pk=shown.pk), action)()
    assert client.get(shown.get_absolute_url()).status_code == 404
    assert client.get("/tags/shown-tag/").status_code == 404
    assert "Shown article" not in client.get("/").content.decode()
    assert "Shown article" not in client.get("/articles/").content.decode()
    assert client.get(site["quote"].speaker.get_absolute_url()).status_code == 404


def test_restoring_a_deleted_article_brings_its_pages_back(client, committed, site, page_cache):
    from articles.services import restore_deleted_article

    article_id = site["shown"].pk
    with committed():
        site["shown"].delete()
    assert "Shown article" not in client.get("/").content.decode()
    with committed():
        restore_deleted_article(article_id=article_id)
    assert "Shown article" in client.get("/").content.decode()


def test_a_scheduled_article_appears_at_its_time_with_no_job(client, committed, site, page_cache):
    start = timezone.now()
    with committed():
        ArticleFactory(title="Embargoed report", tags=["shown-tag"],
                       published_at=start + datetime.timedelta(hours=2))  # fmt: skip
    urls = ("/", "/tags/shown-tag/", "/articles/")
    with time_machine.travel(start + datetime.timedelta(minutes=1)):
        warm(client, *urls)
        for url in urls:
            assert "Embargoed report" not in client.get(url).content.decode()
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1)):
        for url in urls:
            assert "Embargoed report" in client.get(url).content.decode(), url


def test_an_edit_to_a_public_article_keeps_the_listings_it_does_not_change(client, committed, site, page_cache):
    warm(client, "/speakers/", "/events/", "/tags/")
    with committed():
        edit(site["shown"], title="Retitled", body="New body")
    for url in ("/speakers/", "/events/", "/tags/"):
        assert cache_state(client, url) == "hit", url


def test_pages_stay_cached_for_hours_without_changes(client, site, page_cache):
    url = site["shown"].get_absolute_url()
    client.get(url)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        assert cache_state(client, url) == "hit"


def test_while_one_request_renders_others_get_the_previous_copy(client, committed, site, page_cache):
    url = site["shown"].get_absolute_url()
    client.get(url)
    with committed():
        edit(site["shown"], title="Brand new title")
    from symposium.pagecache import cache_key

    request = Client().get(url).wsgi_request  # renders it: a fresh copy now stands
    with committed():
        edit(site["shown"], title="Newest title")
    caches["pages"].add(f"{cache_key(request)}:rendering", 1, 5)  # someone else is rendering it
    stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert "Brand new title" in stale.content.decode()
    editor = Client()
    editor.cookies["sessionid"] = "an editor's session"
    assert "Newest title" in editor.get(url).content.decode()  # the editor who saved sees their change


def test_a_failing_database_serves_the_last_copy(client, committed, site, page_cache, monkeypatch):
    url = site["shown"].get_absolute_url()
    client.get(url)
    with committed():
        edit(site["quote"].speaker, name="Renamed during the outage")

    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Article.objects, "for_page", database_down)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale-if-error"
    assert "Shown article" in response.content.decode()
    never_cached = Client(raise_request_exception=False).get(site["other"].get_absolute_url())
    assert never_cached.status_code == 500


def test_forgetting_missed_during_an_outage_is_replayed_when_the_cache_is_back(client, committed, site,
                                                                               page_cache):  # fmt: skip
    url = site["shown"].get_absolute_url()
    client.get(url)
    pages = caches["pages"]
    cache_backends.FailOpenMixin._down_until[pages._outage_key] = float("inf")  # the cache goes away
    try:
        with committed():
            edit(site["shown"], title="Edited during the outage")
        assert PendingForget.objects.count() == 1
    finally:
        cache_backends.FailOpenMixin._down_until[pages._outage_key] = 0  # ...and answers again
    response = client.get(url)
    assert "Edited during the outage" in response.content.decode()
    assert not PendingForget.objects.exists()


def test_tracking_parameters_share_the_page(client, site, page_cache):
    url = site["shown"].get_absolute_url()
    client.get(url)
    for n in range(300):
        assert cache_state(client, f"{url}?utm_source=campaign-{n}&fbclid={n}") == "hit"
    assert cache_state(client, "/articles/?page=2") == "miss"  # a parameter the page reads still counts


def test_an_admin_save_of_the_text_alone_keeps_the_listings(client, committed, site, page_cache, admin_client):
    """The form sends the publication time to the second; what code stored had microseconds."""
    from tests.articles.browser_form import open_change_form

    shown = site["shown"]
    assert shown.published_at.microsecond  # as generate_content and timezone.now() store it
    warm(client, "/articles/", "/events/", "/speakers/", "/tags/")
    data = open_change_form(admin_client, shown) | {"title": "Retitled in the admin"}
    with committed():
        assert admin_client.post(f"/admin/articles/article/{shown.pk}/change/", data).status_code == 302
    assert "Retitled in the admin" in client.get("/articles/").content.decode()  # shows the article: forgotten
    for url in ("/events/", "/speakers/", "/tags/"):  # lists and counts it does not change
        assert cache_state(client, url) == "hit", url


def test_renaming_a_tag_shows_on_the_tag_index_and_home(client, committed, site, page_cache):
    warm(client, "/tags/", "/")
    with committed():
        edit(site["shown"].tags.get(), name="renamed tag")
    for url in ("/tags/", "/"):
        assert "renamed tag" in client.get(url).content.decode(), url


def file_cache(tmp_path, **options):
    params = {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2, "KEPT_PREFIXES": ["forgot:"], **options}}
    return cache_backends.FailOpenFileBasedCache(str(tmp_path / "pages"), params)


def test_the_file_cache_never_culls_when_keys_were_forgotten(tmp_path):
    files = file_cache(tmp_path, CULL_CHECK_SECONDS=0)
    files.set("forgot:article:1", 1.5, timeout=None)
    for n in range(200):
        files.set(f"page:{n}", b"<html>", timeout=60)

    assert files.get("forgot:article:1") == 1.5
    assert len(files._list_cache_files()) <= 10


def test_the_file_cache_counts_its_folder_at_most_once_in_a_while(tmp_path):
    files = file_cache(tmp_path, CULL_CHECK_SECONDS=3600)
    for n in range(30):
        files.set(f"page:{n}", b"<html>", timeout=60)

    # Counted on the first write only: the folder passed MAX_ENTRIES until the next count.
    assert len(files._list_cache_files()) == 30
    files.clear()
    assert files.get("page:1") is None and len(files._list_cache_files()) == 0
