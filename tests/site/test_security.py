"""Secure by default: deploy checks, headers, cookies, login throttling, admin path."""

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


def test_site_url_comes_from_the_environment_and_is_checked():
    code = "from django.conf import settings; print(settings.SITE_URL)"
    assert manage("shell", "-c", code, env=PRODUCTION_ENV).stdout.split()[-1] == "https://symposium.example.org"
    moved = manage("shell", "-c", code, env={**PRODUCTION_ENV, "SITE_URL": "https://news.example.org/"})
    assert moved.stdout.split()[-1] == "https://news.example.org"
    with_path = manage("check", env={"SITE_URL": "https://news.example.org/symposium"})
    assert with_path.returncode != 0 and "SITE_URL must be a scheme and host" in with_path.stderr
    bad_proxy = manage("check", env={"TRUSTED_PROXIES": "10.0.0.0/8,proxy.example.org"})
    assert bad_proxy.returncode != 0 and "TRUSTED_PROXIES" in bad_proxy.stderr


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


def test_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")


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

    def attempt(self, client, username, password, address="203.0.113.7", **headers):
        return client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
        )

    def test_five_failures_lock_out_even_the_right_password(self, client):
        for _ in range(4):
            assert self.attempt(client, "boss", "wrong").status_code == 200
        assert self.attempt(client, "boss", "wrong").status_code == 429  # the fifth locks
        locked = self.attempt(client, "boss", self.PASSWORD)
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Too many failed log-in attempts" in page
        assert "paused for 15 minutes" in page
        assert "ask an editor to unlock your account" in page

    def test_one_address_cannot_try_many_usernames(self, client):
        for number in range(5):
            self.attempt(client, f"guess-{number}", "wrong")
        assert self.attempt(client, "guess-40", "wrong").status_code == 429
        assert self.attempt(client, "deputy", self.PASSWORD).status_code == 429  # that address is locked out

    def test_many_addresses_cannot_try_many_passwords_on_one_account(self, client):
        for number in range(4):
            response = self.attempt(client, "boss", f"guess {number}", address=f"198.51.100.{number + 1}")
            assert response.status_code == 200
        assert self.attempt(client, "boss", "guess 5", address="198.51.100.5").status_code == 429
        assert self.attempt(client, "boss", self.PASSWORD, address="198.51.100.99").status_code == 429

    def test_lockout_does_not_shut_out_everyone_else(self, client):
        for number in range(6):
            self.attempt(client, "boss", "wrong", address=f"198.51.100.{number + 1}")
        other_client = type(client)()
        assert self.attempt(other_client, "deputy", self.PASSWORD, address="192.0.2.50").status_code == 302

    def test_success_resets_the_count(self, client):
        for _ in range(4):
            self.attempt(client, "boss", "wrong")
        assert self.attempt(client, "boss", self.PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            self.attempt(client, "boss", "wrong")
        assert self.attempt(client, "boss", self.PASSWORD).status_code == 302

    def test_forwarded_for_is_ignored_from_an_untrusted_address(self, client, settings):
        """A client talking to the site directly cannot pose as many addresses by forging the header."""
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        for number in range(5):
            self.attempt(client, f"guess-{number}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}")
        assert self.attempt(client, "deputy", self.PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 429

    def test_behind_a_trusted_proxy_each_reader_has_their_own_address(self, client, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        proxy = "10.1.2.3"
        for number in range(6):  # an attacker behind the proxy, forging an address of their own too
            self.attempt(client, f"guess-{number}", "wrong", address=proxy,
                         HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}, 203.0.113.7")  # fmt: skip
        other_client = type(client)()
        reader = self.attempt(other_client, "deputy", self.PASSWORD, address=proxy,
                              HTTP_X_FORWARDED_FOR="198.51.100.8")  # fmt: skip
        assert reader.status_code == 302
        # The forged left-hand address did not help the attacker: it is still locked out.
        attacker = self.attempt(client, "deputy", self.PASSWORD, address=proxy,
                                HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.7")  # fmt: skip
        assert attacker.status_code == 429

    def test_an_editor_can_unlock_a_locked_out_user(self, client, django_user_model):
        from django.contrib.auth.models import Group

        for number in range(5):
            self.attempt(client, "boss", "wrong", address=f"198.51.100.{number + 1}")
        assert self.attempt(client, "boss", self.PASSWORD, address="192.0.2.9").status_code == 429

        editor = django_user_model.objects.create_user("eddie", password="an editor's password", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        editors_client = type(client)()
        editors_client.force_login(editor)
        listing = editors_client.get("/admin/axes/accessattempt/?q=boss")
        assert listing.status_code == 200
        from axes.models import AccessAttempt

        chosen = list(AccessAttempt.objects.filter(username="boss").values_list("pk", flat=True))
        response = editors_client.post(
            "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": chosen}, follow=True
        )
        assert "Unlocked: boss" in response.content.decode()
        assert not AccessAttempt.objects.filter(username="boss").exists()
        assert self.attempt(type(client)(), "boss", self.PASSWORD, address="192.0.2.9").status_code == 302

    def test_a_writer_cannot_unlock(self, client, django_user_model):
        from django.contrib.auth.models import Group

        writer = django_user_model.objects.create_user("wendy", password="a writer's password", is_staff=True)
        writer.groups.add(Group.objects.get(name="Writers"))
        client.force_login(writer)
        assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_admin_login_without_next_lands_on_the_admin_index(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.org", "a long enough password")
    response = client.post("/admin/login/", {"username": "boss", "password": "a long enough password"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


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
