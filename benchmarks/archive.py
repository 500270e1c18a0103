"""Export and import at several sizes, time and peak memory: `make bench-archive`.

Databases are built once with `generate_content` (cached as
var/bench/archive-<N>.sqlite3). Each export and each import runs as
`manage.py` in a child process, timed on the wall clock, its peak resident
memory read from os.wait4's resource usage for that child alone. An import
goes into a freshly migrated database (SQLite, and PostgreSQL with --postgres)
and includes rebuilding the search index. Memory that stays flat from one
size to the next is the point: rows are streamed, never held.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
VAR_DIR = BENCH_DIR / "archive-var"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def manage(*args, database_url):
    """Run manage.py in a child; return (seconds, peak resident MB, what it wrote to stderr)."""
    environment = {**os.environ, "DATABASE_URL": database_url, "SYMPOSIUM_VAR_DIR": str(VAR_DIR)}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args], env=environment, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        log = errors.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{log}")
    return seconds, usage.ru_maxrss / 1024, log  # Linux reports kilobytes


def seconds_in(log, pattern):
    found = re.search(pattern, log)
    return float(found.group(1)) if found else float("nan")


def sqlite_url(path):
    return f"sqlite:///{path}"


def built_database(articles):
    path = BENCH_DIR / f"archive-{articles}.sqlite3"
    if not path.exists():
        print(f"building {path.name} with generate_content (once)…", flush=True)
        manage("migrate", "--no-input", database_url=sqlite_url(path))
        seconds, _, _ = manage("generate_content", "--articles", str(articles), database_url=sqlite_url(path))
        print(f"  built in {seconds:.0f} s", flush=True)
    return path


def fresh_sqlite(articles):
    path = BENCH_DIR / f"archive-{articles}-imported.sqlite3"
    for leftover in BENCH_DIR.glob(f"{path.name}*"):
        leftover.unlink()
    manage("migrate", "--no-input", database_url=sqlite_url(path))
    return sqlite_url(path)


def fresh_postgres(articles):
    import psycopg

    name = f"bench_archive_{articles}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES}/{name}"
    manage("migrate", "--no-input", database_url=url)
    return url


def imported(archive, database_url):
    seconds, peak_mb, log = manage("import_site", str(archive), database_url=database_url)
    return {
        "s": seconds,
        "peak_mb": peak_mb,
        "rows_s": seconds_in(log, r"loaded in ([\d.]+) s"),
        "index_s": seconds_in(log, r"documents in ([\d.]+) s"),
    }


def rows_in(archive):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return sum(member.get("count", 0) for member in manifest["members"])


def measure(articles, *, postgres):
    source = built_database(articles)
    archive = BENCH_DIR / f"archive-{articles}.tar"
    export_s, export_mb, _ = manage("export_site", str(archive), database_url=sqlite_url(source))
    result = {
        "articles": articles,
        "rows": rows_in(archive),
        "archive_mb": archive.stat().st_size / 2**20,
        "export_s": export_s,
        "export_mb": export_mb,
    }
    print(json.dumps(result), file=sys.stderr, flush=True)
    result["sqlite"] = imported(archive, fresh_sqlite(articles))
    print(json.dumps(result["sqlite"]), file=sys.stderr, flush=True)
    if postgres:
        result["postgresql"] = imported(archive, fresh_postgres(articles))
    archive.unlink()
    print(json.dumps(result), flush=True)
    return result


def report(results):
    print()
    print(
        "| articles | rows | archive MB | export s | export peak MB | database | import s (rows + index) | import peak MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for r in results:
        for vendor in ("sqlite", "postgresql"):
            if vendor in r:
                i = r[vendor]
                print(
                    f"| {r['articles']:,} | {r['rows']:,} | {r['archive_mb']:.0f} | {r['export_s']:.0f} | {r['export_mb']:.0f} "
                    f"| {vendor} | {i['s']:.0f} ({i['rows_s']:.0f} + {i['index_s']:.0f}) | {i['peak_mb']:.0f} |"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--postgres", action="store_true", help="Also import into PostgreSQL.")
    options = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    report([measure(size, postgres=options.postgres) for size in options.sizes])


if __name__ == "__main__":
    main()
