"""The failed-lookup limiter: a sliding window per key, bounded memory."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.orders import FailureLimiter
from app.orders.ownership import MAX_TRACKED_KEYS
from tests.orders.conftest import NOW


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def test_the_fifth_failure_locks_until_the_first_leaves_the_window() -> None:
    clock = Clock()
    limiter = FailureLimiter(max_failures=5, window=timedelta(minutes=10), clock=clock)
    for minute in range(5):
        assert limiter.retry_after(["a"]) is None
        clock.now = NOW + timedelta(minutes=minute)
        limiter.record_failure(["a"])
    assert limiter.retry_after(["a"]) == timedelta(minutes=6)
    assert limiter.retry_after(["b"]) is None
    clock.now = NOW + timedelta(minutes=10)
    assert limiter.retry_after(["a"]) is None


def test_quiet_keys_are_forgotten_once_many_are_tracked() -> None:
    clock = Clock()
    limiter = FailureLimiter(max_failures=5, window=timedelta(minutes=10), clock=clock)
    for n in range(MAX_TRACKED_KEYS):
        limiter.record_failure([f"old-{n}"])
    clock.now = NOW + timedelta(minutes=11)
    limiter.record_failure(["new"])
    assert limiter.tracked_keys == 1
