"""Live-site benchmark: `make bench-live`.

Readers request every public page of the 10,000-article database of
`make bench` (what the sitemap lists, plus the paginated pages of the lists)
with Zipf popularity (s = 1.1), through wrk and a Lua script that draws each
request's URL. Meanwhile an editor saves a published article through the
admin every 2 s (title and body changed, every fifth save retagged). Three
runs, each against a fresh gunicorn (production settings, 4 workers) and an
empty cache: Redis; the embedded default (files under var/bench/cache/); and
Redis stopped in the middle of the run and started again. Each run is a
warm-up, then rounds of readers and of a byte-identical static copy of an
article page served by the same gunicorn, so CPU per request and latency are
compared within the run. Figures are printed as Markdown tables.

Redis is a server of its own, started here on BENCH_REDIS_PORT (6399), so it
can be stopped without disturbing anything else on the machine.
"""

import html
import html.parser
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import load

SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))  # each round of readers
STATIC_SECONDS = max(2, SECONDS // 4)  # each round of the static copy
WARM_UP_SECONDS = int(os.environ.get("BENCH_WARM_UP_SECONDS", str(SECONDS)))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CRAWL = os.environ.get("BENCH_CRAWL", "1") == "1"  # 0: start from an empty cache (quicker, for trying the script)
# Redis goes down half-way through this round and comes back half-way through the one after next.
OUTAGE_ROUND = 2
EDIT_SECONDS = 2.0
RETAG_EVERY = 5
ZIPF_S = 1.1
EDITED_ARTICLES = 200  # the editor picks among the newest published articles
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6399"))
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
PAGE_CACHE_SECONDS = 6 * 3600  # the production default
PATHS_FILE = load.BENCH_DIR / "live-paths.txt"
LUA_FILE = Path(__file__).resolve().parent / "live.lua"
STATIC_COPY = "/static/bench/article.html"
CACHE_STATES = ("hit", "stale", "stale-if-error", "miss", "none")

# The embedded default must not pick up a Redis from the caller's environment.
for _name in ("REDIS_URL", "CACHE_URL"):
    load.ENV.pop(_name, None)


# What readers request

SITE_SCRIPT = """
import json
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from articles.models import Article, Quote
from articles.pagination import PAGE_SIZE
from priorities.models import Priority
from symposium.sitemaps import SITEMAPS

paths = []
for sitemap in SITEMAPS.values():
    sitemap = sitemap() if isinstance(sitemap, type) else sitemap
    paths += [sitemap.location(item) for item in sitemap.items()]

def pages(path, queryset, per_page=PAGE_SIZE):
    return [f"{path}?page={n}" for n in range(2, Paginator(queryset, per_page).num_pages + 1)]

paths += pages("/articles/", Article.objects.for_listing())
paths += pages("/priorities/", Priority.objects.for_listing(), per_page=50)
quotes = Quote.objects.for_listing().order_by().values("speaker__slug").annotate(n=Count("pk"))
for row in quotes:
    count = math.ceil(row["n"] / PAGE_SIZE)
    paths += [f"/speakers/{row['speaker__slug']}/?page={n}" for n in range(2, count + 1)]
edited = Article.objects.published().filter(published_at__lte=timezone.now()).order_by("-published_at")
edited = list(edited.values_list("pk", "slug")[:EDITED])
print(json.dumps({"paths": paths, "edited": edited}))
"""


def site():
    """Every public path, and the articles the editor may edit (pk, slug)."""
    script = f"import math\nEDITED = {EDITED_ARTICLES}\n{SITE_SCRIPT}"
    answer = json.loads(load.manage("shell", "-c", script).strip().splitlines()[-1])
    return answer["paths"], [tuple(row) for row in answer["edited"]]


def write_popularity(paths):
    """The paths, most popular first, for live.lua: the home page first, the rest in a fixed random order."""
    rest = sorted(set(paths) - {"/"})
    random.Random(1).shuffle(rest)
    ranked = ["/", *rest]
    PATHS_FILE.write_text("\n".join(ranked) + "\n")
    harmonic = sum(1 / rank**ZIPF_S for rank in range(1, len(ranked) + 1))
    top_share = sum(1 / rank**ZIPF_S for rank in range(1, 101)) / harmonic
    return len(ranked), top_share


# The editor


class FormFields(html.parser.HTMLParser):
    """The name/value pairs a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea, self.select = None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        name = attributes.get("name")
        if not self.inside:
            return
        if tag == "input" and name:
            self.input(name, attributes)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None, "multiple": "multiple" in attributes}
        elif tag == "option" and self.select is not None:
            value = attributes.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attributes:
                self.select["chosen"].append(value)

    def input(self, name, attributes):
        kind = attributes.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attributes:
            return
        self.fields.append((name, attributes.get("value") or ("on" if kind in ("checkbox", "radio") else "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            self.fields.append((name, value.removeprefix("\n")))  # as a browser drops it
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor(load.Editor):
    """Edits a published article through the admin every 2 s: title and body, every fifth save its tags."""

    def __init__(self, articles):
        super().__init__()
        self.articles, self.random = articles, random.Random(2)
        self.latest = {}  # pk -> the title last saved
        self.save_seconds = []
        self.edits = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects())

    def run(self):
        if not self.login():
            return
        n, due = 0, time.monotonic()
        while not self.stop.is_set():
            n += 1
            self.edit(n, *self.random.choice(self.articles))
            due += EDIT_SECONDS
            self.stop.wait(max(0, due - time.monotonic()))

    def edit(self, n, pk, slug):
        path = f"/admin/articles/article/{pk}/change/"
        started = time.monotonic()
        try:
            fields = self.changed_form(path, n)
            data = urllib.parse.urlencode(list(fields.items())).encode()
            request = urllib.request.Request(load.BASE + path, data=data, headers={"Referer": load.BASE + path})
            response = self.edits.open(request)
        except urllib.error.HTTPError as answer:
            if answer.code == 302:  # saved: the admin sends the editor back to the list
                self.saved.append(pk)
                self.latest[pk] = fields["title"]
                self.save_seconds.append(time.monotonic() - started)
            else:
                self.failures.append(f"{slug}: HTTP {answer.code}")
        except OSError as error:
            self.failures.append(f"{slug}: {error}")
        else:
            errors = re.findall(r'class="errornote">\s*([^<]+)', response.read().decode())
            self.failures.append(f"{slug}: form refused ({response.status}): {errors[:1]}")

    def changed_form(self, path, n):
        """The change form's fields as a browser would send them, with a new title and body (and tags)."""
        parser = FormFields("article_form")
        parser.feed(self.edits.open(load.BASE + path).read().decode())
        fields = dict(parser.fields)  # no multi-valued field on this form
        fields["title"] = re.sub(r" \(edit \d+\)$", "", fields["title"]) + f" (edit {n})"
        body = fields["body"].split("\n\nEdited in the live benchmark")[0]
        fields["body"] = f"{body}\n\nEdited in the live benchmark, save {n}."
        if n % RETAG_EVERY == 0:
            fields["tags"] = self.retagged(fields["tags"])
        return fields

    def retagged(self, tags):
        names = [name.strip().strip('"') for name in tags.split(",") if name.strip()]
        if len(names) > 3 or (len(names) > 1 and self.random.random() < 0.5):
            names.remove(self.random.choice(names))
        else:
            names.append(
                self.random.choice([tag for tag in ("graphene", "policy", "hydrogen", "talent") if tag not in names])
            )
        return ", ".join(names)


# Redis of our own


def redis_cli(*args):
    answer = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], check=False, capture_output=True, text=True)
    return answer.stdout.strip()


