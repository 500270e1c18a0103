"""Settings for Symposium.

Everything that differs between a laptop and production comes from the
environment; the defaults are safe for local use. See README "Configuration".
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SYMPOSIUM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key():
    """A key generated once per checkout, so local sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


PRODUCTION = os.environ.get("DJANGO_ENV", "local") == "production"
DEBUG = env_bool("DEBUG")

if PRODUCTION:
    if not os.environ.get("SECRET_KEY") or not os.environ.get("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY and ALLOWED_HOSTS.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "simple_history",
    "articles",
    "priorities",
    # The project package is an app too: it owns the site-wide management
    # commands (demo content) and template tags.
    "symposium",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, so static files skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so cached pages get the policy header too.
    "symposium.middleware.PrebuiltCSPMiddleware",
    # Above the page cache, so a page served from the cache still answers 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Stores what the middleware below produced; must sit above anything that adds Vary.
    "django.middleware.cache.UpdateCacheMiddleware",
    # A hit returns here, skipping sessions, auth and the rest. Safe because
    # public pages never touch the session, CSRF token or messages (so never
    # Vary on Cookie), and staff-only pages are never_cache.
    "django.middleware.cache.FetchFromCacheMiddleware",
    # Hashes each page once, before it is cached, not on every hit.
    "symposium.middleware.ETagBeforeCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the revision history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: counts failed admin logins and locks out the attacker.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "symposium.urls"
WSGI_APPLICATION = "symposium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # APP_DIRS (not a hand-written "loaders" list) keeps Django's cached
        # loader on whenever DEBUG is off.
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_env():
    default_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", default_url),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers share one file: WAL lets readers run beside
        # a writer, IMMEDIATE takes the write lock up front (no upgrade
        # deadlock), and the timeout waits for it instead of failing.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Page-sized work never pays for JIT compilation (hundreds of
        # milliseconds on the search queries' large cost estimates) or for
        # starting parallel workers (5-10 ms, and they take the cores other
        # requests are waiting for).
        config["OPTIONS"] = {"options": "-c jit=off -c max_parallel_workers_per_gather=0"}
    return config


DATABASES = {"default": database_from_env()}


def caches_from_env():
    """Local memory by default; a shared Redis when REDIS_URL (or CACHE_URL) is set.

    "pages" holds whole anonymous pages. Its keys carry a generation number
    that every content change bumps (symposium.cache), so a change reaches
    readers at once where the cache is shared, and within PAGE_CACHE_SECONDS
    where each process has its own.
    """
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
    if redis_url:
        default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        pages = {"BACKEND": "symposium.cache.GenerationalRedisCache", "LOCATION": redis_url}
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"}
        pages = {"BACKEND": "symposium.cache.GenerationalLocMemCache", "LOCATION": "pages"}
    return {"default": {**default, "KEY_PREFIX": "symposium"}, "pages": {**pages, "KEY_PREFIX": "symposium-pages"}}


CACHES = caches_from_env()
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "10"))
CACHE_MIDDLEWARE_KEY_PREFIX = ""
# A search still running after this long is stopped and the reader told so.
SEARCH_TIME_LIMIT_MS = int(os.environ.get("SEARCH_TIME_LIMIT_MS", "1000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The newsroom is in China: the admin shows, and scheduling means, Beijing time; the database keeps UTC.
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
# The interface is in English only (each article carries its own language);
# without translation Django skips a language lookup on every URL and value a page renders.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Uploads in var/media/ are served by the site itself; with object storage
# (an absolute MEDIA_URL), the storage's own server does it.
SERVE_MEDIA = not MEDIA_URL.startswith(("http://", "https://"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Tag slugs keep their script: a Chinese tag gets a Chinese slug.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False
TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("SITE_NAME", "Symposium")
# Where staff log in; moving it off /admin/ keeps casual scanners away.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

# Security headers on every response. Scripts and styles come only from our
# own static files: no inline script, no inline style, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a commitment browsers keep for months: the operator opts in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Admin login throttling (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes; other users and addresses go on.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
