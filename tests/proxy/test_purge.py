"""Purging changed pages at the proxy: queued after commit, sent off the request, retried until taken."""

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from symposium import purge
from symposium.models import PendingPurge
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PORTS = range(18410, 18420)


class FakeProxy(ThreadingHTTPServer):
    """An HTTP server on loopback that records each request and answers as told."""

    daemon_threads = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), Recorder)
        self.requests = []
        self.status = 200
        self.body = b"{}"
        self.delay = 0.0
        self.garbled = False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Recorder(BaseHTTPRequestHandler):
    def handle_one_request_as_told(self):
        length = int(self.headers.get("Content-Length") or 0)
        delay = self.server.delay
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": self.headers, "body": self.rfile.read(length)}
        )
        time.sleep(delay)
        if self.server.garbled:
            self.wfile.write(b"not HTTP at all\r\n\r\n")
            return
        self.send_response(self.server.status)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_PURGE = do_POST = handle_one_request_as_told

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_proxy():
    for port in PORTS:
        try:
            server = FakeProxy(port)
            break
        except OSError:
            continue
    else:
        pytest.fail(f"No free port in {PORTS}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def varnish(settings, fake_proxy):
    settings.PROXY_CACHE = "varnish"
    settings.PROXY_PURGE_URLS = [fake_proxy.url + "/"]
    settings.PROXY_PURGE_IN_PROCESS = False
    settings.PROXY_PURGE_SOFT = True
    settings.PROXY_PURGE_TIMEOUT_SECONDS = 0.5
    return fake_proxy


def unused_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"No free port in {PORTS}")


def test_a_commit_queues_the_keys_it_forgets_and_the_purge_sends_them(varnish, committed):
    article = ArticleFactory()
    with committed():
        article.title = "Retitled"
        article.save()
    queued = set().union(*(row.keys for row in PendingPurge.objects.all()))
    assert {f"article:{article.pk}", "any:article", "search"} <= queued
    assert varnish.requests == []  # the save did not wait on the proxy
    assert purge.drain() == (1, 0)
    (sent,) = varnish.requests
    assert sent["method"] == "PURGE" and sent["path"] == "/"
    assert set(sent["headers"]["xkey-softpurge"].split(" ")) == queued
    assert not PendingPurge.objects.exists()


def test_a_rolled_back_save_queues_nothing(varnish):
    from django.db import transaction

    article = ArticleFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Never saved"
        article.save()
        raise RuntimeError
    assert not PendingPurge.objects.exists()


def test_without_a_proxy_nothing_is_queued(settings, committed):
    settings.PROXY_CACHE = ""
    with committed():
        ArticleFactory()
    assert not PendingPurge.objects.exists()


def test_hard_purges_when_asked(varnish, settings):
    settings.PROXY_PURGE_SOFT = False
    purge.enqueue({"article:1"})
    purge.drain()
    assert varnish.requests[0]["headers"]["xkey-purge"] == "any:article article:1"


def test_every_proxy_is_purged(varnish, settings, fake_proxy):
    settings.PROXY_PURGE_URLS = [fake_proxy.url + "/one", fake_proxy.url + "/two"]
    purge.enqueue({"tag:3"})
    purge.drain()
    assert [request["path"] for request in varnish.requests] == ["/one", "/two"]


@pytest.mark.parametrize("failure", ["refused", "error", "hung", "garbled"])
def test_a_purge_that_fails_stays_queued_and_backs_off(varnish, settings, failure):
    if failure == "refused":
        settings.PROXY_PURGE_URLS = [f"http://127.0.0.1:{unused_port()}/"]
    varnish.garbled = failure == "garbled"
    varnish.status = 503 if failure == "error" else 200
    varnish.delay = 2.0 if failure == "hung" else 0.0
    purge.enqueue({"article:1"})
    started = time.monotonic()
    assert purge.drain() == (0, 1)
    assert time.monotonic() - started < 1.5  # bounded by PROXY_PURGE_TIMEOUT_SECONDS
    row = PendingPurge.objects.get()
    assert row.attempts == 1 and row.claim is None and row.last_error
    assert 0 < purge.seconds_until_due() <= purge.FIRST_RETRY_SECONDS
    assert purge.drain() == (0, 0)  # not before the back-off ends


def test_a_failed_purge_is_retried_until_it_is_taken(varnish):
    varnish.status = 500
    purge.enqueue({"article:1"})
    purge.enqueue({"speaker:2"})
    for attempt in range(1, 4):
        PendingPurge.objects.update(not_before=timezone.now())
        assert purge.drain() == (0, 2)
        assert set(PendingPurge.objects.values_list("attempts", flat=True)) == {attempt}
    assert purge.backoff(3) == timedelta(seconds=4)
    assert purge.backoff(30) == timedelta(seconds=purge.LAST_RETRY_SECONDS)
    varnish.status = 200
    PendingPurge.objects.update(not_before=timezone.now())
    assert purge.drain() == (2, 0)
    assert not PendingPurge.objects.exists()
    assert set(varnish.requests[-1]["headers"]["xkey-softpurge"].split()) == {
        "article:1", "any:article", "speaker:2", "any:speaker"}  # fmt: skip


def test_a_row_claimed_by_another_purger_is_left_alone(varnish):
    purge.enqueue({"article:1"})
    PendingPurge.objects.update(not_before=timezone.now() + timedelta(seconds=purge.CLAIM_SECONDS))
    assert purge.drain() == (0, 0)
    assert varnish.requests == []