def start_redis():
    subprocess.run(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                    "no", "--daemonize", "yes", "--pidfile", str(load.BENCH_DIR / "redis.pid")], check=True)  # fmt: skip
    for _ in range(50):
        if redis_cli("ping") == "PONG":
            return
        time.sleep(0.1)
    raise SystemExit(f"redis-server on port {REDIS_PORT} did not start")


def stop_redis():
    redis_cli("shutdown", "nosave")
    for _ in range(50):
        if redis_cli("ping") != "PONG":
            return
        time.sleep(0.1)


# One run


def readers(server_pid, seconds):
    """One wrk run over the Zipf-drawn pages: its figures and what the cache answered."""
    arguments = (str(PATHS_FILE), str(ZIPF_S), str(random.randrange(1 << 30)))
    output, cpu = load.run_wrk("/", server_pid, seconds=seconds, options=("-s", str(LUA_FILE)),
                               script_args=arguments)  # fmt: skip
    tallies = {}
    for name, count in re.findall(r"^TALLY (\S+) (\d+)$", output, re.MULTILINE):
        tallies[name] = tallies.get(name, 0) + int(count)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {**load.figures(output, cpu), "cpu": cpu, "requests": requests, "tallies": tallies}


def crawl(server_pid):
    """Every page requested once (by 8 clients), as crawlers and readers have done on a site that has been up a while.

    wrk cannot stop before its duration, so this is Python, on kept-alive connections.
    """
    paths = PATHS_FILE.read_text().split()
    tallies, lock = {}, threading.Lock()

    def client(share):
        connection = http.client.HTTPConnection("127.0.0.1", load.PORT, timeout=60)
        for path in share:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            with lock:
                for name in (response.getheader("X-Page-Cache", "none"), f"{response.status // 100}xx"):
                    tallies[name] = tallies.get(name, 0) + 1
        connection.close()

    started, before = time.monotonic(), load.process_tree_cpu_ticks(server_pid)
    clients = [threading.Thread(target=client, args=(paths[n::8],)) for n in range(8)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    seconds = time.monotonic() - started
    cpu = (load.process_tree_cpu_ticks(server_pid) - before) / load.CLOCK_TICKS
    return {"requests": len(paths), "rps": len(paths) / seconds, "cpu": cpu, "tallies": tallies}


def static(server_pid):
    output, cpu = load.run_wrk(STATIC_COPY, server_pid, seconds=STATIC_SECONDS)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {**load.figures(output, cpu), "cpu": cpu, "requests": requests}


def reset_cache(extra_env):
    if "REDIS_URL" in extra_env:
        redis_cli("flushall")
    else:
        shutil.rmtree(load.BENCH_DIR / "cache", ignore_errors=True)


def live_run(name, extra_env, articles, *, outage=False, already_warm=False):
    """One run; `already_warm`: the cache the previous run left (same Redis), so no flush and no crawl."""
    if not already_warm:
        reset_cache(extra_env)
    log_name = f"live-{re.sub(r'[^a-z]+', '-', name.lower()).strip('-')}.log"
    server = load.start_server(PAGE_CACHE_SECONDS, extra_env=extra_env, log_name=log_name)
    editor = Editor(articles)
    rounds, timers = [], []
    try:
        # A site that has been up a while: every page requested once, as crawlers do.
        crawled = crawl(server.pid) if CRAWL and not already_warm else None
        editor.start()
        warm_up = readers(server.pid, WARM_UP_SECONDS)
        for number in range(ROUNDS):
            if outage and number == OUTAGE_ROUND:
                timers = [threading.Timer(SECONDS / 2, stop_redis),
                          threading.Timer(SECONDS / 2 + STATIC_SECONDS + SECONDS + STATIC_SECONDS, start_redis)]  # fmt: skip
                for timer in timers:
                    timer.start()
            rounds.append({"pages": readers(server.pid, SECONDS), "static": static(server.pid)})
        editor.stop.set()
        editor.join()
        stale_titles = titles_not_shown(editor, dict(articles))
    finally:
        for timer in timers:
            timer.join()
        editor.stop.set()
        load.stop_server(server)
    log = (load.BENCH_DIR / log_name).read_text()
    return {
        "name": name,
        "crawl": crawled,
        "warm_up": warm_up,
        "rounds": rounds,
        "saves": len(editor.saved),
        "failed_saves": editor.failures,
        "save_seconds": statistics.median(editor.save_seconds) if editor.save_seconds else 0,
        "titles_lost": titles_lost(editor.latest),
        "pages_behind": stale_titles,
        "log_5xx": len(re.findall(r'" 5\d\d ', log)),
        "log_cache_warnings": log.count("unavailable ("),
    }


def titles_not_shown(editor, slugs):
    """Articles whose public page, after the editor stopped, does not show the title last saved."""
    behind = []
    for pk, title in editor.latest.items():
        page = urllib.request.urlopen(load.BASE + f"/articles/{slugs[pk]}/").read().decode()
        if html.escape(title, quote=False) not in page:
            behind.append(slugs[pk])
    return behind


def titles_lost(latest):
    """Saved titles the database does not hold afterwards."""
    if not latest:
        return 0
    script = (
        "import json; from articles.models import Article;"
        f"print(json.dumps(dict(Article.objects.filter(pk__in={list(latest)}).values_list('pk', 'title'))))"
    )
    stored = json.loads(load.manage("shell", "-c", script).strip().splitlines()[-1])
    return sum(stored.get(str(pk)) != title for pk, title in latest.items())


# The report


def totals(results):
    requests = sum(r["requests"] for r in results)
    cpu = sum(r["cpu"] for r in results)
    tallies = {}
    for r in results:
        for name, count in r.get("tallies", {}).items():
            tallies[name] = tallies.get(name, 0) + count
    return {
        "cpu_ms": 1000 * cpu / max(requests, 1),
        "rps": statistics.median(r["rps"] for r in results),
        "p50": statistics.median(r["p50"] for r in results),
        "p99": statistics.median(r["p99"] for r in results),
        "p99_worst": max(r["p99"] for r in results),
        "tallies": tallies,
        "requests": requests,
    }


def cache_share(tallies):
    pages = sum(tallies.get(state, 0) for state in CACHE_STATES)
    served = sum(tallies.get(state, 0) for state in ("hit", "stale", "stale-if-error"))
    return served / max(pages, 1)


def states(tallies):
    return ", ".join(f"{state} {tallies[state]}" for state in CACHE_STATES if tallies.get(state))


def report(runs, url_count, top_share):
    print(f"{url_count} public URLs, Zipf s = {ZIPF_S} (the 100 most popular draw {top_share:.0%} of requests); "
          f"wrk -t2 -c8; gunicorn 4 workers; {WARM_UP_SECONDS} s warm-up, then {ROUNDS} rounds of "
          f"{SECONDS} s readers + {STATIC_SECONDS} s static copy; an edit every {EDIT_SECONDS:.0f} s\n")  # fmt: skip
    print("| run | pages req/s | pages p50 / p99 ms (worst round) | static p50 / p99 ms | page CPU ms/req | "
          "static CPU ms/req | static ÷ page CPU | p99 ÷ static p99 | from the cache | 5xx (wrk / log) | "
          "saves ok / failed |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        pages = totals([r["pages"] for r in run["rounds"]])
        copy = totals([r["static"] for r in run["rounds"]])
        wrk_5xx = pages["tallies"].get("5xx", 0)
        print(f"| {run['name']} | {pages['rps']:.0f} | {pages['p50']:.1f} / {pages['p99']:.1f} ({pages['p99_worst']:.0f}) | "
              f"{copy['p50']:.2f} / {copy['p99']:.1f} | {pages['cpu_ms']:.3f} | {copy['cpu_ms']:.3f} | "
              f"{copy['cpu_ms'] / pages['cpu_ms']:.2f} | {pages['p99'] / copy['p99']:.1f} | "
              f"{cache_share(pages['tallies']):.1%} | {wrk_5xx} / {run['log_5xx']} | "
              f"{run['saves']} / {len(run['failed_saves'])} |")  # fmt: skip
    print()
    for run in runs:
        pages = totals([r["pages"] for r in run["rounds"]])
        if run.get("crawl"):
            crawl = run["crawl"]
            print(f"- {run['name']}: crawl of every page {crawl['requests']} requests at {crawl['rps']:.0f}/s, "
                  f"{1000 * crawl['cpu'] / crawl['requests']:.2f} ms CPU each, {states(crawl['tallies'])}")  # fmt: skip
        print(f"- {run['name']}: {states(pages['tallies'])}; statuses "
              f"{ {k: v for k, v in pages['tallies'].items() if k.endswith('xx')} }; warm-up from the cache "
              f"{cache_share(run['warm_up']['tallies']):.1%}; median save {1000 * run['save_seconds']:.0f} ms; "
              f"titles lost {run['titles_lost']}; pages behind their last save {len(run['pages_behind'])}; "
              f"cache warnings in the log {run['log_cache_warnings']}; failed saves {run['failed_saves'][:3]}")  # fmt: skip
    outage = next((run for run in runs if run.get("outage")), None)
    if outage:
        print(f"\nRound by round, {outage['name']} (Redis stopped half-way through round {OUTAGE_ROUND + 1}, "
              f"started again half-way through round {OUTAGE_ROUND + 3}):\n")  # fmt: skip
        print("| round | pages req/s | p50 / p99 ms | CPU ms/req | static CPU ms/req | from the cache | 5xx |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for number, r in enumerate(outage["rounds"], start=1):
            pages, copy = r["pages"], r["static"]
            print(f"| {number} | {pages['rps']:.0f} | {pages['p50']:.1f} / {pages['p99']:.1f} | "
                  f"{1000 * pages['cpu'] / pages['requests']:.3f} | {1000 * copy['cpu'] / copy['requests']:.3f} | "
                  f"{cache_share(pages['tallies']):.1%} | {pages['tallies'].get('5xx', 0)} |")  # fmt: skip


def main():
    # Stopped from outside, still stop gunicorn, the editor and Redis (the `finally` blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
    if redis_cli("ping") == "PONG":
        raise SystemExit(f"Something already answers on port {REDIS_PORT}: set BENCH_REDIS_PORT to a free port.")
    urls = load.prepare()
    server = load.start_server(PAGE_CACHE_SECONDS, log_name="live-static-copy.log")
    try:
        load.write_static_copy(urls["article"])
    finally:
        load.stop_server(server)
    paths, articles = site()
    url_count, top_share = write_popularity(paths)
    selected = os.environ.get("BENCH_RUNS", "redis,files,outage").split(",")
    start_redis()
    try:
        runs = []
        if "redis" in selected:
            runs.append(live_run("Redis", {"REDIS_URL": REDIS_URL}, articles))
            report(runs[-1:], url_count, top_share)
        if "outage" in selected:
            # Starts from the cache the Redis run left, as a server restarted on a live site would.
            run = live_run("Redis, stopped and restarted", {"REDIS_URL": REDIS_URL}, articles, outage=True,
                           already_warm="redis" in selected)  # fmt: skip
            runs.append({**run, "outage": True})
            report(runs[-1:], url_count, top_share)
        if "files" in selected:
            runs.append(live_run("Files (embedded default)", {}, articles))
        if "files-large" in selected:  # not by default: the file cache holding the whole site
            runs.append(live_run("Files, CACHE_MAX_ENTRIES=100000", {"CACHE_MAX_ENTRIES": "100000"}, articles))
    finally:
        stop_redis()
    print("\nAll runs:\n")
    report(runs, url_count, top_share)
    if any(totals([r["pages"] for r in run["rounds"]])["tallies"].get("5xx") or run["log_5xx"] for run in runs):
        raise SystemExit("Server errors: see the figures above.")
    if any(run["failed_saves"] or run["titles_lost"] for run in runs):
        raise SystemExit("Failed or lost saves: see the figures above.")


if __name__ == "__main__":
    main()
