"""Purging changed pages at the caching proxy in front: after the commit, off the request, never lost.

The keys the page cache forgets (symposium.cache.forget) are queued in the
database (PendingPurge) once the transaction has committed, and sent by a
thread of the app process, so an editor's save never waits on the proxy. A
purge that fails (proxy down, hung, refusing) stays queued and is retried with
exponential back-off until it succeeds, by that thread and by
`manage.py purge_proxy`, which cron or a systemd timer runs as a fallback
(after a restart, or with PROXY_PURGE_IN_PROCESS off).

One small interface, `purge(keys)`, with a backend per proxy: Varnish (HTTP
`PURGE` to each proxy, deploy/varnish/site.vcl), Fastly and Cloudflare (their
purge-by-key APIs).
"""

import atexit
import json
import logging
import os
import threading
import uuid
from datetime import timedelta
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.request import ProxyHandler, Request, build_opener

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import F, Min
from django.utils import timezone

from symposium import proxy
from symposium.models import PendingPurge

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1
LAST_RETRY_SECONDS = 60
# A purger that died mid-purge leaves its rows to others after this. One still purging then is
# harmless: a key purged twice costs a second fetch.
CLAIM_SECONDS = 30
# An idle purge thread still looks this often, for purges queued by processes that ended before sending them.
IDLE_SECONDS = 30
ROWS_PER_BATCH = 200


class PurgeFailed(Exception):
    """The proxy did not confirm the purge."""


# Backends


def _send(request, *, timeout, opener):
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read()
    except HTTPError as error:
        raise PurgeFailed(f"{request.get_method()} {request.full_url}: HTTP {error.code}") from error
    except (URLError, OSError, HTTPException) as error:
        raise PurgeFailed(f"{request.get_method()} {request.full_url}: {error}") from error


def _request(url, **kwargs):
    if not url.startswith(("http://", "https://")):
        raise PurgeFailed(f"Not an http(s) address: {url!r}")
    return Request(url, **kwargs)  # noqa: S310  (the scheme is checked above)


def _chunks(keys, size):
    keys = sorted(keys)
    return [keys[start : start + size] for start in range(0, len(keys), size)]


class VarnishPurger:
    """`PURGE` with the keys in an `xkey-softpurge` (or `xkey-purge`) header, to every proxy."""

    def __init__(self, urls, *, soft=True, timeout=2.0):
        self.urls = urls
        self.header = "xkey-softpurge" if soft else "xkey-purge"
        self.timeout = timeout
        # The proxies are ours, on the local network: never through an HTTP proxy from the environment.
        self.opener = build_opener(ProxyHandler({}))

    def purge(self, keys):
        for url in self.urls:
            for chunk in _chunks(keys, proxy.PROVIDERS["varnish"].keys_per_purge):
                request = _request(url, method="PURGE", headers={self.header: " ".join(chunk)})
                _send(request, timeout=self.timeout, opener=self.opener)


class FastlyPurger:
    """Fastly's batch purge: `POST /service/<id>/purge` naming up to 256 keys in `Surrogate-Key`."""

    def __init__(self, *, service_id, token, api_url, soft=True, timeout=2.0):
        self.url = f"{api_url.rstrip('/')}/service/{service_id}/purge"
        self.headers = {"Fastly-Key": token, "Accept": "application/json"}
        if soft:
            self.headers["Fastly-Soft-Purge"] = "1"
        self.timeout = timeout
        self.opener = build_opener()

    def purge(self, keys):
        for chunk in _chunks(keys, proxy.PROVIDERS["fastly"].keys_per_purge):
            request = _request(self.url, method="POST", headers={**self.headers, "Surrogate-Key": " ".join(chunk)})
            _send(request, timeout=self.timeout, opener=self.opener)


class CloudflarePurger:
    """Cloudflare's purge by tag: `POST /zones/<id>/purge_cache` with `{"tags": [...]}`, 30 tags a call."""

    def __init__(self, *, zone_id, token, api_url, timeout=2.0):
        self.url = f"{api_url.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.timeout = timeout
        self.opener = build_opener()

    def purge(self, keys):
        for chunk in _chunks(keys, proxy.PROVIDERS["cloudflare"].keys_per_purge):
            body = json.dumps({"tags": chunk}).encode()
            request = _request(self.url, data=body, method="POST", headers=self.headers)
            answer = _send(request, timeout=self.timeout, opener=self.opener)
            try:
                succeeded = json.loads(answer).get("success") is True
            except (ValueError, AttributeError):
                succeeded = False
            if not succeeded:
                raise PurgeFailed(f"POST {self.url}: not confirmed ({answer[:200]!r})")


