"""Load benchmark: `make bench`.

Serves a 10,000-article SQLite database with gunicorn and production settings
on loopback, and measures with wrk, interleaved over three rounds: the article
page, a tag page, the home page, /search/ with a tag, robots.txt (Django with
no query and no template), and a byte-identical copy of the article page
served as a static file by the same gunicorn (the floor this server can
reach). It runs once with the page cache off (cold) and once with it on
(warm), then a soak: the same load while an editor saves articles through the
admin every 300 ms. Figures are printed as a Markdown table.
"""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DATABASE = BENCH_DIR / "load-10000.sqlite3"
STATIC_ROOT = BENCH_DIR / "static"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ROUNDS = 3
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
EDITOR = ("bench-editor", secrets.token_urlsafe(16))

ENV = {
    **os.environ,
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": f"sqlite:///{DATABASE}",
    "SYMPOSIUM_VAR_DIR": str(BENCH_DIR),
    "BIND": f"127.0.0.1:{PORT}",
    "CSRF_TRUSTED_ORIGINS": BASE,
}


def manage(*args, env=ENV):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


def prepare():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--no-input")
    count = manage("shell", "-c", "from articles.models import Article; print(Article.objects.count())")
    if count.strip().splitlines()[-1] == "0":
        manage("generate_content", "--articles", "10000")
    manage("collectstatic", "--no-input")
    script = (
        "from articles.models import Article; from django.contrib.auth import get_user_model;"
        f"u, _ = get_user_model().objects.get_or_create(username={EDITOR[0]!r});"
        f"u.is_staff = u.is_superuser = True; u.set_password({EDITOR[1]!r}); u.save();"
        "print(Article.objects.published().filter(quotes__isnull=False, priorities__isnull=False)"
        ".order_by('-published_at').first().get_absolute_url())"
    )
    article = manage("shell", "-c", script).strip().splitlines()[-1]
    return {
        "article": article,
        "tag": "/tags/photoresist/",
        "home": "/",
        "search with tag": "/search/?tag=photoresist",
        # Through Django and all its middleware, with no query and no template:
        # the floor for any page Django builds.
        "robots.txt": "/robots.txt",
        "static copy": "/static/bench/article.html",
    }


