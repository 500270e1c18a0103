"""Reads from a replica: public pages read it, writes and a writer's next reads go to the primary.

The replica is a second connection to the test database (TEST MIRROR), so the
tests see where each query went, per connection; the writes commit
(transactional tests), as a replica only ever sees committed rows.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from symposium import replicas
from symposium.cache import seconds_until_next_publication
from symposium.replicas import PIN_COOKIE, REPLICA
from symposium.tags import _public_counts
from tests.factories import ArticleFactory, QuoteFactory


@pytest.fixture(scope="module", autouse=True)
def replica():
    """DATABASE_REPLICA_URL as the settings make it, pointing at the test database; for this module only."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


class Queries:
    """The SQL each database received inside the block."""

    def __init__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @property
    def counts(self):
        return len(self.primary), len(self.replica)

    def writes_on(self, queries):
        return [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


@pytest.fixture
def article():
    article = ArticleFactory(title="硅基材料 on the replica")
    QuoteFactory(article=article)
    seconds_until_next_publication()  # the page cache's own lookup, from the primary, done once
    return article


def test_a_readers_public_pages_read_the_replica_only(client, article):
    _public_counts()  # tag counts are counted on the primary once per change (below)
    for url in ("/", article.get_absolute_url(), "/articles/", "/search/?q=硅基"):
        with Queries() as queries:
            assert client.get(url).status_code == 200
        primary, replica = queries.counts
        assert (primary, replica > 0) == (0, True), (url, [q["sql"] for q in queries.primary])


def test_tag_counts_are_counted_on_the_primary(client, article):
    """Kept until the next change: counted on a replica that lags, a new tag's page would 404 for hours."""
    with Queries() as queries:
        assert client.get("/tags/").status_code == 200
    assert any("tagged" in q["sql"].lower() for q in queries.primary)
    assert not any("tagged" in q["sql"].lower() for q in queries.replica)


def test_reads_outside_a_request_go_to_the_primary(article):
    with Queries() as queries:
        assert Article.objects.filter(pk=article.pk).exists()
    assert queries.counts == (1, 0)


def test_an_admin_save_writes_and_reads_the_primary_and_pins_the_writer(client, django_user_model, article):
    user = django_user_model.objects.create_superuser("editor", password="correct horse battery")
    client.force_login(user)
    with Queries() as queries:
        response = client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert queries.writes_on(queries.primary) and not queries.replica
    pin = response.cookies[PIN_COOKIE]
    assert (pin["max-age"], pin["httponly"], pin["samesite"]) == (10, True, "Lax")
    with Queries() as queries:
        assert client.get("/admin/articles/article/").status_code == 200
    assert queries.counts[1] == 0


def test_a_writer_reads_the_primary_until_the_pin_cookie_lapses(client, article):
    """An anonymous POST (a failed log-in, which django-axes records) pins; without the cookie, the replica again."""
    with Queries() as queries:
        client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert queries.writes_on(queries.primary) and queries.counts[1] == 0
    assert PIN_COOKIE in client.cookies
    with Queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert queries.counts[0] > 0 and queries.counts[1] == 0
    del client.cookies[PIN_COOKIE]  # what the browser does after max-age
    client.cookies.pop("sessionid", None)
    with Queries() as queries:
        assert client.get("/articles/").status_code == 200
    assert queries.counts[0] == 0 and queries.counts[1] > 0


def test_staff_with_a_session_read_the_primary_on_public_pages(client, django_user_model, article):
    client.force_login(django_user_model.objects.create_user("staff", password="x", is_staff=True))
    with Queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert queries.counts[0] > 0 and queries.counts[1] == 0


def test_a_page_read_from_the_replica_is_not_trusted_until_the_lag_has_passed(client, settings, article):
    """The article was just saved: a copy rendered from a lagging replica might predate it, so it is re-rendered."""
    settings.REPLICA_LAG_SECONDS = 10
    url = article.get_absolute_url()
    saved_at = datetime.now(tz=UTC)
    with time_machine.travel(saved_at + timedelta(seconds=3), tick=False) as clock:
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "miss"
        clock.shift(8)
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_replica_that_is_down_sends_readers_to_the_primary(client, article, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    connections[REPLICA].close()
    monkeypatch.setattr(connections[REPLICA], "ensure_connection", refuse)
    monkeypatch.setattr(replicas, "_replica_down_until", 0.0)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "硅基材料 on the replica" in response.content.decode()
    assert replicas._replica_down_until > 0  # left alone for a few seconds, not tried on every request


def test_healthz_names_the_replica_and_is_degraded_without_it(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok", "replica": "ok"}
    unreachable = {"NAME": "/nonexistent/replica.sqlite3"} if connections[REPLICA].vendor == "sqlite" else {"PORT": 1}
    for setting, value in unreachable.items():
        monkeypatch.setitem(connections.settings[REPLICA], setting, value)
    response = client.get("/healthz")
    assert response.status_code == 200  # the primary serves its readers meanwhile
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "ok", "replica": "unreachable"}
