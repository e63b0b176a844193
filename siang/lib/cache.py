"""The shared cache, which an outage of Redis cannot turn into an error page.

Everything the site keeps in the cache can be done without it: a page rendered again, a count
kept in the database instead (the citizen form's rate limits, siang.feedback.integrity). So when
Redis cannot be reached, reads miss and writes are dropped, and the request goes on. After a
failure this process leaves Redis alone for RETRY_SECONDS: a dead Redis costs one short timeout
(the socket timeouts in settings.CACHES), not one per cache call of every request.

`/healthz` still reports the outage: what it writes is not read back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# When each Redis (by its address) may be tried again; shared by the threads of a process.
_down_until: dict[str, float] = {}

T = TypeVar("T")


def redis_available(location: str) -> bool:
    return time.monotonic() >= _down_until.get(location, 0.0)


def redis_failed(location: str, error: Exception) -> None:
    """Remember that Redis at `location` could not be reached; log once per outage."""
    if redis_available(location):
        logger.warning("Redis at %s unreachable for %.0f s: %s", location, RETRY_SECONDS, error)
    _down_until[location] = time.monotonic() + RETRY_SECONDS


class ResilientRedisCache(RedisCache):
    """Django's Redis cache; while Redis is unreachable, a cache that remembers nothing."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.location = server

    def available(self) -> bool:
        return redis_available(self.location)

    def failed(self, error: Exception) -> None:
        redis_failed(self.location, error)

    def _or(self, fallback: T, call: Callable[[], T]) -> T:
        if not self.available():
            return fallback
        try:
            return call()
        except UNREACHABLE as error:
            self.failed(error)
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._or(default, lambda: RedisCache.get(self, key, default, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._or({}, lambda: RedisCache.get_many(self, keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, lambda: RedisCache.has_key(self, key, version))

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._or(False, lambda: RedisCache.add(self, key, value, timeout, version))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._or(None, lambda: RedisCache.set(self, key, value, timeout, version))

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._or(list(data), lambda: RedisCache.set_many(self, data, timeout, version))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._or(False, lambda: RedisCache.touch(self, key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, lambda: RedisCache.delete(self, key, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._or(None, lambda: RedisCache.delete_many(self, keys, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """As for a missing key (ValueError) while Redis is unreachable: the caller counts from 1."""
        if not self.available():
            raise ValueError("the cache is unreachable")
        try:
            return RedisCache.incr(self, key, delta, version)
        except UNREACHABLE as error:
            self.failed(error)
            raise ValueError("the cache is unreachable") from error
