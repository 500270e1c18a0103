"""Settings for Symposium.

Everything that differs between a laptop and production comes from the
environment; the defaults are safe for local use. See README "Configuration".
"""

import os
import secrets
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from symposium.object_storage import media_origin, media_storage_from_env

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
    if not os.environ.get("SECRET_KEY") or not env_list("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY and ALLOWED_HOSTS.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")


def shared_services_missing(environ):
    """What several app servers must share but would each keep under var/ (README "Several app servers")."""
    shared = {
        # Sessions, CSRF and signed values made by one server are read by another.
        "SECRET_KEY": environ.get("SECRET_KEY"),
        "DATABASE_URL": environ.get("DATABASE_URL"),
        # The page cache and when each key was forgotten: an edit on one forgets pages on all.
        "REDIS_URL": environ.get("REDIS_URL") or environ.get("CACHE_URL"),
        "AWS_STORAGE_BUCKET_NAME": environ.get("AWS_STORAGE_BUCKET_NAME"),
    }
    return [name for name, value in shared.items() if not value]


if env_bool("SEVERAL_APP_SERVERS") and (missing := shared_services_missing(os.environ)):
    raise ImproperlyConfigured(f"SEVERAL_APP_SERVERS=1 needs the services they share: set {', '.join(missing)}.")

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
    # The read-only JSON API under /api/v1/ (README "API").
    "api",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files, served as our own static files (the CSP allows no CDN).
    "drf_spectacular_sidecar",
    "corsheaders",
    # Last, as its documentation asks: deletes a replaced, cleared or deleted
    # image's file once the change is committed.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, so static files skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so cached API responses get CORS headers too (only /api/).
    "corsheaders.middleware.CorsMiddleware",
    # Above everything that reads the database (the page cache included): decides
    # whether this request reads the replica, and pins a writer to the primary.
    "symposium.replicas.ReplicaReadsMiddleware",
    # Above the page cache, so cached pages get the policy header too.
    "symposium.middleware.PrebuiltCSPMiddleware",
    # Above the page cache, so a page served from the cache still answers 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the page cache, which keys pages by the language this sets: the
    # one the URL names (/zh-hans/...), never a cookie or Accept-Language.
    "symposium.middleware.URLLanguageMiddleware",
    # Serves and stores whole anonymous pages (symposium.pagecache); a hit
    # returns here, skipping sessions, auth and the rest. Safe because public
    # pages never touch the session, CSRF token or messages, and staff-only
    # pages are never_cache.
    "symposium.pagecache.PageCacheMiddleware",
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
    # Innermost, so it sees a detail page's 404 first: an old slug answers 301.
    "symposium.redirects.SlugRedirectMiddleware",
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


