"""Debian's Varnish with deploy/varnish/site.vcl, in front of the site, as in production.

varnishd runs in the foreground in a temporary directory (no systemd), in
front of a live server of the test database; what the site would be told
(purges) goes through the real queue and purge thread.
"""

import http.client
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from pytest_django.live_server_helper import LiveServer

from symposium.pagecache import CLOCK_SKEW_SECONDS
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("varnishd") is None, reason="needs Debian's varnish and varnish-modules"),
]

APP_PORT, PROXY_PORT, ADMIN_PORT = 18401, 18402, 18403
DEPLOY = Path(django_settings.BASE_DIR) / "deploy" / "varnish"
SITE_HOST = "localhost"
# The shipped backends.vcl, pointed at the live server, probed often so a stopped one is seen within a second.
TEST_BACKENDS = {
    r'\.port = "8000";': f'.port = "{APP_PORT}";',
    r"\.interval = 2s;": ".interval = 0.3s;",
    r"\.window = 5;": ".window = 3;",
    r"\.threshold = 3;": ".threshold = 2;",
    r"\.initial = 3;": ".initial = 2;",
    r"\^\(symposium\\\.example\\\.org\|www\\\.symposium\\\.example\\\.org\)\$": r"^localhost$",
}


def backends_vcl_for_tests(tmp_path):
    text = (DEPLOY / "backends.vcl").read_text()
    for pattern, replacement in TEST_BACKENDS.items():
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, pattern
    (tmp_path / "backends.vcl").write_text(text)
    return tmp_path


class Varnish:
    def __init__(self, workdir, vcl_dir):
        self.workdir = workdir
        command = ["varnishd", "-F", "-j", "none", "-n", str(workdir), "-a", f"127.0.0.1:{PROXY_PORT}",
                   "-T", f"127.0.0.1:{ADMIN_PORT}", "-f", str(DEPLOY / "site.vcl"),
                   "-p", f"vcl_path={vcl_dir}:{DEPLOY}", "-s", "malloc,32m"]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def wait_until_answering(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited: {self.process.stdout.read().decode()}")
            try:
                fetch("/healthz")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("varnishd did not answer")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def fetch(path, headers=None, method="GET", host=SITE_HOST, source="127.0.0.1"):
    """(status, headers, body) of one request to the proxy, with the Host named exactly."""
    connection = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=10, source_address=(source, 0))
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


