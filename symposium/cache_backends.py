"""Cache backends that fail open: a cache that is down is a slower site, never a broken one.

Every call to the cache server is bounded by short timeouts (settings), and a
failure is logged and answered as a miss (reads) or ignored (writes). After a
failure the backend leaves the server alone for `RETRY_SECONDS`, so a hung or
dead server costs one request a few hundred milliseconds, not every request.
"""

import logging
import os
import shutil
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache server that is down, hung or out of disk raises.
OUTAGE_ERRORS = (RedisError, OSError)
RETRY_SECONDS = 5.0


class CacheUnavailable(Exception):
    """Raised by `probe()` when the cache does not answer."""


class FailOpenMixin:
    # Per process and server: every alias and thread using it sees the same outage.
    _down_until = {}
    # Called once when a server that failed answers again (symposium.cache replays forgetting).
    on_recovery = []

    def _fail_open(self, method, default, *args, **kwargs):
        down_until = self._down_until.get(self._outage_key)
        if down_until is not None and time.monotonic() < down_until:
            return default
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._down_until[self._outage_key] = time.monotonic() + RETRY_SECONDS
            logger.warning("Cache %s unavailable (%s): serving without it for %ss", self._outage_key, error,
                           RETRY_SECONDS)  # fmt: skip
            return default
        if down_until is not None:
            self._recovered()
        return result

    def _recovered(self):
        self._down_until.pop(self._outage_key, None)
        for callback in self.on_recovery:
            callback()

    @property
    def _outage_key(self):
        return str(getattr(self, "_dir", None) or getattr(self, "_servers", None) or "local memory")

    def is_down(self):
        """True while this process is leaving a failed cache alone."""
        return time.monotonic() < self._down_until.get(self._outage_key, 0)

    def probe(self):
        """Ask the server directly, ignoring the back-off; raises CacheUnavailable."""
        try:
            super().set("healthz:probe", 1, 10)
            answer = super().get("healthz:probe")
        except OUTAGE_ERRORS as error:
            raise CacheUnavailable(str(error)) from error
        if answer != 1:
            raise CacheUnavailable("the cache did not keep a value")
        if self._outage_key in self._down_until:
            self._recovered()

    def validate_key(self, key):
        """No per-character check: it only warns about keys memcached would refuse.

        A listing page checks a hundred keys or more on every hit, and the check was
        half the CPU of reading them.
        """

    def get(self, key, default=None, version=None):
        return self._fail_open("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._fail_open("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._fail_open("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._fail_open("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._fail_open("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as Django's contract says.
        return self._fail_open("incr", None, key, delta, version)

    def clear(self):
        return self._fail_open("clear", None)


class KeptClientRedisCacheClient(RedisCacheClient):
    """One redis.Redis per connection pool, made once.

    Django's client builds a new redis.Redis for every call, and building one
    costs about as much CPU as the GET itself (redis-py fills its table of
    reply callbacks each time): two of them per page served from the cache.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(FailOpenMixin, RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient


class FailOpenFileBasedCache(FailOpenMixin, FileBasedCache):
    """Django's file cache, shared by every worker, with two changes that a page cache needs.

    Culling deletes entries at random: keys starting with one of the `KEPT_PREFIXES`
    option's prefixes (when each page key was last forgotten) live in a subfolder that
    culling never sees, since losing one would bring back every page it made stale.
    And Django counts the folder on every write to decide whether to cull, which costs
    more than the write once it holds thousands of pages: here the count is taken at most
    every `CULL_CHECK_SECONDS` per process, so the folder may pass MAX_ENTRIES by what
    a process writes in that time.
    """

    KEPT_FOLDER = "kept"

    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS", {}))
        self._kept_prefixes = tuple(options.pop("KEPT_PREFIXES", ()))
        self._cull_check_seconds = float(options.pop("CULL_CHECK_SECONDS", 5))
        self._next_cull_check = 0.0
        super().__init__(dir, {**params, "OPTIONS": options})

    def _key_to_file(self, key, version=None):
        path = super()._key_to_file(key, version)
        if key.startswith(self._kept_prefixes):
            return os.path.join(self._dir, self.KEPT_FOLDER, os.path.basename(path))
        return path

    def _createdir(self):
        super()._createdir()
        os.makedirs(os.path.join(self._dir, self.KEPT_FOLDER), mode=0o700, exist_ok=True)

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull_check:
            return
        self._next_cull_check = now + self._cull_check_seconds
        super()._cull()

    def clear(self):
        super().clear()
        shutil.rmtree(os.path.join(self._dir, self.KEPT_FOLDER), ignore_errors=True)


class FailOpenLocMemCache(FailOpenMixin, LocMemCache):
    pass
