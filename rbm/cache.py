"""The cache, and how the site goes on without it.

Nothing the site stores in its cache is needed to answer a request: the counts cache is an
optimisation and the API throttles are a guard. So when Redis cannot be reached the cache behaves as
an empty one that forgets what it is given: reads miss, writes are dropped, requests are served from
the database and the throttles let requests through (fail open) until Redis is back. After a failure
the cache is not asked again for `RETRY_AFTER` seconds, so an outage costs one connection time-out,
not one per cache call.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Shared by every thread's cache object (Django keeps one per thread): an outage seen by one thread
# spares the others the time-out. Keyed by the cache's servers.
_down_until: dict[tuple[str, ...], float] = {}
_down_lock = threading.Lock()


def caches_from_url(url: str, *, connect_timeout: float = 0.5, timeout: float = 1.0, retry_after: float = 30.0) -> dict:
    """The CACHES setting for CACHE_URL: Redis that degrades to no cache, or a process-local cache."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "default": {
                "BACKEND": "rbm.cache.DegradingRedisCache",
                "LOCATION": url,
                "OPTIONS": {
                    "socket_connect_timeout": connect_timeout,
                    "socket_timeout": timeout,
                    "retry_on_timeout": False,
                    "RETRY_AFTER": retry_after,
                },
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


class DegradingRedisCache(RedisCache):
    """Django's Redis cache that answers as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 30.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._servers_key = tuple(self._servers)

    @property
    def is_down(self) -> bool:
        """True while a recent failure says Redis is unreachable (the cache is not asked meanwhile)."""
        return _down_until.get(self._servers_key, 0.0) > time.monotonic()

    def reachable(self) -> bool:
        """Whether Redis answers a ping now (for /health/); does not wait for the retry delay."""
        try:
            return bool(self._cache.get_client(None, write=True).ping())
        except (*UNREACHABLE, RedisError):
            return False

    def _attempt(self, call, fallback: Any) -> Any:
        if self.is_down:
            return fallback
        try:
            result = call()
        except UNREACHABLE as error:
            with _down_lock:
                was_up = _down_until.get(self._servers_key) is None
                _down_until[self._servers_key] = time.monotonic() + self.retry_after
            if was_up:
                logger.warning(
                    "Cache unreachable (%s); serving without it, asking again every %.0f s", error, self.retry_after
                )
            return fallback
        except RedisError as error:
            logger.warning("Cache error (%s); answered as a miss", error)
            return fallback
        if _down_until.get(self._servers_key) is not None:
            with _down_lock:
                if _down_until.pop(self._servers_key, None) is not None:
                    logger.warning("Cache reachable again")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(lambda: super(DegradingRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        # Down, a counter starts from nothing each time: a rate limit counting with it lets requests through.
        return self._attempt(lambda: super(DegradingRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(DegradingRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        self._attempt(lambda: super(DegradingRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._attempt(lambda: super(DegradingRedisCache, self).clear(), False)
