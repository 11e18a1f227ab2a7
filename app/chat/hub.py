"""Fan-out of frames between the connections of one conversation.

``Hub`` is the seam a multi-worker deployment replaces (Redis pub/sub: each worker
publishes to a channel per topic and delivers to its own local subscribers);
``InProcessHub`` serves a single process.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


class Subscription(Protocol):
    def cancel(self) -> None: ...


class Hub(Protocol):
    def subscribe(self, topic: str, deliver: Deliver) -> Subscription: ...

    async def publish(self, topic: str, frame: dict[str, Any]) -> None: ...


class _LocalSubscription:
    def __init__(self, hub: InProcessHub, topic: str, deliver: Deliver) -> None:
        self._hub, self._topic, self.deliver = hub, topic, deliver

    def cancel(self) -> None:
        self._hub._remove(self._topic, self)


class InProcessHub:
    def __init__(self) -> None:
        self._topics: dict[str, list[_LocalSubscription]] = {}

    def subscribe(self, topic: str, deliver: Deliver) -> Subscription:
        subscription = _LocalSubscription(self, topic, deliver)
        self._topics.setdefault(topic, []).append(subscription)
        return subscription

    async def publish(self, topic: str, frame: dict[str, Any]) -> None:
        for subscription in tuple(self._topics.get(topic, ())):
            try:
                await subscription.deliver(frame)
            except Exception as error:  # one dead connection must not stop the others
                log.info("hub delivery failed on %s: %s", topic, error.__class__.__name__)

    def subscriber_count(self, topic: str) -> int:
        return len(self._topics.get(topic, ()))

    def _remove(self, topic: str, subscription: _LocalSubscription) -> None:
        subscribers = self._topics.get(topic)
        if subscribers and subscription in subscribers:
            subscribers.remove(subscription)
            if not subscribers:
                del self._topics[topic]
