"""Secure by default: deploy checks, headers, cookies, login throttling, admin path."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-" + "x7Qp9vLm2Rz8Tw4Ny6Bc1Hd5Jf0Gs3Ka" * 2,
    "ALLOWED_HOSTS": "symposium.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env=None):
    """manage.py in a fresh process; the browser tests' async escape hatch stays behind."""
    leave_out = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout  # HSTS preload only


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs SECRET_KEY and ALLOWED_HOSTS." in result.stderr


def test_admin_path_can_be_moved():
    result = manage("shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))",
                    env={"ADMIN_PATH": "backstage"})  # fmt: skip
    assert result.stdout.strip().endswith("/backstage/")


def test_security_headers_on_public_pages(client):
    article = ArticleFactory()
    for url in ("/", article.get_absolute_url(), "/search/?q=x", "/no-such-page/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# The site's own production settings, read in a fresh process: what a request
# gets there depends on nothing a test sets.
PRODUCTION_PROBE = """
import json
from django.conf import settings as s
from django.test import Client

client = Client(HTTP_HOST="symposium.example.org", raise_request_exception=False)
https = client.get("/robots.txt", secure=True)
behind_proxy = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/robots.txt")
unknown_host = client.get("/robots.txt", secure=True, HTTP_HOST="evil.example.com")
print(json.dumps({
    "settings": [s.DEBUG, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,
                 s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "https": [https.status_code, https.headers.get("Strict-Transport-Security")],
    "behind_proxy": [behind_proxy.status_code, behind_proxy.headers.get("Strict-Transport-Security")],
    "plain": [plain.status_code, plain.headers.get("Location")],
    "unknown_host": unknown_host.status_code,
}))
"""


def probe(env):
    result = manage("shell", "-c", PRODUCTION_PROBE, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_redirects_to_https():
    answers = probe(PRODUCTION_ENV)
    # DEBUG, HSTS seconds, subdomains, preload, SSL redirect, secure session and CSRF cookies
    assert answers["settings"] == [False, 31536000, True, False, True, True, True]
    assert answers["https"] == [200, "max-age=31536000; includeSubDomains"]
    assert answers["behind_proxy"] == [200, "max-age=31536000; includeSubDomains"]  # X-Forwarded-Proto trusted
    assert answers["plain"] == [301, "https://symposium.example.org/robots.txt"]
    assert answers["unknown_host"] == 400


def test_unknown_host_gets_the_bad_request_page_not_a_server_error(client):
    response = client.get("/articles/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_production_hsts_preload_is_the_operators_choice():
    answers = probe({**PRODUCTION_ENV, "SECURE_HSTS_PRELOAD": "1"})
    assert answers["https"] == [200, "max-age=31536000; includeSubDomains; preload"]


def test_local_settings_send_no_hsts_and_no_redirect():
    answers = probe({"ALLOWED_HOSTS": "symposium.example.org"})
    assert answers["settings"] == [False, 0, False, False, False, False, False]
    assert answers["https"] == [200, None]
    assert answers["plain"] == [200, None]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"DEBUG": "1"}, "DEBUG"),
        ({"DEBUG": "true"}, "DEBUG"),
    ],
    ids=["no-hosts", "empty-hosts", "blank-hosts", "no-secret-key", "debug-1", "debug-true"],
)
def test_production_refuses_to_start_when_unsafe(change, complaint):
    env = {key: value for key, value in {**PRODUCTION_ENV, **change}.items() if value is not None}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr.strip().splitlines()[-1]


def test_admin_cookies_are_httponly_and_samesite(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.org", "a long enough password")
    login = client.get("/admin/login/")
    csrf = login.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/admin/login/", {"username": "boss", "password": "a long enough password", "csrfmiddlewaretoken": csrf.value}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_production_cookies_are_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-3:] == ["True", "True", "True"]


class TestLoginThrottling:
    PASSWORD = "the right password"

    @pytest.fixture(autouse=True)
    def users(self, django_user_model):
        django_user_model.objects.create_superuser("boss", "b@example.org", self.PASSWORD)
        django_user_model.objects.create_superuser("deputy", "d@example.org", self.PASSWORD)

    def attempt(self, client, username, password, address="203.0.113.7"):
        return client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def test_five_failures_lock_out_even_the_right_password(self, client):
        for _ in range(4):
            assert self.attempt(client, "boss", "wrong").status_code == 200
        assert self.attempt(client, "boss", "wrong").status_code == 429  # the fifth locks
        locked = self.attempt(client, "boss", self.PASSWORD)
        assert locked.status_code == 429
        assert "Too many failed log-in attempts" in locked.content.decode()

    def test_lockout_does_not_shut_out_everyone_else(self, client):
        for _ in range(6):
            self.attempt(client, "boss", "wrong")
        assert self.attempt(client, "deputy", self.PASSWORD).status_code == 302
        other_client = type(client)()
        assert self.attempt(other_client, "boss", self.PASSWORD, address="198.51.100.2").status_code == 302

    def test_success_resets_the_count(self, client):
        for _ in range(4):
            self.attempt(client, "boss", "wrong")
        assert self.attempt(client, "boss", self.PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            self.attempt(client, "boss", "wrong")
        assert self.attempt(client, "boss", self.PASSWORD).status_code == 302


def test_prebuilt_policy_is_django_csp_s_own(client):
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.test import RequestFactory

    from symposium.middleware import PrebuiltCSPMiddleware
    from symposium.views import robots_txt

    assert client.get("/")["Content-Security-Policy"] == build_policy()
    # A view that asks for more still gets it, through django-csp's own path.
    view = csp_update({"img-src": ["https://images.example.org"]})(robots_txt)
    middleware = PrebuiltCSPMiddleware(view)
    response = middleware(RequestFactory().get("/robots.txt"))
    assert "img-src 'self' data: https://images.example.org" in response["Content-Security-Policy"]