def test_the_command_sends_what_is_queued_and_fails_loudly_when_the_proxy_does(varnish, capsys):
    purge.enqueue({"article:1"})
    varnish.status = 502
    with pytest.raises(CommandError, match="HTTP 502"):
        call_command("purge_proxy")
    varnish.status = 200
    PendingPurge.objects.update(not_before=timezone.now())
    call_command("purge_proxy")
    assert "Purged 1 queued changes; 0 still queued." in capsys.readouterr().out


def test_the_worker_thread_purges_after_the_commit(varnish, settings, committed, monkeypatch):
    """The thread reads the queue on its own connection; here it drains on the test's, as in one process."""
    settings.PROXY_PURGE_IN_PROCESS = True
    woken = []
    monkeypatch.setattr(purge, "wake_worker", lambda: woken.append(purge.drain()))
    with committed():
        ArticleFactory()
    assert woken == [(1, 0)]
    assert varnish.requests and not PendingPurge.objects.exists()


# Each CDN's purge API, as sent


def test_fastly_is_sent_a_batch_purge_by_surrogate_key(fake_proxy):
    fake_proxy.body = b'{"article:1": "108-1391560174-974124"}'
    purger = purge.FastlyPurger(service_id="SU1Z0isxPaozGVKXdv0eY", token="secret-token", api_url=fake_proxy.url)
    purger.purge({"article:1", "any:article", "all"})
    (sent,) = fake_proxy.requests
    assert sent["method"] == "POST" and sent["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert sent["headers"]["Fastly-Key"] == "secret-token"
    assert sent["headers"]["Fastly-Soft-Purge"] == "1"
    assert sent["headers"]["Surrogate-Key"] == "all any:article article:1"


def test_fastly_purges_at_most_256_keys_a_call(fake_proxy):
    purger = purge.FastlyPurger(service_id="s", token="t", api_url=fake_proxy.url, soft=False)
    purger.purge({f"article:{number}" for number in range(300)})
    assert [len(request["headers"]["Surrogate-Key"].split(" ")) for request in fake_proxy.requests] == [256, 44]
    assert "Fastly-Soft-Purge" not in fake_proxy.requests[0]["headers"]


def test_cloudflare_is_sent_a_purge_by_tag(fake_proxy):
    fake_proxy.body = b'{"success": true, "errors": [], "messages": [], "result": {"id": "abc"}}'
    purger = purge.CloudflarePurger(zone_id="023e105f4ecef8ad9ca31a8372d0c353", token="cf-token",
                                    api_url=fake_proxy.url)  # fmt: skip
    purger.purge({f"article:{number}" for number in range(40)})
    first, second = fake_proxy.requests
    assert first["method"] == "POST" and first["path"] == "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert first["headers"]["Authorization"] == "Bearer cf-token"
    assert first["headers"]["Content-Type"] == "application/json"
    tags = json.loads(first["body"])["tags"] + json.loads(second["body"])["tags"]
    assert len(json.loads(first["body"])["tags"]) == 30 and len(tags) == 40 == len(set(tags))


def test_cloudflare_must_confirm_the_purge(fake_proxy):
    fake_proxy.body = b'{"success": false, "errors": [{"code": 1134, "message": "rate limited"}]}'
    purger = purge.CloudflarePurger(zone_id="z", token="t", api_url=fake_proxy.url)
    with pytest.raises(purge.PurgeFailed, match="not confirmed"):
        purger.purge({"all"})


@pytest.mark.parametrize(("name", "settings_needed"), [
    ("fastly", {"FASTLY_SERVICE_ID": "s", "FASTLY_API_TOKEN": "t"}),
    ("cloudflare", {"CLOUDFLARE_ZONE_ID": "z", "CLOUDFLARE_API_TOKEN": "t"}),
])  # fmt: skip
def test_each_cdn_is_purged_through_the_queue(settings, fake_proxy, name, settings_needed):
    settings.PROXY_CACHE = name
    settings.PROXY_PURGE_IN_PROCESS = False
    settings.FASTLY_API_URL = settings.CLOUDFLARE_API_URL = fake_proxy.url
    for setting, value in settings_needed.items():
        setattr(settings, setting, value)
    fake_proxy.body = b'{"success": true}'
    purge.enqueue({"article:1"})
    assert purge.drain() == (1, 0)
    assert len(fake_proxy.requests) == 1


# The purge thread, on its own database connection


@pytest.fixture
def purge_thread(varnish, settings, transactional_db, monkeypatch):
    settings.PROXY_PURGE_IN_PROCESS = True
    monkeypatch.setattr(purge, "_worker", None)
    monkeypatch.setattr(purge.atexit, "register", lambda function: None)
    yield
    if purge._worker is not None:
        purge._worker.stop()


def wait_for(condition, seconds=3.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.02)


def test_an_app_process_sends_what_other_processes_left_queued(purge_thread, varnish):
    PendingPurge.objects.create(keys=["article:9"], not_before=timezone.now())  # from a command that ended
    purge.wake_worker()  # as symposium/wsgi.py does when an app server starts
    wait_for(lambda: not PendingPurge.objects.exists())
    assert varnish.requests[0]["headers"]["xkey-softpurge"] == "article:9"


def test_a_command_that_ends_at_once_still_purges(purge_thread, varnish, settings):
    settings.PROXY_PURGE_TIMEOUT_SECONDS = 3
    varnish.delay = 1.0  # the thread is mid-purge when the command ends
    purge.enqueue({"article:1"})
    wait_for(lambda: varnish.requests)
    varnish.delay = 0.0
    purge.enqueue({"speaker:5"})
    purge.drain_at_exit()
    assert not PendingPurge.objects.exists()
    sent = set().union(*(set(request["headers"]["xkey-softpurge"].split()) for request in varnish.requests))
    assert {"article:1", "speaker:5"} <= sent
