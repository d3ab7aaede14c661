"""Per-key rate limits: a fixed one-minute window, in memory or shared through Redis.

In memory the count is per worker process (with `--workers N` a key gets up to N × its rate);
set FRAUDGUARD_REDIS_URL to share one count across workers and hosts.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

from fraudguard.errors import RateLimited

WINDOW = 60  # seconds


class Limiter(Protocol):
    def hit(self, key: str, rate: int, cost: int = 1) -> None:
        """Count `cost` requests for `key`; RateLimited when the minute's `rate` is used up."""


def _refuse(rate: int, retry_after: float) -> RateLimited:
    return RateLimited(
        f"rate limit of {rate} requests per minute reached for this key; "
        f"retry in {math.ceil(retry_after)} s",
        retry_after=max(1, math.ceil(retry_after)),
    )


class MemoryLimiter:
    """Counts in this process; old windows are dropped as time moves on."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    def hit(self, key: str, rate: int, cost: int = 1) -> None:
        now = self._clock()
        window = int(now // WINDOW)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            used = self._counts.get(key, 0)
            if used + cost > rate:
                raise _refuse(rate, (window + 1) * WINDOW - now)
            self._counts[key] = used + cost


class RedisLimiter:
    """One count per key and minute in Redis (INCRBY + EXPIRE in one round trip)."""

    def __init__(self, url: str, clock: Callable[[], float] = time.time) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._clock = clock

    def hit(self, key: str, rate: int, cost: int = 1) -> None:
        now = self._clock()
        window = int(now // WINDOW)
        name = f"fraudguard:rate:{key}:{window}"
        pipe = self._redis.pipeline()
        pipe.incrby(name, cost)
        pipe.expire(name, WINDOW * 2)
        used = int(pipe.execute()[0])
        if used > rate:
            self._redis.decrby(name, cost)  # a refused request uses nothing, as in memory
            raise _refuse(rate, (window + 1) * WINDOW - now)


def make_limiter(redis_url: str) -> Limiter:
    """Redis when a URL is configured, else this process's memory."""
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()
