"""Per-key rate limits: in memory and in the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import os
import uuid

import pytest

from fraudguard.api.ratelimit import WINDOW, Limiter, MemoryLimiter, RedisLimiter
from fraudguard.errors import RateLimited

REDIS_URL = os.environ.get("FRAUDGUARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _redis(clock: Clock) -> RedisLimiter:
    limiter = RedisLimiter(REDIS_URL, clock=clock)
    try:
        limiter._redis.ping()
    except Exception as exc:  # the server is part of the test set-up, like PostgreSQL
        message = f"Redis not reachable at {REDIS_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return limiter


@pytest.fixture(params=["memory", "redis"])
def make(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    def build(clock: Clock) -> Limiter:
        return MemoryLimiter(clock) if request.param == "memory" else _redis(clock)

    return build


def test_allows_the_rate_then_refuses_with_retry_after(make) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(1_000 * WINDOW + 15)
    limiter = make(clock)
    key = uuid.uuid4().hex
    for _ in range(5):
        limiter.hit(key, 5)
    with pytest.raises(RateLimited) as exc:
        limiter.hit(key, 5)
    assert exc.value.status == 429
    assert exc.value.retry_after == WINDOW - 15
    assert "5 requests per minute" in exc.value.message


def test_a_new_minute_starts_afresh(make) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(2_000 * WINDOW + 59)
    limiter = make(clock)
    key = uuid.uuid4().hex
    for _ in range(3):
        limiter.hit(key, 3)
    with pytest.raises(RateLimited):
        limiter.hit(key, 3)
    clock.t += 1
    limiter.hit(key, 3)


def test_keys_are_counted_apart_and_cost_counts(make) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(3_000 * WINDOW)
    limiter = make(clock)
    a, b = uuid.uuid4().hex, uuid.uuid4().hex
    limiter.hit(a, 10, cost=10)
    limiter.hit(b, 10, cost=4)
    with pytest.raises(RateLimited):
        limiter.hit(a, 10)
    with pytest.raises(RateLimited):  # a batch larger than what is left is refused whole
        limiter.hit(b, 10, cost=7)
    limiter.hit(b, 10, cost=6)  # what was refused used nothing
