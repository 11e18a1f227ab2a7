"""A shopper sees only their own orders.

* A signed-in shopper (``Turn.customer_ref`` ``member:<id>``) owns the orders placed under
  that ref.
* Anyone else names an order by its number AND the last 4 digits of the order's phone.
  (A signed-in shopper cannot reach another account's order that way: the account is
  who they are.)

A wrong pair, another shopper's order and an unknown number all raise the same
:class:`OrderNotFound`, so order numbers cannot be enumerated; repeated failures lock the
lookup for the conversation and the customer (:class:`LookupLocked`). Verified orders are
remembered in the turn memory, so the shopper is not asked twice.
"""

from __future__ import annotations

import hmac
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from app.bot import Turn
from app.orders.domain import Order
from app.orders.errors import OrderNotFound
from app.orders.system import OrderSystem

VERIFIED_KEY = "verified_orders"
MAX_REMEMBERED = 20
MAX_TRACKED_KEYS = 10_000


class LookupLocked(Exception):
    """Too many failed lookups: try again after ``retry_after``."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"locked for {retry_after}")
        self.retry_after = retry_after


class FailureLimiter:
    """At most ``max_failures`` failed lookups per key in a sliding ``window``.

    In-process: with several workers, conversations are pinned to one worker (see
    ``docs/architecture.md``); a shared limiter would move to Redis.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window: timedelta = timedelta(minutes=10),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[datetime]] = {}

    @property
    def tracked_keys(self) -> int:
        return len(self._failures)

    def _recent(self, key: str) -> deque[datetime]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        cutoff = self._clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, keys: list[str]) -> timedelta | None:
        """How long until the most locked of ``keys`` may try again; None when free."""
        waits = []
        for key in keys:
            times = self._recent(key)
            if len(times) >= self.max_failures:
                waits.append(times[-self.max_failures] + self.window - self._clock())
        return max(waits) if waits else None

    def record_failure(self, keys: list[str]) -> None:
        now = self._clock()
        if len(self._failures) >= MAX_TRACKED_KEYS:
            self._forget_quiet_keys(now)
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)

    def _forget_quiet_keys(self, now: datetime) -> None:
        """Keep memory bounded: drop keys with no failure inside the window."""
        cutoff = now - self.window
        for key in [k for k, times in self._failures.items() if times[-1] <= cutoff]:
            del self._failures[key]


def owner_ref(turn: Turn) -> str | None:
    """The customer a signed-in shopper is; None for an anonymous visitor."""
    ref = turn.customer_ref
    if turn.signed_in and ref and ref.startswith("member:"):
        return ref
    return None


def verified_orders(turn: Turn) -> list[str]:
    return list(turn.memory.get(VERIFIED_KEY, []))


def remember(turn: Turn, order_no: str) -> None:
    known = [o for o in verified_orders(turn) if o != order_no]
    turn.memory[VERIFIED_KEY] = [*known, order_no][-MAX_REMEMBERED:]


class OwnershipGuard:
    def __init__(self, orders: OrderSystem, limiter: FailureLimiter) -> None:
        self._orders = orders
        self._limiter = limiter

    @staticmethod
    def needs_phone(turn: Turn, order_no: str) -> bool:
        """Whether this shopper must still give the phone's last 4 digits for the order."""
        return owner_ref(turn) is None and order_no not in verified_orders(turn)

    async def open(self, turn: Turn, order_no: str, phone_last4: str | None = None) -> Order:
        """The order if this shopper may see it, else :class:`OrderNotFound`.

        Raises :class:`LookupLocked` after too many failures, and lets
        :class:`OrderSystemUnavailable` through (that is not the shopper's failure).
        """
        keys = _keys(turn)
        if order_no not in verified_orders(turn):
            wait = self._limiter.retry_after(keys)
            if wait is not None:
                raise LookupLocked(wait)
        try:
            order = await self._orders.get_order(order_no)
        except OrderNotFound:
            order = None
        if order is not None and _may_see(turn, order, phone_last4):
            remember(turn, order.order_no)
            return order
        self._limiter.record_failure(keys)
        raise OrderNotFound(order_no)

    async def own_orders(self, turn: Turn, limit: int = 5) -> list[Order]:
        """A signed-in shopper's recent orders; nothing for a visitor."""
        ref = owner_ref(turn)
        return [] if ref is None else await self._orders.list_orders(ref, limit)


def _may_see(turn: Turn, order: Order, phone_last4: str | None) -> bool:
    if order.order_no in verified_orders(turn):
        return True
    ref = owner_ref(turn)
    if ref is not None:  # a signed-in shopper sees their account's orders, no others
        return hmac.compare_digest(order.customer_ref.encode(), ref.encode())
    if phone_last4 is None or len(order.phone) < 4:
        return False
    return hmac.compare_digest(order.phone_last4, phone_last4)


def _keys(turn: Turn) -> list[str]:
    return [
        f"conversation:{turn.conversation_id}",
        f"customer:{turn.customer_ref or turn.customer_id}",
    ]
