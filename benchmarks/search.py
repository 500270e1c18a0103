"""Search latency at several database sizes: `make bench-search`.

The parent process builds (once, cached under var/bench/) a database per size
and runs itself as a child per database, so each child configures Django from
its own DATABASE_URL. The child times the /search/ view end to end in-process
(query, ranking, snippets, template), warm, and prints JSON.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
QUERIES = {
    "common word": {"q": "materials"},
    "word form": {"q": "semiconductor"},
    "phrase": {"q": '"supply chain"'},
    "two words": {"q": "graphene battery"},
    "中文 3 chars": {"q": "光刻胶"},
    "中文 2 chars": {"q": "材料"},
    "中文 2 chars, absent": {"q": "锂电"},
    "word + tag": {"q": "graphene", "tag": "photoresist"},
    "two tags (AND)": {"tag": ["photoresist", "silicon"]},
    "speaker name": {"q": "Speaker 17"},
}


def child(articles):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from symposium.search.index import rebuild_index
    from symposium.synthetic import generate

    build = {}
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        started = time.perf_counter()
        generate(articles=articles)
        build["generate_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        build["documents"] = rebuild_index()
        build["index_s"] = round(time.perf_counter() - started, 1)
        settle(connection)
    client = Client()
    results = {}
    for name, params in QUERIES.items():
        for _ in range(3):
            response = client.get("/search/", params)
            assert response.status_code == 200, (name, response.status_code)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/search/", params)
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(statistics.quantiles(timings, n=20)[18], 1),
            "hits": hit_count(params),
        }
    print(json.dumps({"build": build, "queries": results}))


def settle(connection):
    """What autovacuum does soon after a bulk load, so the figures are for a settled database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def hit_count(params):
    from symposium.search import run_search

    tags = params.get("tag", [])
    tags = [tags] if isinstance(tags, str) else tags
    return run_search(text=params.get("q", ""), tag_slugs=tags).total_label


def run_child(label, database_url, articles):
    # The page cache would answer every repeat from memory: measure the search itself.
    env = {**os.environ, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver", "PAGE_CACHE_SECONDS": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(articles)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{label} failed:\n{done.stderr}")
    return label, json.loads(done.stdout.strip().splitlines()[-1])


def postgres_url(database):
    import psycopg

    admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    return admin.rsplit("/", 1)[0] + f"/{database}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--postgres-size", type=int, default=100_000)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    runs = [
        (f"SQLite {int(n):,}", f"sqlite:///{BENCH_DIR / f'search-{n}.sqlite3'}", int(n)) for n in args.sizes.split(",")
    ]
    if args.postgres_size:
        runs.append(
            (
                f"PostgreSQL {args.postgres_size:,}",
                postgres_url(f"bench_search_{args.postgres_size}"),
                args.postgres_size,
            )
        )
    report = [run_child(*run) for run in runs]
    print_table(report)


def print_table(report):
    print("| query | " + " | ".join(f"{label} median / p95 ms (hits)" for label, _ in report) + " |")
    print("| --- |" + " --- |" * len(report))
    for name in QUERIES:
        cells = []
        for _, data in report:
            q = data["queries"][name]
            cells.append(f"{q['median_ms']} / {q['p95_ms']} ({q['hits']})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    for label, data in report:
        if data["build"]:
            build = data["build"]
            print(f"{label}: content generated in {build['generate_s']} s; "
                  f"{build['documents']:,} documents indexed in {build['index_s']} s")  # fmt: skip


if __name__ == "__main__":
    main()
