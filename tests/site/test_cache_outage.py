"""A cache that is down or hung is a slower site, never a broken one; /healthz says which part is ailing."""

import socket
import threading

import psycopg
import pytest
from django.core.cache import caches
from django.db import connection

from articles.models import Article
from symposium import cache_backends, health
from tests.articles.test_workflow import plain_form
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


class SilentServer:
    """Accepts connections and never answers: a hung cache or database server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(url):
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "retry": None}
    return {
        "default": {"BACKEND": "symposium.cache_backends.FailOpenRedisCache", "LOCATION": url, "OPTIONS": options},
        "pages": {"BACKEND": "symposium.cache_backends.FailOpenRedisCache", "LOCATION": url, "OPTIONS": options},
    }


@pytest.fixture(autouse=True)
def no_outage_left_behind():
    cache_backends.FailOpenMixin._down_until.clear()
    yield
    cache_backends.FailOpenMixin._down_until.clear()


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")


@pytest.fixture
def hung_cache(settings):
    server = SilentServer()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{server.port}/0")
    yield server
    server.close()


@pytest.mark.parametrize("outage", ["dead_cache", "hung_cache"])
def test_public_pages_are_rendered_without_the_cache(client, request, outage):
    request.getfixturevalue(outage)
    quote = QuoteFactory(article=ArticleFactory(title="Still readable", tags=["光刻胶"]))
    for url in ["/", "/articles/", quote.article.get_absolute_url(), "/tags/光刻胶/", "/search/?q=readable",
                quote.get_absolute_url(), quote.speaker.get_absolute_url()]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Still readable" in client.get("/").content.decode()


def test_a_hung_cache_is_tried_once_then_left_alone(client, hung_cache):
    article = ArticleFactory()
    for _ in range(5):
        assert client.get(article.get_absolute_url()).status_code == 200
    # One connection timed out; the four requests after it did not wait on the server.
    assert len(hung_cache.accepted) == 1


def test_the_cache_is_used_again_once_it_answers(settings, client):
    settings.CACHES = redis_caches("redis://127.0.0.1:6379/5")
    pages = caches["pages"]
    cache_backends.FailOpenMixin._down_until[pages._outage_key] = float("inf")
    assert pages.get("anything") is None  # left alone while marked down
    assert client.get("/healthz").json()["cache"] == "ok"  # the probe asks the server itself...
    assert not pages.is_down()  # ...and a good answer ends the back-off
    pages.set("key", "value")
    assert pages.get("key") == "value"


def test_editor_saves_while_the_cache_is_down(admin_client, dead_cache, client):
    response = admin_client.post("/admin/articles/article/add/", plain_form(title="Saved anyway", status="published"))
    assert response.status_code == 302
    article = Article.objects.get(title="Saved anyway")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_login_throttling_holds_while_the_cache_is_down(client, dead_cache, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.org", "the right password")
    for _ in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "wrong"})
    locked = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "the right password"})
    assert locked.status_code == 429


def test_healthz_with_the_cache_down_is_degraded_not_failing(client, dead_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


class BrokenConnection:
    def cursor(self):
        raise connection.Database.OperationalError("could not connect to server")

    def close(self):
        pass


class HungConnection(BrokenConnection):
    def __init__(self):
        self.released = threading.Event()

    def cursor(self):
        self.released.wait(30)
        raise connection.Database.OperationalError("gave up")


def test_healthz_with_the_database_down_is_503(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable", "cache": "ok"}


def test_healthz_answers_while_the_database_hangs(client, monkeypatch):
    hung = HungConnection()
    monkeypatch.setattr(health, "connection", hung)
    try:
        response = client.get("/healthz")
    finally:
        hung.released.set()
    assert response.status_code == 503
    assert response.json()["database"] == "timeout"


def test_postgresql_connections_give_up_on_a_hung_server(monkeypatch):
    from django.db.backends.postgresql.base import DatabaseWrapper

    from symposium.settings import database_from_env

    server = SilentServer()
    monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:{server.port}/test")
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "1")
    wrapper = DatabaseWrapper({**database_from_env(), "TIME_ZONE": None, "TEST": {}}, alias="hung")
    outcome = []

    def connect():
        try:
            wrapper.connect()
        except Exception as error:  # noqa: BLE001
            outcome.append(error)

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(15)  # a liveness bound, not a speed claim: without a connect timeout this never ends
    server.close()
    assert len(outcome) == 1
    assert isinstance(outcome[0], psycopg.OperationalError)  # psycopg's ConnectionTimeout