def configured_purger():
    """The purger for settings.PROXY_CACHE; None when no proxy is in front."""
    timeout = settings.PROXY_PURGE_TIMEOUT_SECONDS
    soft = settings.PROXY_PURGE_SOFT
    if settings.PROXY_CACHE == "varnish":
        return VarnishPurger(settings.PROXY_PURGE_URLS, soft=soft, timeout=timeout)
    if settings.PROXY_CACHE == "fastly":
        return FastlyPurger(service_id=settings.FASTLY_SERVICE_ID, token=settings.FASTLY_API_TOKEN,
                            api_url=settings.FASTLY_API_URL, soft=soft, timeout=timeout)  # fmt: skip
    if settings.PROXY_CACHE == "cloudflare":
        return CloudflarePurger(zone_id=settings.CLOUDFLARE_ZONE_ID, token=settings.CLOUDFLARE_API_TOKEN,
                                api_url=settings.CLOUDFLARE_API_URL, timeout=timeout)  # fmt: skip
    return None


# The queue


def enqueue(keys):
    """Queues page keys forgotten by a commit for purging at the proxy, and wakes this process's purger."""
    if not keys or proxy.provider() is None:
        return
    try:
        PendingPurge.objects.create(keys=sorted(proxy.purge_keys(keys)), not_before=timezone.now())
    except DatabaseError:
        # The commit went through a moment ago; a database gone since leaves nowhere to keep the keys.
        logger.exception("Could not queue a proxy purge of %d keys: pages may stay old until they expire", len(keys))
        return
    wake_worker()


def backoff(attempts):
    return timedelta(seconds=min(LAST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempts - 1)))


def _claim(now):
    token = uuid.uuid4()
    due = PendingPurge.objects.filter(not_before__lte=now).order_by("pk").values_list("pk", flat=True)
    due = list(due[:ROWS_PER_BATCH])
    # Conditional, so of two purgers racing for a row only one gets it.
    PendingPurge.objects.filter(pk__in=due, not_before__lte=now).update(
        claim=token, not_before=now + timedelta(seconds=CLAIM_SECONDS)
    )
    return token, list(PendingPurge.objects.filter(claim=token))


def drain(purger=None):
    """Sends every purge that is due, batch by batch; stops at the first failure. Returns (sent, failed) rows."""
    purger = purger or configured_purger()
    sent = 0
    while purger is not None:
        now = timezone.now()
        token, rows = _claim(now)
        if not rows:
            break
        try:
            purger.purge(set().union(*(row.keys for row in rows)))
        except PurgeFailed as error:
            attempt = max(row.attempts for row in rows) + 1
            PendingPurge.objects.filter(claim=token).update(
                claim=None, attempts=F("attempts") + 1, not_before=now + backoff(attempt), last_error=str(error)[:1000]
            )
            logger.warning("Proxy purge failed (attempt %d, retried in %s): %s", attempt, backoff(attempt), error)
            return sent, len(rows)
        PendingPurge.objects.filter(claim=token).delete()
        sent += len(rows)
    return sent, 0


def seconds_until_due():
    """Seconds until the next queued purge may be sent; None when nothing is queued."""
    first = PendingPurge.objects.aggregate(first=Min("not_before"))["first"]
    if first is None:
        return None
    return max(0.0, (first - timezone.now()).total_seconds())


# The worker thread


class PurgeWorker(threading.Thread):
    """Drains the queue whenever woken, and again when a back-off ends."""

    def __init__(self):
        super().__init__(name="proxy-purge", daemon=True)
        self.wake = threading.Event()
        self.stopping = False
        self.pid = os.getpid()

    def run(self):
        while not self.stopping:
            self.wake.clear()
            wait = self.drain_once()
            self.wake.wait(timeout=wait)

    def stop(self):
        """Lets a purge in progress finish (it holds claimed rows), then ends the thread."""
        self.stopping = True
        self.wake.set()
        self.join(timeout=settings.PROXY_PURGE_TIMEOUT_SECONDS * 3)

    def drain_once(self):
        try:
            drain()
            due = seconds_until_due()
            return IDLE_SECONDS if due is None else min(due, IDLE_SECONDS)
        except Exception:  # whatever it was, the thread must live on to purge later
            logger.exception("Proxy purges failed unexpectedly; trying again in %ss", LAST_RETRY_SECONDS)
            return LAST_RETRY_SECONDS
        finally:
            # Idle between purges: no connection held open for nothing. Closing never
            # connects (close_old_connections would ask a dropped connection its state).
            connections.close_all()


_worker = None
_worker_lock = threading.Lock()


def wake_worker():
    """Starts this process's purge thread if needed (again after a fork) and wakes it."""
    global _worker  # noqa: PLW0603  (one thread per process)
    if not settings.PROXY_PURGE_IN_PROCESS or proxy.provider() is None:
        return
    with _worker_lock:
        if _worker is None or _worker.pid != os.getpid() or not _worker.is_alive():
            if _worker is None:
                atexit.register(drain_at_exit)
            _worker = PurgeWorker()
            _worker.start()
    _worker.wake.set()


def drain_at_exit():
    """A management command that changed content may end before its thread purged: send what is due first."""
    if _worker is not None and _worker.pid == os.getpid() and _worker.is_alive():
        _worker.stop()
    try:
        drain()
    except (DatabaseError, PurgeFailed):
        logger.warning("Proxy purges left queued at exit: the app servers or `manage.py purge_proxy` send them")