class AppServerThread(LiveServerThread):
    """Django's live server on a fixed port that a previous run may have left in TIME_WAIT."""

    def _create_server(self, connections_override=None):
        return self.server_class((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=True,
                                 connections_override=connections_override)  # fmt: skip


@pytest.fixture
def app_server(transactional_db):
    server = LiveServer(f"127.0.0.1:{APP_PORT}", start=False)
    old = server.thread
    server.thread = AppServerThread(old.host, old.static_handler, old.connections_override, old.port)
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture
def varnish(app_server, tmp_path, settings):
    settings.PROXY_CACHE = "varnish"
    settings.PROXY_PURGE_URLS = [f"http://127.0.0.1:{PROXY_PORT}/"]
    settings.PROXY_PURGE_IN_PROCESS = True
    settings.PROXY_PURGE_TIMEOUT_SECONDS = 1.0
    proxy = Varnish(tmp_path / "varnish", backends_vcl_for_tests(tmp_path))
    try:
        proxy.wait_until_answering()
        yield proxy
    finally:
        proxy.stop()


def settle():
    """A page begun within CLOCK_SKEW_SECONDS of a change to what it shows is not given to the proxy to keep."""
    time.sleep(CLOCK_SKEW_SECONDS)


def cache_state(path, **kwargs):
    return fetch(path, **kwargs)[1]["X-Cache"]


def test_a_public_page_is_served_from_the_proxy_on_the_second_request(varnish):
    article = ArticleFactory(title="材料 report", tags=["光刻胶"])
    settle()
    url = article.get_absolute_url()
    status, first, body = fetch(url, headers={"Cookie": "csrftoken=abc; _ga=GA1.2.3"})
    assert status == 200 and first["X-Cache"] == "MISS" and "材料 report" in body
    assert "xkey" not in first  # the keys are for the proxy only
    status, second, again = fetch(url)
    assert second["X-Cache"] == "HIT" and again == body
    assert len(second["X-Varnish"].split()) == 2  # this request's id and the stored object's
    assert int(second["Age"]) >= 0
    # The same page whatever the host's case and port, or the tracking parameters.
    assert cache_state(url + "?utm_source=mail&fbclid=x", host="LOCALHOST:18402") == "HIT"


def test_a_staff_session_is_never_cached_nor_shared(varnish):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(editor)
    session = {"Cookie": f"csrftoken=abc; sessionid={browser.cookies['sessionid'].value}"}
    draft = ArticleFactory(title="Embargoed draft", draft=True)
    preview = draft.get_preview_url()
    for _ in range(2):
        status, headers, body = fetch(preview, headers=session)
        assert status == 200 and "Embargoed draft" in body and headers["X-Cache"] == "PASS"
    status, headers, body = fetch(preview)
    assert status == 404 and "Embargoed draft" not in body
    public = ArticleFactory().get_absolute_url()
    settle()
    for _ in range(2):
        status, headers, body = fetch(public, headers=session)
        assert headers["X-Cache"] == "PASS" and "private" in headers["Cache-Control"]
    assert cache_state(public) == "MISS"  # nothing the editor fetched was stored for readers
    assert cache_state(public, headers={"Authorization": "Basic ZWRpdG9yOng="}) == "PASS"
    status, headers, body = fetch("/admin/login/")
    assert headers["X-Cache"] == "PASS" and "csrftoken" in headers["Set-Cookie"]
    assert cache_state("/admin/login/") == "PASS"


def poll_until(path, text, seconds=1.0):
    """Seconds until the proxy answers `path` with `text` in it; fails after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in fetch(path)[2]:
            return time.monotonic() - started
        time.sleep(0.02)
    pytest.fail(f"{path} still without {text!r} after {seconds} s")


def test_a_save_purges_the_pages_showing_it_within_a_second(varnish):
    shown = ArticleFactory(title="First title", tags=["silicon"])
    other = ArticleFactory(title="Unrelated report", tags=["photoresist"])
    settle()
    pages = [shown.get_absolute_url(), "/articles/", "/tags/silicon/"]
    unrelated = [other.get_absolute_url(), "/tags/photoresist/"]
    for path in pages + unrelated:
        fetch(path)
        assert cache_state(path) == "HIT", path
    with transaction.atomic():
        shown.title = "Second title"
        shown.save()
    for path in pages:
        poll_until(path, "Second title")
    for path in unrelated:
        assert cache_state(path) == "HIT", path


def test_a_forged_host_cannot_poison_the_cache(varnish, settings):
    # A site that believes the host its proxy forwards: the proxy alone must keep forged ones out.
    settings.USE_X_FORWARDED_HOST = True
    article = ArticleFactory()
    settle()
    url = article.get_absolute_url()
    for forged in ("evil.example", "localhost.evil.example", "evil.example:18402", "localhost\tevil"):
        status, headers, body = fetch(url, host=forged)
        assert status == 400 and "X-Cache" not in headers, forged  # refused by the proxy itself
    assert fetch(url, host=None)[0] == 400
    assert fetch(f"http://evil.example{url}")[0] == 400  # the host in an absolute request line counts too
    status, headers, body = fetch(url, headers={"X-Forwarded-Host": "evil.example"})
    assert status == 200 and headers["X-Cache"] == "MISS"  # the site never saw it (it would refuse it: 400)
    status, headers, body = fetch(url)
    assert headers["X-Cache"] == "HIT" and "evil.example" not in body


def test_purging_is_for_the_site_alone(varnish):
    article = ArticleFactory()
    settle()
    fetch(article.get_absolute_url())
    # Another address than the site's own (the ACL in backends.vcl) may not purge.
    assert fetch("/", method="PURGE", headers={"xkey-purge": "all"}, source="127.0.0.2")[0] == 403
    assert cache_state(article.get_absolute_url()) == "HIT"
    assert fetch("/", method="PURGE", headers={"xkey-purge": "all"})[0] == 200
    assert cache_state(article.get_absolute_url()) == "MISS"
    # Clients cannot claim to be the proxy's own cache state either.
    assert cache_state(article.get_absolute_url(), headers={"X-Cache": "MISS"}) == "HIT"


def test_with_the_site_down_cached_pages_are_still_served(varnish, app_server):
    article = ArticleFactory(title="Still readable")
    untouched = ArticleFactory(title="Never purged").get_absolute_url()
    settle()
    url = article.get_absolute_url()
    for path in (url, untouched):
        fetch(path)
        assert cache_state(path) == "HIT"
    assert fetch("/", method="PURGE", headers={"xkey-softpurge": f"article:{article.pk}"})[0] == 200
    # The server only: its database connection stays shared until the fixture ends, for requests still in flight.
    app_server.thread.terminate()
    time.sleep(1.5)  # the probe sees it gone
    for _ in range(3):
        status, headers, body = fetch(url)
        assert status == 200 and headers["X-Cache"] == "STALE" and "Still readable" in body
    status, headers, body = fetch(untouched)
    assert status == 200 and headers["X-Cache"] == "HIT" and "Never purged" in body
    assert fetch("/speakers/")[0] == 503  # never cached: nothing to serve
