"""Two app servers that share nothing but the database, Redis and the bucket, as behind a load balancer.

Two gunicorns on their own ports, each with a var/ directory of its own (so
nothing can pass through local files), over one database (a PostgreSQL
database when DATABASE_URL is PostgreSQL, else one SQLite file), Redis db 12
and a bucket on moto's S3 server in this process, with Debian's Varnish and
deploy/varnish/site.vcl in front of both. Browsers share cookies between
ports of one host, as they would between servers behind one address.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import dj_database_url
import psycopg
import pytest
import redis
import requests

from tests.articles.browser_form import form_data
from tests.articles.test_admin import article_form
from tests.articles.test_images import png
from tests.object_storage import free_port
from tests.proxy.test_varnish import SITE_HOST, Varnish, backends_vcl_for_tests, settle

ROOT = Path(__file__).resolve().parents[2]
APP_PORTS = range(18520, 18560)
PROXY_PORTS = range(18560, 18580)
REDIS_URL = "redis://127.0.0.1:6379/12"
PASSWORD = "correct horse battery staple"


def shared_database(tmp_path):
    """A DATABASE_URL for a new, empty database both servers use, and how to drop it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}", lambda: None
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_two_servers"
    admin = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        admin["password"] = config["PASSWORD"]

    def run(sql):
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}", lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def own_var_dir(tmp_path, name):
    """A var/ for one server; the static files collected for the suite are the one thing its build shares."""
    from django.conf import settings

    var = tmp_path / name
    var.mkdir()
    (var / "static").symlink_to(Path(settings.STATIC_ROOT).resolve())
    return var


def wait_until_answering(url, server, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer at {url}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def servers(s3_server, tmp_path_factory):
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).flushdb()
    except redis.ConnectionError:
        pytest.fail("These tests need Redis on 127.0.0.1:6379 (make redis starts one).")
    tmp_path = tmp_path_factory.mktemp("two_servers")
    database_url, drop_database = shared_database(tmp_path)
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    shared = {
        **clean,
        **s3_server.environment(s3_server.new_bucket()),
        "SEVERAL_APP_SERVERS": "1",
        "SECRET_KEY": "two-servers-" + "q8Lm3Vx7Rt2Wy9Pk" * 3,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "WEB_CONCURRENCY": "1",
    }
    proxy_port = free_port(PROXY_PORTS)
    shared |= {"PROXY_CACHE": "varnish", "PROXY_PURGE_URLS": f"http://127.0.0.1:{proxy_port}/"}
    manage({**shared, "SYMPOSIUM_VAR_DIR": str(own_var_dir(tmp_path, "setup"))}, "migrate", "--no-input")
    superuser = {"DJANGO_SUPERUSER_PASSWORD": PASSWORD, "SYMPOSIUM_VAR_DIR": str(tmp_path / "setup")}
    manage({**shared, **superuser}, "createsuperuser", "--no-input", "--username", "editor", "--email", "e@x.org")
    processes, urls, proxy = [], [], None
    try:
        for name in ("a", "b"):
            port = free_port(APP_PORTS)  # the first server is answering on its own by now
            log = tmp_path / f"gunicorn-{name}.log"
            env = {**shared, "SYMPOSIUM_VAR_DIR": str(own_var_dir(tmp_path, name)), "BIND": f"127.0.0.1:{port}"}
            with log.open("w") as output:
                process = subprocess.Popen(
                    [str(Path(sys.executable).parent / "gunicorn"), "symposium.wsgi"],
                    cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                )  # fmt: skip
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_answering(urls[-1], process, log)
        ports = [int(url.rsplit(":", 1)[1]) for url in urls]
        vcl_dir = tmp_path / "vcl"
        vcl_dir.mkdir()
        proxy = Varnish(tmp_path / "varnish", backends_vcl_for_tests(vcl_dir, ports), proxy_port,
                        free_port(range(proxy_port + 1, PROXY_PORTS.stop)))  # fmt: skip
        proxy.wait_until_answering()
        yield SimpleNamespace(a=urls[0], b=urls[1], proxy=f"http://127.0.0.1:{proxy_port}", s3=s3_server,
                              bucket=shared["AWS_STORAGE_BUCKET_NAME"])  # fmt: skip
    finally:
        if proxy is not None:
            proxy.stop()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        drop_database()


class Browser(requests.Session):
    """Cookies kept per host, whatever the port, as browsers do; no request waits forever."""

    def request(self, *args, **kwargs):
        return super().request(*args, **{"timeout": 30, **kwargs})


def csrf_token(session, url):
    page = session.get(url)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def log_in(session, server, username="editor", password=PASSWORD):
    token = csrf_token(session, f"{server}/admin/login/")
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return session.post(f"{server}/admin/login/?next=/admin/", data=data, allow_redirects=False)


def admin_post(session, url, data, files=None):
    response = session.post(url, data={**data, "csrfmiddlewaretoken": csrf_token(session, url)}, files=files,
                            allow_redirects=False)  # fmt: skip
    assert response.status_code == 302, response.text[-3000:]
    return response


@pytest.fixture(scope="module")
def editor(servers):
    session = Browser()
    assert log_in(session, servers.a).status_code == 302
    return session


