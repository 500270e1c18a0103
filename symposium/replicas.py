"""Public pages read a database replica, when one is configured; everything else reads the primary.

A replica lags its primary by up to a few seconds, so only what may be a
moment old reads it: a reader's GET of a public page. Writes, the admin,
anyone with a session (staff), management commands and services read and
write the primary. Whoever has just written (any POST, PUT, PATCH, DELETE) gets
a cookie that keeps their reads on the primary for REPLICA_LAG_SECONDS, so they
see their own change on the next page, whatever the lag.

Django's router API rather than django-multidb-router, whose reads go to the
replica by default, in commands and background work too, and are pinned per
thread rather than per request.
"""

import contextvars
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "primary_reads"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A replica that did not answer is left alone this long by this process: its readers use the primary.
REPLICA_RETRY_SECONDS = 5

_replica_down_until = 0.0

_replica_reads = contextvars.ContextVar("replica_reads", default=False)


def replica_configured():
    return REPLICA in connections


def reads_replica():
    """Whether this request's reads go to the replica, and so may be up to REPLICA_LAG_SECONDS old."""
    return _replica_reads.get()


def read_connection():
    """The connection this request's reads go to, for raw SQL beside the ORM's routed queries."""
    return connections[REPLICA if reads_replica() else DEFAULT_DB_ALIAS]


def data_age_seconds():
    """How old the data this request reads may be: a page rendered now shows the site as it was this long ago."""
    return settings.REPLICA_LAG_SECONDS if reads_replica() else 0


class PrimaryReplicaRouter:
    """Reads go to the replica only inside a request that ReplicaReadsMiddleware let read it."""

    def db_for_read(self, model, **hints):
        return REPLICA if _replica_reads.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied: rows read from either may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's schema


class ReplicaReadsMiddleware:
    """Decides per request where reads go, and pins a writer's next reads to the primary with a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        token = _replica_reads.set(may_read_replica(request) and replica_answers())
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_LAG_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def may_read_replica(request):
    return (
        request.method in SAFE_METHODS
        and PIN_COOKIE not in request.COOKIES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.lstrip("/").startswith(settings.ADMIN_PATH)
    )


def replica_answers():
    """Whether the replica can be read now: one that is down sends its readers to the primary, not to an error."""
    global _replica_down_until  # noqa: PLW0603  (this process's memory of a failure, like the cache's)
    if time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("The database replica does not answer: reading the primary for %s s.", REPLICA_RETRY_SECONDS)
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    return True