def database_from_env(url=None):
    """The primary from DATABASE_URL (an SQLite file under var/ by default), or the database at `url`."""
    config = dj_database_url.parse(
        url or os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers share one file: WAL lets readers run beside
        # a writer, IMMEDIATE takes the write lock up front (no upgrade
        # deadlock), and the timeout waits for it instead of failing.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Waits for the write lock well inside gunicorn's 30 s worker timeout.
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "10")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Page-sized work never pays for JIT compilation (hundreds of
        # milliseconds on the search queries' large cost estimates) or for
        # starting parallel workers (5-10 ms, and they take the cores other
        # requests are waiting for).
        # A server that hangs is given up on: connecting after DB_CONNECT_TIMEOUT
        # seconds, and, in the web server (gunicorn.conf.py sets it), any
        # statement after DB_STATEMENT_TIMEOUT_MS; management commands such as
        # migrate run without a statement limit.
        options = "-c jit=off -c max_parallel_workers_per_gather=0"
        if os.environ.get("DB_STATEMENT_TIMEOUT_MS"):
            options += f" -c statement_timeout={int(os.environ['DB_STATEMENT_TIMEOUT_MS'])}"
        config["OPTIONS"] = {"options": options, "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))}
    return config


DATABASES = {"default": database_from_env()}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Public pages read it (symposium.replicas); tests run it as a second connection to the test database.
    DATABASES["replica"] = {**database_from_env(os.environ["DATABASE_REPLICA_URL"]), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["symposium.replicas.PrimaryReplicaRouter"]
# The most a replica lags its primary: a writer reads the primary this long after writing,
# and a page rendered from the replica counts as this much older in the page cache.
REPLICA_LAG_SECONDS = int(os.environ.get("REPLICA_LAG_SECONDS", "10"))


def caches_from_env():
    """A shared Redis when REDIS_URL (or CACHE_URL) is set; otherwise files under var/cache/.

    Files, not per-process memory, so every gunicorn worker of `make run` sees
    the same pages and the same forgetting, with no server to install. Both
    fail open (symposium.cache_backends): when the cache is down or hung, pages
    are rendered without it. "pages" holds whole anonymous pages and when each
    page key was last forgotten (symposium.pagecache).
    """
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
    if redis_url:
        timeout = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
        shared = {
            "LOCATION": redis_url,
            # No retries: a cache that does not answer at once is treated as down.
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": None},
        }
        default = {"BACKEND": "symposium.cache_backends.FailOpenRedisCache", **shared}
        pages = {"BACKEND": "symposium.cache_backends.FailOpenRedisCache", **shared}
    else:
        files = {"OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))}}
        default = {
            "BACKEND": "symposium.cache_backends.FailOpenFileBasedCache",
            "LOCATION": VAR_DIR / "cache" / "default",
            **files,
        }
        pages = {
            "BACKEND": "symposium.cache_backends.FailOpenFileBasedCache",
            "LOCATION": VAR_DIR / "cache" / "pages",
            # When each page key was last forgotten: never culled (symposium.pagecache).
            "OPTIONS": {**files["OPTIONS"], "KEPT_PREFIXES": ["forgot:"]},
        }
    return {"default": {**default, "KEY_PREFIX": "symposium"}, "pages": {**pages, "KEY_PREFIX": "symposium-pages"}}


CACHES = caches_from_env()
CACHE_MIDDLEWARE_ALIAS = "pages"
# Pages stay fresh until what they show changes (symposium.cache forgets
# them); this is only the longest a page is kept without a change.
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(6 * 3600)))
# How long a browser may keep a page without asking again.
BROWSER_CACHE_SECONDS = int(os.environ.get("BROWSER_CACHE_SECONDS", "60"))
# A page's last copy is kept this much longer, served if the database fails.
STALE_IF_ERROR_SECONDS = int(os.environ.get("STALE_IF_ERROR_SECONDS", str(24 * 3600)))
# The query parameters public pages read; others (utm_source, fbclid...) are
# left out of the page cache's key, so they cannot multiply its entries.
PAGE_QUERY_PARAMETERS = {"page", "p", "q", "tag", "match", "type", "language"}  # "p": the sitemap's pages
# ... and those the API reads (api.filters, api.pagination).
PAGE_QUERY_PARAMETERS |= {"cursor", "page_size", "speaker", "event", "published_after", "published_before"}
# A caching proxy or CDN in front (README "Behind a caching proxy or CDN"):
# "varnish", "fastly" or "cloudflare" picks the header that lists each page's
# keys and how changed pages are purged; empty when nothing caches in front.
PROXY_CACHE = os.environ.get("PROXY_CACHE", "").strip().lower()
if PROXY_CACHE not in {"", "varnish", "fastly", "cloudflare"}:
    raise ImproperlyConfigured(f"PROXY_CACHE must be varnish, fastly, cloudflare or empty: {PROXY_CACHE!r}")
# How long the proxy keeps a page (s-maxage); purging, not expiry, keeps it fresh.
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", str(24 * 3600)))
# How long a proxy may answer with the previous copy while it fetches a new one.
PROXY_STALE_WHILE_REVALIDATE_SECONDS = int(os.environ.get("PROXY_STALE_WHILE_REVALIDATE_SECONDS", "30"))
# The header naming each page's keys, when the proxy expects another than its usual one.
PROXY_KEY_HEADER = os.environ.get("PROXY_KEY_HEADER", "")
# Varnish: each proxy's address, sent `PURGE` with the keys (deploy/varnish/site.vcl).
PROXY_PURGE_URLS = env_list("PROXY_PURGE_URLS")
if bad_urls := [url for url in PROXY_PURGE_URLS if not url.startswith(("http://", "https://"))]:
    raise ImproperlyConfigured(f"PROXY_PURGE_URLS must be http(s) addresses: {bad_urls}")
# Soft purges mark pages stale (served once more while refetched) rather than dropping them.
PROXY_PURGE_SOFT = env_bool("PROXY_PURGE_SOFT", True)
# A purge call that takes longer fails and is retried later (symposium.purge).
PROXY_PURGE_TIMEOUT_SECONDS = float(os.environ.get("PROXY_PURGE_TIMEOUT_SECONDS", "2"))
# Each app process purges in a thread of its own; off, only `manage.py purge_proxy` does.
PROXY_PURGE_IN_PROCESS = env_bool("PROXY_PURGE_IN_PROCESS", True)
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "https://api.fastly.com")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
CLOUDFLARE_API_URL = os.environ.get("CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4")
PROXY_PURGE_NEEDS = {
    "varnish": ["PROXY_PURGE_URLS"],
    "fastly": ["FASTLY_SERVICE_ID", "FASTLY_API_TOKEN"],
    "cloudflare": ["CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"],
}
# A proxy that keeps pages for a day and is never purged would show old pages for a day.
if missing := [name for name in PROXY_PURGE_NEEDS.get(PROXY_CACHE, []) if not globals()[name]]:
    raise ImproperlyConfigured(f"PROXY_CACHE={PROXY_CACHE} needs {', '.join(missing)} to purge changed pages.")

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
# The interface's languages, each named in itself (the switcher shows these).
# English at today's URLs, Chinese under /zh-hans/ (symposium/urls.py).
LANGUAGES = [("en", "English"), ("zh-hans", "中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them: "5 July 2019", "2019年7月5日" (symposium/formats/).
FORMAT_MODULE_PATH = "symposium.formats"
# The newsroom is in China: the admin shows, and scheduling means, Beijing time; the database keeps UTC.
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_STORAGE, MEDIA_URL = media_storage_from_env(os.environ)
# Uploads in var/media/ are served by the site itself; with object storage
# (an absolute MEDIA_URL), the storage's own server does it.
SERVE_MEDIA = not MEDIA_URL.startswith(("http://", "https://"))
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Tag slugs keep their script: a Chinese tag gets a Chinese slug.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False
TAGGIT_CASE_INSENSITIVE = True
# Tags as editors type them: Chinese commas and semicolons separate too, spaces
# never do, full-width letters fold (articles/tagging.py).
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.edit_string_for_tags"

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
        # Uploads come from the media storage's own address when it is object storage.
        "img-src": ["'self'", "data:", *filter(None, [media_origin(MEDIA_URL)])],
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


# The site's own address (scheme and host, no path): canonical links, feeds,
# the sitemap and robots.txt are built from it, never from the request's Host.
# In production it defaults to https:// and the first of ALLOWED_HOSTS.
def site_url_from_env():
    url = os.environ.get("SITE_URL", "").strip()
    if not url and PRODUCTION:
        host = ALLOWED_HOSTS[0]
        if host.startswith(".") or "*" in host:
            raise ImproperlyConfigured(f"ALLOWED_HOSTS starts with the pattern {host!r}: set SITE_URL.")
        url = f"https://{host}"
    url = (url or "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"SITE_URL must be a scheme and host, like https://symposium.example.org: {url!r}")
    return url


SITE_URL = site_url_from_env()

# Staff who log in without a `next` land on the admin's index.
LOGIN_REDIRECT_URL = "admin:index"

# The reverse proxies in front of the site (addresses or networks, e.g.
# "10.0.0.5,10.1.0.0/16"). Only a request arriving from one of them has its
# X-Forwarded-For believed; from anywhere else the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for proxy in TRUSTED_PROXIES:
    try:
        ip_network(proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# Admin login throttling (django-axes): five failures for one username, from
# any addresses, lock that username out for 15 minutes; five failures from one
# address, for any usernames, lock that address out. An editor can unlock
# early (admin: Access attempts, "Unlock").
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "symposium.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The JSON API (api/). Anonymous and read-only: no sessions, no CSRF, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
}
# Requests per client address ("120/minute"; s, m, h or d); empty for no limit.
# Responses served from the page cache are not counted: they cost no database work.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute") or None
SPECTACULAR_SETTINGS = {
    "TITLE": f"{os.environ.get('SITE_NAME', 'Symposium')} API",
    "DESCRIPTION": "Read-only open data: articles, quotes, priorities, speakers, events and tags, public ones only.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.site_server"],
}
# Any site's scripts may read the API (GET only, no credentials); nothing else is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
