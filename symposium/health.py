"""What /healthz reports: the database (and its replica), and the cache, each answered within a bound.

A load balancer keeps a server whose cache is down (pages are rendered
without it) and drops one whose database is down or hung.
"""

import threading

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections

from symposium.cache_backends import CacheUnavailable

DATABASE_WAIT_SECONDS = 0.8


def database_status(alias=DEFAULT_DB_ALIAS):
    """ "ok", "unreachable" or "timeout", in at most DATABASE_WAIT_SECONDS.

    The probe runs in its own thread, on its own connection, so a hung server
    (accepting connections, never answering) cannot hold the request; that
    thread ends when the connection times out (DB_CONNECT_TIMEOUT).
    """
    outcome = {}

    def probe():
        # In the probe's thread, each is that thread's own connection.
        database = connection if alias == DEFAULT_DB_ALIAS else connections[alias]
        try:
            with database.cursor() as cursor:
                cursor.execute("SELECT 1")
            outcome["status"] = "ok"
        except Exception:  # noqa: BLE001  (any failure means unreachable)
            outcome["status"] = "unreachable"
        finally:
            database.close()

    thread = threading.Thread(target=probe, name="healthz-database", daemon=True)
    thread.start()
    thread.join(DATABASE_WAIT_SECONDS)
    return outcome.get("status", "timeout")


def cache_status():
    """ "ok" or "unavailable"; bounded by the cache's own socket timeouts."""
    statuses = set()
    for alias in ("default", "pages"):
        try:
            caches[alias].probe()
        except CacheUnavailable:
            statuses.add("unavailable")
    return "unavailable" if statuses else "ok"