def start_server(page_cache_seconds, *, extra_env=None, log_name=None):
    env = {**ENV, "PAGE_CACHE_SECONDS": str(page_cache_seconds), "WEB_CONCURRENCY": "4", **(extra_env or {})}
    log_name = log_name or f"gunicorn-{page_cache_seconds}.log"
    log = open(BENCH_DIR / log_name, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "symposium.wsgi"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def write_static_copy(article_url):
    """The article page's exact bytes, as a file whitenoise serves from STATIC_ROOT."""
    body = urllib.request.urlopen(BASE + article_url).read()
    (STATIC_ROOT / "bench").mkdir(parents=True, exist_ok=True)
    (STATIC_ROOT / "bench" / "article.html").write_bytes(body)


def process_tree_cpu_ticks(pid):
    """utime + stime of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return total


def run_wrk(url, server_pid, *, seconds=SECONDS, options=(), script_args=()):
    """wrk's output for `url`, and the CPU seconds the server's process tree spent meanwhile."""
    before = process_tree_cpu_ticks(server_pid)
    arguments = ["--", *script_args] if script_args else []
    output = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", *options, BASE + url, *arguments],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    return output, (process_tree_cpu_ticks(server_pid) - before) / CLOCK_TICKS


def figures(output, cpu_seconds):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
        "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0,
        "cpu_ms_per_request": 1000 * cpu_seconds / max(requests, 1),
    }


def wrk(url, server_pid):
    return figures(*run_wrk(url, server_pid))


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure(urls, page_cache_seconds):
    server = start_server(page_cache_seconds)
    try:
        write_static_copy(urls["article"])
        stop_server(server)  # whitenoise indexes STATIC_ROOT when it starts
        server = start_server(page_cache_seconds)
        runs = {name: [] for name in urls}
        for _ in range(ROUNDS):
            for name, url in urls.items():
                runs[name].append(wrk(url, server.pid))
        return {name: {key: statistics.median(r[key] for r in results) for key in results[0]}
                | {"non_2xx": sum(r["non_2xx"] for r in results)} for name, results in runs.items()}  # fmt: skip
    finally:
        stop_server(server)


def queries_per_page(urls):
    script = (
        "import json; from django.test import Client; from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext; c = Client();"
        f"urls = {json.dumps(urls)}; out = {{}}\n"
        "for name, url in urls.items():\n"
        "    with CaptureQueriesContext(connection) as q: c.get(url)\n"
        "    out[name] = len(q.captured_queries)\n"
        "print(json.dumps(out))"
    )
    env = {**ENV, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "testserver"}
    return json.loads(manage("shell", "-c", script, env=env).strip().splitlines()[-1])


class Editor(threading.Thread):
    """Logs in to the admin and saves a new article every 300 ms until stopped."""

    def __init__(self):
        super().__init__()
        self.stop, self.saved, self.failures = threading.Event(), [], []
        # Production cookies are Secure; the benchmark speaks plain HTTP on loopback.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def post(self, path, fields):
        page = self.opener.open(BASE + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(BASE + path, data=data, headers={"Referer": BASE + path})
        return self.opener.open(request)

    def login(self):
        """True when logged in; a failure is recorded."""
        try:
            self.post("/admin/login/?next=/admin/", {"username": EDITOR[0], "password": EDITOR[1]})
        except OSError as error:
            self.failures.append(f"login: {error}")
            return False
        return True

    def run(self):
        if not self.login():
            return
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"Soak test article {time.time_ns()}-{n}"
            fields = {
                "title": title, "slug": "", "language": "en", "standfirst": "Soak.", "body": "Saved under load.",
                "tags": "soak", "status": "published", "event": "", "published_at_0": "", "published_at_1": "",
            }  # fmt: skip
            for prefix in ("quotes", "priorities"):
                fields |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
            try:
                response = self.post("/admin/articles/article/add/", fields)
                saved = "/admin/articles/article/" in response.url and not response.url.endswith("/add/")
                (self.saved if saved else self.failures).append(title)
            except OSError as error:
                self.failures.append(f"{title}: {error}")
            time.sleep(0.3)


def soak(urls):
    server = start_server(10)
    editor = Editor()
    try:
        editor.start()
        results = {name: wrk(urls[name], server.pid) for name in ("article", "home", "search with tag")}
    finally:
        editor.stop.set()
        editor.join()
        stop_server(server)
    titles = json.dumps(editor.saved)
    stored = manage(
        "shell",
        "-c",
        f"from articles.models import Article; print(Article.objects.filter(title__in={titles}).count())",
    )
    log = (BENCH_DIR / "gunicorn-10.log").read_text()
    return {
        "saves": len(editor.saved),
        "failed_saves": editor.failures,
        "saves_found_afterwards": int(stored.strip().splitlines()[-1]),
        "non_2xx": sum(r["non_2xx"] for r in results.values()),
        "locked_errors": log.count("database is locked"),
        "server_errors": len(re.findall(r'" 5\d\d ', log)),
    }


def report(cold, warm, queries, soaked):
    static_cold, static_warm = cold["static copy"]["cpu_ms_per_request"], warm["static copy"]["cpu_ms_per_request"]
    print(f"{ROUNDS} rounds x {SECONDS} s per page, wrk -t2 -c8, gunicorn 4 workers, medians of the rounds\n")
    print("| page | cache | req/s | p50 ms | p99 ms | CPU ms/req | static ÷ page CPU | non-2xx | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, figures, static in (("cold", cold, static_cold), ("warm", warm, static_warm)):
        for name, f in figures.items():
            ratio = static / f["cpu_ms_per_request"] if f["cpu_ms_per_request"] else 0
            print(f"| {name} | {label} | {f['rps']:.0f} | {f['p50']:.2f} | {f['p99']:.2f} | "
                  f"{f['cpu_ms_per_request']:.3f} | {ratio:.2f} | {f['non_2xx']} | {queries.get(name, 0)} |")  # fmt: skip
    print("\nSoak (load + an editor saving every 300 ms):", json.dumps(soaked))


def main():
    urls = prepare()
    queries = queries_per_page(urls)
    cold = measure(urls, page_cache_seconds=0)
    warm = measure(urls, page_cache_seconds=60)
    soaked = soak(urls)
    report(cold, warm, queries, soaked)
    saves_lost = soaked["saves"] != soaked["saves_found_afterwards"]
    if not soaked["saves"] or soaked["failed_saves"] or saves_lost or soaked["server_errors"]:
        raise SystemExit("Soak failed: see the figures above.")


if __name__ == "__main__":
    main()