@pytest.fixture(scope="module")
def article(servers, editor):
    """Written through server A: a speaker with a photo, and a published article with a lead image quoting them."""
    photo = {"photo": ("xu.png", png(400, 400), "image/png")}
    added = admin_post(editor, f"{servers.a}/admin/articles/speaker/add/",
                       {"name_en": "Xu Jian", "slug": "", "_continue": "1"}, files=photo)  # fmt: skip
    speaker_id = int(re.search(r"/speaker/(\d+)/change/", added.headers["Location"]).group(1))
    data = article_form(SimpleNamespace(pk=speaker_id), title="化工新材料 across servers", lead_image_alt="A hall")
    data["_continue"] = "1"
    lead = {"lead_image": ("hall.jpg", png(900, 600), "image/png")}
    added = admin_post(editor, f"{servers.a}/admin/articles/article/add/", data, files=lead)
    article_id = int(re.search(r"/article/(\d+)/change/", added.headers["Location"]).group(1))
    return SimpleNamespace(id=article_id, url=f"/articles/{requests.utils.quote('化工新材料-across-servers')}/")


def test_a_login_on_one_server_holds_on_the_other(servers, editor):
    assert editor.get(f"{servers.b}/admin/", allow_redirects=False).status_code == 200
    assert Browser().get(f"{servers.b}/admin/", allow_redirects=False).status_code == 302  # no session: log in


def test_an_image_uploaded_through_one_is_shown_by_the_other(servers, article):
    page = Browser().get(f"{servers.b}{article.url}")
    assert page.status_code == 200
    assert "化工新材料 across servers" in page.text
    media = f"{servers.s3.url}/{servers.bucket}/"
    src = re.search(r'<img src="([^"]+)" srcset="[^"]+" sizes="[^"]+" alt="A hall">', page.text).group(1)
    assert src.startswith(media + "articles/") and src.endswith(".w960.jpg")
    assert f"img-src 'self' data: {servers.s3.url}" in page.headers["Content-Security-Policy"]
    image = Browser().get(src)
    assert (image.status_code, image.headers["Content-Type"]) == (200, "image/jpeg")
    speaker = Browser().get(f"{servers.b}/speakers/xu-jian/")
    photo = re.search(r'class="speaker-photo" src="([^"]+)"', speaker.text).group(1)
    assert photo.startswith(media + "speakers/") and Browser().get(photo).status_code == 200


def test_an_edit_through_one_is_seen_through_the_other_on_the_next_request(servers, editor, article):
    reader = Browser()
    reader.headers["Host"] = "127.0.0.1"  # the site's one address, as the load balancer passes it on to either
    settle()
    reader.get(f"{servers.b}{article.url}")
    assert reader.get(f"{servers.b}{article.url}").headers["X-Page-Cache"] == "hit"
    assert reader.get(f"{servers.a}{article.url}").headers["X-Page-Cache"] == "hit"  # one cache for both
    change = f"{servers.a}/admin/articles/article/{article.id}/change/"
    data = form_data(editor.get(change).text)
    data["standfirst"] = "Edited on server A, 在甲服务器上修改。"
    admin_post(editor, change, data)
    page = reader.get(f"{servers.b}{article.url}")
    assert "Edited on server A, 在甲服务器上修改。" in page.text
    assert page.headers["X-Page-Cache"] == "miss"


def test_an_edit_through_one_is_seen_through_the_proxy_in_front_of_both(servers, editor, article):
    reader = Browser()
    reader.headers["Host"] = SITE_HOST
    settle()
    reader.get(f"{servers.proxy}{article.url}")
    assert reader.get(f"{servers.proxy}{article.url}").headers["X-Cache"] == "HIT"
    change = f"{servers.b}/admin/articles/article/{article.id}/change/"
    data = form_data(editor.get(change).text)
    data["standfirst"] = "Edited on server B, seen through the proxy. 经代理可见。"
    admin_post(editor, change, data)
    deadline = time.monotonic() + 2
    while "seen through the proxy. 经代理可见。" not in (page := reader.get(f"{servers.proxy}{article.url}")).text:
        assert time.monotonic() < deadline, "the proxy still serves the page as it was before the save"
        time.sleep(0.1)
    assert page.status_code == 200


def test_login_throttling_counts_failures_on_both_servers(servers):
    """Last in this module: it locks out the address every test here uses."""
    attacker = Browser()
    for attempt in range(4):
        server = servers.a if attempt % 2 else servers.b
        assert log_in(attacker, server, password=f"guess {attempt}").status_code == 200
    assert log_in(attacker, servers.a, password="guess 5").status_code == 429  # the fifth, counted across both
    assert log_in(attacker, servers.b).status_code == 429  # even the right password, on the other server


def test_several_app_servers_refuse_to_start_with_state_of_their_own():
    """Without a shared secret, database, Redis or bucket, each server would keep its own under var/."""
    keep = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CACHE_URL"}}
    env = {**keep, "SEVERAL_APP_SERVERS": "1", "REDIS_URL": REDIS_URL}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    missing = "SECRET_KEY, DATABASE_URL, AWS_STORAGE_BUCKET_NAME"
    assert f"SEVERAL_APP_SERVERS=1 needs the services they share: set {missing}." in result.stderr
