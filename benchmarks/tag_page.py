"""What a tag page costs when it misses the page cache: `make bench-tag-page`.

At 10,000 articles, on SQLite and on PostgreSQL, in-process (Django's WSGI
handler called directly, so nothing but the site is timed): the most popular
tag's overview, two of its per-kind pages deep in the list, and the newest
article page for comparison. Before every timed request the page cache is
emptied, so each request is a miss that renders and stores its page, as on a
live site; the tag counts stay cached, as they do there between edits
(`PAGE_CACHE_SECONDS=0` would switch both off and time the counting instead,
which is reported on its own line). Pages are requested in turn, round after
round, and the ratio to the article page is taken within the same run: the
machine may be busy, the ratio holds.

Databases are built once (`generate_content --articles 10000`) and kept:
SQLite in `var/bench/load-10000.sqlite3` (shared with `make bench`), PostgreSQL
in `bench_pages_10000`. `BENCH_SQLITE` (a file) and `BENCH_POSTGRES_URL` (a
database URL) point elsewhere; `BENCH_RUNS` sets the rounds (default 60).
"""

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
ARTICLES = 10_000
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
WARM_UP = 5


def child():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings")
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from symposium.tags import _count_public_tags

    prepare(connection)
    outages = CountWarnings()
    logging.getLogger("symposium.cache_backends").addHandler(outages)
    urls = pages()
    handler = WSGIHandler()
    for _ in range(WARM_UP):
        for url in urls.values():
            request(handler, url)
    queries = {}
    for name, url in urls.items():
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as captured:
            request(handler, url)
        queries[name] = len(captured)
    wall = {name: [] for name in urls}
    cpu = {name: [] for name in urls}
    for _ in range(RUNS):
        for name, url in urls.items():
            caches["pages"].clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            request(handler, url)
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
    counting = []
    for _ in range(max(5, RUNS // 6)):
        started = time.perf_counter()
        _count_public_tags()
        counting.append((time.perf_counter() - started) * 1000)
    article = statistics.median(wall["article"])
    results = {
        name: {
            "url": urls[name],
            "median_ms": round(statistics.median(wall[name]), 2),
            "cpu_ms": round(statistics.median(cpu[name]), 2),
            "ratio": round(statistics.median(wall[name]) / article, 2),
            "queries": queries[name],
        }
        for name in urls
    }
    results["tag counts, recomputed"] = {"median_ms": round(statistics.median(counting), 2)}
    # A cache error makes the process leave the cache alone for 5 s: pages then count tags afresh.
    results["cache errors"] = outages.count
    print(json.dumps(results))


class CountWarnings(logging.Handler):
    count = 0

    def emit(self, record):
        self.count += 1


def prepare(connection):
    from django.core.cache import caches
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    caches["default"].clear()
    if not Article.objects.exists():
        call_command("generate_content", articles=ARTICLES)
    with connection.cursor() as cursor:
        # What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) does after a load.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def pages():
    from articles.models import Article
    from symposium.tags import popular_topics

    article = (
        Article.objects.published().filter(quotes__isnull=False, priorities__isnull=False).order_by("-published_at")
    ).first()
    tag = popular_topics(1)[0]
    base = f"/tags/{tag.slug}/"
    return {
        "article": article.get_absolute_url(),
        "tag overview": base,
        "tag, quotes, middle page": f"{base}?type=quote&page={last_page(tag.quote_count) // 2}",
        "tag, priorities, last page": f"{base}?type=priority&page={last_page(tag.priority_count)}",
    }


def last_page(count):
    from symposium.views import TAG_KIND_PAGE_SIZE

    return max(1, -(-count // TAG_KIND_PAGE_SIZE))


def request(handler, url):
    from urllib.parse import urlsplit

    from django.test import RequestFactory

    parts = urlsplit(url)
    environ = RequestFactory()._base_environ(PATH_INFO=parts.path, QUERY_STRING=parts.query, HTTP_HOST="127.0.0.1")
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{url} answered {statuses[0]}")


def run_child(label, database_url):
    # Its own caches (files, as `make run` has them), static files and secret key.
    var_dir = BENCH_DIR / f"tag-page-{label.lower()}"
    env = {**os.environ, "DATABASE_URL": database_url, "SYMPOSIUM_VAR_DIR": str(var_dir), "PAGE_CACHE_SECONDS": "3600"}
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    done = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{label} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_url():
    url = os.environ.get("BENCH_POSTGRES_URL")
    if url:
        return url
    import psycopg

    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'bench_pages_10000'").fetchone():
            connection.execute('CREATE DATABASE "bench_pages_10000"')
    return admin.rsplit("/", 1)[0] + "/bench_pages_10000"


def main():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sqlite = os.environ.get("BENCH_SQLITE", str(BENCH_DIR / "load-10000.sqlite3"))
    only = os.environ.get("BENCH_ONLY")  # "SQLite" or "PostgreSQL"
    databases = {"SQLite": lambda: f"sqlite:///{sqlite}", "PostgreSQL": postgres_url}
    results = {label: run_child(label, url()) for label, url in databases.items() if only in (None, label)}
    print(f"{ARTICLES} articles, page cache missed, tag counts cached; median of {RUNS} rounds, in-process.\n")
    errors = {label: figures.pop("cache errors") for label, figures in results.items()}
    labels = list(results)
    print("| page | " + " | ".join(f"{label} ms | {label} ÷ article | queries" for label in labels) + " |")
    print("| --- |" + " ---: | ---: | ---: |" * len(labels))
    for name, figures in results[labels[0]].items():
        url = f" (`{figures['url']}`)" if "url" in figures else ""
        cells = []
        for label in labels:
            row = results[label][name]
            cells += [str(row["median_ms"]), str(row.get("ratio", "")), str(row.get("queries", ""))]
        print(f"| {name}{url} | " + " | ".join(cells) + " |")
    if any(errors.values()):
        print(f"\nCache errors during the run (figures unreliable): {errors}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
